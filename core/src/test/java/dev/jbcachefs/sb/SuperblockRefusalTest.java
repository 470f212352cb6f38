package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reader refuses (newer versions, unknown incompatible features) and how it survives bad copies. */
class SuperblockRefusalTest {
    static final long[] COPIES = {8, 2056, 129024};

    static Superblock read(Path img) {
        try (var dev = FileBlockDevice.openReadOnly(img)) {
            return Superblock.read(dev);
        }
    }

    @Test
    void rechecksummedCopyStillReads(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        for (long s : COPIES) SbImagePatcher.patch(img, s, b -> { });
        assertThat(read(img).seq()).isEqualTo(34);
    }

    @Test
    void newerVersionIsRefusedNamingIt(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        for (long s : COPIES) SbImagePatcher.patch(img, s, b -> Le.put16(b, 16, (1 << 10) | 37));
        assertThatThrownBy(() -> read(img)).isInstanceOf(BcachefsException.class)
                .satisfies(e -> assertThat(((BcachefsException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("(1.37)").hasMessageContaining("newer than").hasMessageContaining("(1.36)");
    }

    @Test
    void unknownIncompatibleFeatureIsRefusedNamingTheBit(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        for (long s : COPIES) SbImagePatcher.patch(img, s, b -> Le.put64(b, 208, Le.u64(b, 208) | (1L << 23)));
        assertThatThrownBy(() -> read(img)).isInstanceOf(BcachefsException.class)
                .hasMessageContaining("unknown incompatible feature bit 23");
    }

    @Test
    void corruptPrimaryFallsBackToTheNextCopy(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        byte[] sb = SbImagePatcher.read(img, 8);
        sb[800] ^= 1;
        SbImagePatcher.write(img, 8, sb, false);
        Superblock got = read(img);
        assertThat(got.offset()).isEqualTo(2056);
        assertThat(got.seq()).isEqualTo(34);
    }

    @Test
    void highestValidSeqWins(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        SbImagePatcher.patch(img, 129024, b -> Le.put64(b, 112, 35));
        Superblock got = read(img);
        assertThat(got.offset()).isEqualTo(129024);
        assertThat(got.seq()).isEqualTo(35);
    }

    @Test
    void allCopiesCorruptIsOneLineNamingEachCopy(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        for (long s : COPIES) {
            byte[] sb = SbImagePatcher.read(img, s);
            sb[900] ^= 0x40;
            SbImagePatcher.write(img, s, sb, false);
        }
        assertThatThrownBy(() -> read(img)).isInstanceOf(BcachefsException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .hasMessageContaining("sector 8").hasMessageContaining("sector 2056").hasMessageContaining("sector 129024")
                .hasMessageContaining("checksum");
    }
}
