package dev.jbcachefs.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.sb.SbFlag;
import dev.jbcachefs.sb.SbModel;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.util.EnumMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Format's option fields, plus what the first mount sets (initialized, clean, sb csum, upgrade complete,
 * incompat in use, multi_device), give exactly the fixtures' seven flags words.
 */
class FormatSbOptionsTest {
    static final int V1_36 = (1 << 10) | 36, V1_33 = (1 << 10) | 33;

    void check(String image, Consumer<EnumMap<SbFlag, Long>> opts, int incompatInUse) {
        var dev0 = Fixtures.devices(image).getFirst();
        int nr = Fixtures.devices(image).size();
        long[] sizes = new long[nr];
        for (int i = 0; i < nr; i++) sizes[i] = Fixtures.devices(image).get(i).toFile().length();
        FormatGeometry g = FormatGeometry.compute(sizes, FormatGeometry.Params.defaults());
        EnumMap<SbFlag, Long> o = FormatSbOptions.defaults(g, V1_36);
        opts.accept(o);
        SbModel m = new SbModel();
        FormatSbOptions.apply(m, o);
        m.set(SbFlag.INITIALIZED, 1).set(SbFlag.CLEAN, 1)
                .set(SbFlag.CSUM_TYPE, FormatSbOptions.sbCsumType(o.get(SbFlag.META_CSUM_TYPE).intValue()))
                .set(SbFlag.VERSION_UPGRADE_COMPLETE, V1_36).set(SbFlag.VERSION_INCOMPAT, incompatInUse);
        if (nr > 1) m.set(SbFlag.MULTI_DEVICE, 1);
        try (var dev = FileBlockDevice.openReadOnly(dev0)) {
            Superblock sb = Superblock.read(dev);
            for (int i = 0; i < 7; i++) {
                assertThat(Long.toHexString(m.flags[i])).as(image + " flags[" + i + "]").isEqualTo(Long.toHexString(sb.flags(i)));
            }
        }
    }

    @Test
    void defaultImage() {
        check("default", o -> {}, V1_33);
    }

    @Test
    void crc64() {
        check("crc64", o -> {
            o.put(SbFlag.META_CSUM_TYPE, (long) FormatSbOptions.CSUM_OPT_CRC64);
            o.put(SbFlag.DATA_CSUM_TYPE, (long) FormatSbOptions.CSUM_OPT_CRC64);
        }, V1_33);
    }

    @Test
    void compression() {
        check("lz4", o -> FormatSbOptions.compression(o, false, FormatSbOptions.COMPRESSION_LZ4, 0), V1_33);
        check("gzip", o -> FormatSbOptions.compression(o, false, FormatSbOptions.COMPRESSION_GZIP, 0), V1_33);
        check("zstd", o -> FormatSbOptions.compression(o, false, FormatSbOptions.COMPRESSION_ZSTD, 0), V1_33);
    }

    @Test
    void replicas2() {
        check("replicas2", o -> FormatSbOptions.replicas(o, 2), V1_36);
    }

    @Test
    void encrypted() {
        check("encrypted", o -> o.put(SbFlag.ENCRYPTION_TYPE, 1L), V1_33);
    }

    @Test
    void newMemberMatchesFixtureFlags() {
        FormatGeometry g = FormatGeometry.compute(new long[] {64L << 20}, FormatGeometry.Params.defaults());
        var m = FormatSbOptions.member(new java.util.UUID(1, 2), g.devices().getFirst(), true);
        m.freespaceInitialized(true); // set by the first mount
        assertThat(Long.toHexString(m.flags)).isEqualTo("3600e4000");
        assertThat(m.bucketSize).isEqualTo(128);
        assertThat(m.nbuckets).isEqualTo(1024);
    }
}
