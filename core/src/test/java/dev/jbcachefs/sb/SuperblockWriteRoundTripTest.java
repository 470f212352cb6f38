package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** read → typed model → encode reproduces every superblock copy of every fixture device byte for byte. */
class SuperblockWriteRoundTripTest {
    static Stream<Path> devices() {
        List<Path> out = new ArrayList<>();
        for (String img : Fixtures.IMAGES) out.addAll(Fixtures.devices(img));
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("devices")
    void everyCopyRoundTrips(Path image) {
        try (var dev = FileBlockDevice.openReadOnly(image)) {
            Superblock sb = Superblock.read(dev);
            SbModel m = SbModel.from(sb);
            byte[] enc = SuperblockWrite.encode(m, sb.offset());
            assertThat(enc.length).isEqualTo(sb.bytes().length);
            assertThat(firstDiff(enc, sb.bytes())).as("first differing byte").isEqualTo(-1);
            for (long sector : sb.layout().sbOffsets()) {
                Superblock copy = Superblock.readCopy(dev, sector, sb.layout());
                assertThat(Arrays.equals(SuperblockWrite.encode(SbModel.from(copy), sector), copy.bytes()))
                        .as("copy at sector " + sector).isTrue();
            }
            assertThat(SuperblockWrite.layoutBytes(sb.layout())).isEqualTo(dev.read(Superblock.LAYOUT_OFFSET, Superblock.LAYOUT_BYTES));
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void everySectionTypeReencodesItself(Path image) {
        try (var dev = FileBlockDevice.openReadOnly(image)) {
            Superblock sb = Superblock.read(dev);
            for (SbField f : sb.fields()) {
                SbSection s = SbModel.reencode(f, sb);
                byte[] orig = Arrays.copyOfRange(sb.bytes(), f.off(), f.off() + f.len());
                byte[] got = new byte[s.u64s() * 8];
                s.writeTo(got, 0);
                assertThat(got).as(f.knownType() + " at byte " + f.off() + " (u64s " + Le.u32(orig, 0) + ")").isEqualTo(orig);
            }
        }
    }

    static int firstDiff(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) if (a[i] != b[i]) return i;
        return a.length == b.length ? -1 : Math.min(a.length, b.length);
    }
}
