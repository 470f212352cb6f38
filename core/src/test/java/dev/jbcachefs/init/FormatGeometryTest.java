package dev.jbcachefs.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.sb.JournalV2;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatGeometryTest {
    static final long MIB = 1 << 20;

    @Test
    void reproducesEveryFixtureDevicesGeometry() {
        for (String img : Fixtures.IMAGES) {
            List<Path> devs = Fixtures.devices(img);
            long[] sizes = new long[devs.size()];
            for (int i = 0; i < sizes.length; i++) sizes[i] = devs.get(i).toFile().length();
            FormatGeometry g = FormatGeometry.compute(sizes, FormatGeometry.Params.defaults());
            for (int i = 0; i < sizes.length; i++) {
                try (var dev = FileBlockDevice.openReadOnly(devs.get(i))) {
                    Superblock sb = Superblock.read(dev);
                    FormatGeometry.Device d = g.devices().get(i);
                    var m = sb.members().get(sb.devIdx());
                    assertThat(g.blockSize()).as(img).isEqualTo(sb.blockSize() * 512);
                    assertThat(g.btreeNodeSize()).as(img).isEqualTo(sb.btreeNodeSize() * 512);
                    assertThat(g.encodedExtentMax()).isEqualTo(512 << sb.encodedExtentMaxBits());
                    assertThat(d.bucketSectors()).as(img).isEqualTo(m.bucketSize());
                    assertThat(d.nbuckets()).as(img).isEqualTo(m.nbuckets());
                    assertThat(d.firstBucket()).isEqualTo(m.firstBucket());
                    assertThat(d.layout()).as(img).isEqualTo(sb.layout());
                    assertThat(d.layout()).isEqualTo(sb.embeddedLayout());
                    // journal_v2: one range 33 + 8
                    long[] jb = d.journalBuckets();
                    List<JournalV2.Range> want = sb.journalBuckets();
                    assertThat(want).hasSize(1);
                    assertThat(jb.length).isEqualTo(want.getFirst().nr());
                    assertThat(jb[0]).isEqualTo(want.getFirst().start());
                }
            }
        }
    }

    @Test
    void sixtyFourMiBFacts() {
        FormatGeometry g = FormatGeometry.compute(new long[] {64 * MIB}, FormatGeometry.Params.defaults());
        FormatGeometry.Device d = g.devices().getFirst();
        assertThat(g.blockSize()).isEqualTo(4096);
        assertThat(g.btreeNodeSize()).isEqualTo(64 << 10);
        assertThat(d.bucketSize()).isEqualTo(64 << 10);
        assertThat(d.nbuckets()).isEqualTo(1024);
        assertThat(d.layout().sbOffsets()).containsExactly(8L, 2056L, 129024L);
        assertThat(d.layout().sbMaxSizeBits()).isEqualTo(11);
        assertThat(d.journalBuckets()).containsExactly(33, 34, 35, 36, 37, 38, 39, 40);
        // superblock sectors per bucket, as the fixture's alloc btree has them (dirty_sectors of data_type sb)
        assertThat(d.superblockSectors(0)).isEqualTo(128);
        assertThat(d.superblockSectors(31)).isEqualTo(128);
        assertThat(d.superblockSectors(32)).isEqualTo(8);
        assertThat(d.superblockSectors(33)).isZero();
        assertThat(d.superblockSectors(1007)).isZero();
        assertThat(d.superblockSectors(1008)).isEqualTo(128);
        assertThat(d.superblockSectors(1023)).isEqualTo(128);
    }

    @Test
    void oneGiBFollowsTheRules() {
        // derived from the rules (no upstream reference image of this size in the fixtures):
        // bucket = min(1 MiB fs pick, 1 GiB / 2048 = 512 KiB); node = min(256 KiB, bucket); journal = 2048 / 128 = 16
        FormatGeometry g = FormatGeometry.compute(new long[] {1024 * MIB}, FormatGeometry.Params.defaults().withTotalRamBytes(8L << 30));
        FormatGeometry.Device d = g.devices().getFirst();
        assertThat(d.bucketSize()).isEqualTo(512 << 10);
        assertThat(d.nbuckets()).isEqualTo(2048);
        assertThat(g.btreeNodeSize()).isEqualTo(256 << 10);
        assertThat(d.layout().sbOffsets()).containsExactly(8L, 2056L, 2095104L);
        assertThat(d.journalBuckets()).hasSize(16);
        assertThat(d.journalBuckets()[0]).isEqualTo(5); // sb ends at sector 4104, inside bucket 4
    }

    @Test
    void journalClamp() {
        assertThat(FormatGeometry.journalBucketCount(1024, 128)).isEqualTo(8);
        assertThat(FormatGeometry.journalBucketCount(100, 128)).isEqualTo(8);
        assertThat(FormatGeometry.journalBucketCount(1 << 20, 128)).isEqualTo(8192);
        assertThat(FormatGeometry.journalBucketCount(1 << 24, 4096)).isEqualTo(4096); // 8 GiB of 2 MiB buckets
    }

    @Test
    void tooSmallDeviceRefused() {
        assertThatThrownBy(() -> FormatGeometry.compute(new long[] {1 * MIB}, FormatGeometry.Params.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseSizeAsUpstream() {
        assertThat(FormatGeometry.parseSize("64k")).isEqualTo(65536);
        assertThat(FormatGeometry.parseSize("1M")).isEqualTo(1 << 20);
        assertThat(FormatGeometry.parseSize("4096")).isEqualTo(4096);
        assertThat(FormatGeometry.parseSize("1G")).isEqualTo(1L << 30);
        assertThat(FormatGeometry.parseSize("1.5k")).isEqualTo(1536);
        assertThat(FormatGeometry.parseSize("2 M")).isEqualTo(2 << 20);
        assertThat(FormatGeometry.parseSize("4KiB")).isEqualTo(4096);
        assertThat(FormatGeometry.parseSize("8B")).isEqualTo(8);
        assertThat(FormatGeometry.parseSize("512\n")).isEqualTo(512);
        for (String bad : new String[] {"", "k", "1MB", "1MiB", "3kB", "1x", "1 ", "-1", "99999999999999999999", "16E0", "1Y"}) {
            assertThatThrownBy(() -> FormatGeometry.parseSize(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
