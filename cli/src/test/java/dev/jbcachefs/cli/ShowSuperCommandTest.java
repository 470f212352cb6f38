package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbcachefs show-super} end to end: output text, exit codes, one-line errors. */
class ShowSuperCommandTest {
    record Run(int code, String out, String err) {}

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void allFieldsWithLayoutMatchUpstream() {
        Run r = run("show-super", "-l", "-f", "all", Fixtures.imageFile("default").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(Fixtures.output("default.show-super.txt"));
    }

    @Test
    void defaultFieldsPrintHeaderOptionsExtErrorsAndMembers() {
        Run r = run("show-super", Fixtures.imageFile("default").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("External UUID:                             3d8de641-5194-443a-a145-f39a4628c28e\n")
                .contains("\nerrors (size 8):\n").contains("\next (size 96):\n").contains("Device 0:")
                .doesNotContain("layout:").doesNotContain("clean (size").doesNotContain("counters (size");
    }

    @Test
    void severalDevicesPrintTheFirstOnesSuperblock() {
        var devs = Fixtures.devices("replicas2");
        Run r = run("show-super", "-l", "-f", "all", devs.get(0) + ":" + devs.get(1));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(Fixtures.output("replicas2.show-super.txt"));
    }

    @Test
    void selectedFieldsAndFieldOnly() {
        Run r = run("show-super", "-f", "journal_v2,crypt", Fixtures.imageFile("encrypted").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\ncrypt (size 64):\nKFD:               0\nscrypt n:          14\n")
                .contains("\njournal_v2 (size 24):\nBuckets: ").doesNotContain("Device 0:");
        Run only = run("show-super", "--field-only", "journal_v2", Fixtures.imageFile("default").toString());
        assertThat(only.code()).isZero();
        assertThat(only.out()).isEqualTo("Buckets:  33-41\n");
    }

    @Test
    void jsonHasDecodedFields() {
        Run r = run("show-super", "--json", "-f", "all", Fixtures.imageFile("replicas2-dev0").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("{\"device\":\"replicas2-dev0.img\",\"external_uuid\":\"49234601-0b32-4f3d-b3f6-7105f26dd616\"")
                .contains("\"data_replicas\":2").contains("\"str_hash\":\"siphash\"")
                .contains("\"buckets\":[{\"start\":").contains("\"uuid\":\"acc9ab4b-cb91-44a2-9a69-ef1557f91d85\"")
                .endsWith("}\n");
        assertThat(r.out().lines().count()).isEqualTo(1);
    }

    @Test
    void missingFileIsOneLineErrorExit1(@TempDir Path tmp) {
        Run r = run("show-super", tmp.resolve("nope.img").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("jbcachefs: ").contains("nope.img").contains("no such file");
    }

    @Test
    void newerVersionIsRefusedInOneLine(@TempDir Path tmp) throws Exception {
        Path img = Files.copy(Fixtures.imageFile("default"), tmp.resolve("newer.img"));
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (long sector : new long[] {8, 2056, 129024}) {
                ByteBuffer head = ByteBuffer.allocate(752).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(head, sector * 512);
                int len = 752 + head.getInt(124) * 8;
                ByteBuffer sb = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(sb, sector * 512);
                sb.putShort(16, (short) ((1 << 10) | 37));
                CRC32C crc = new CRC32C();
                crc.update(sb.array(), 16, len - 16);
                sb.putInt(0, (int) crc.getValue());
                ch.write(ByteBuffer.wrap(sb.array()), sector * 512);
            }
        }
        Run r = run("show-super", img.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("newer.img").contains("(1.37)");
    }

    @Test
    void badOptionsExit2() {
        assertThat(run("show-super", "--bogus", Fixtures.imageFile("default").toString()).code()).isEqualTo(2);
        Run badField = run("show-super", "-f", "nonsense", Fixtures.imageFile("default").toString());
        assertThat(badField.code()).isEqualTo(2);
        assertThat(badField.err()).contains("Bad superblock field nonsense");
        assertThat(run("show-super").code()).isEqualTo(2);
    }
}
