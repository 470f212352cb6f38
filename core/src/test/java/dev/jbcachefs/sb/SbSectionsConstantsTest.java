package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.testkit.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixed sections a fresh 1.36 filesystem carries encode to exactly the fixtures' bytes. */
class SbSectionsConstantsTest {
    static byte[] field(Superblock sb, SbFieldType t) {
        SbField f = sb.field(t);
        return Arrays.copyOfRange(sb.bytes(), f.off(), f.off() + f.len());
    }

    static byte[] encoded(SbSection s) {
        byte[] b = new byte[s.u64s() * 8];
        s.writeTo(b, 0);
        return b;
    }

    @Test
    void fixedSectionsMatchEveryFixture() {
        for (String img : Fixtures.IMAGES) {
            try (var dev = FileBlockDevice.openReadOnly(Fixtures.devices(img).getFirst())) {
                Superblock sb = Superblock.read(dev);
                assertThat(encoded(SbSections.downgrade(SbSections.downgrade136()))).as(img).isEqualTo(field(sb, SbFieldType.DOWNGRADE));
                assertThat(encoded(SbSections.extentTypeU64s(SbSections.EXTENT_TYPE_U64S_1_36))).as(img).isEqualTo(field(sb, SbFieldType.EXTENT_TYPE_U64S));
                assertThat(sb.field(SbFieldType.COUNTERS).bodyLen()).isEqualTo(SbSections.COUNTERS_NR_1_36 * 8);
                if (sb.ext().recoveryPassesRequired().isEmpty()) {
                    assertThat(encoded(SbSections.ext(SbSections.ExtBody.empty()))).as(img).isEqualTo(field(sb, SbFieldType.EXT));
                }
            }
        }
    }

    @Test
    void defaultImageSections() {
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            Superblock sb = Superblock.read(dev);
            assertThat(encoded(SbSections.errors(List.of()))).isEqualTo(field(sb, SbFieldType.ERRORS));
            assertThat(encoded(SbSections.journalV2FromBuckets(new long[] {33, 34, 35, 36, 37, 38, 39, 40}))).isEqualTo(field(sb, SbFieldType.JOURNAL_V2));
            assertThat(encoded(SbSections.replicasV0(List.of(new Replicas.Entry(4, 1, new int[] {0}), new Replicas.Entry(3, 1, new int[] {0})))))
                    .isEqualTo(field(sb, SbFieldType.REPLICAS_V0));
        }
    }
}
