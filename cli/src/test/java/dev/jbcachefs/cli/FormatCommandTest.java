package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbcachefs format} from the command line: options, refusals with one line and the right exit
 * code, encryption with and without a passphrase, labels and durability in the superblock, and a format
 * killed with SIGKILL at a random moment leaving either nothing that reads as a filesystem or a complete one.
 */
class FormatCommandTest {
    @TempDir
    static Path tmp;
    static Path tree;

    @BeforeAll
    static void makeTree() throws Exception {
        tree = Fixtures.makeTree(tmp.resolve("tree"));
    }

    @Test
    void formatsFromASourceAndReadsBack() throws Exception {
        Path img = tmp.resolve("src.img");
        CliRunner.Result r = CliRunner.run("format", "--fs_size=64M", "-L", "mylabel", "--compression=lz4", "--background_compression=zstd",
                "--source=" + tree, img.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1011 files copied");
        CliRunner.Result cat = CliRunner.run("cat", img.toString(), "/hello.txt");
        assertThat(cat.out()).isEqualTo("hello world\n");
        CliRunner.Result ss = CliRunner.run("show-super", img.toString());
        assertThat(ss.out()).contains("mylabel").contains("lz4").contains("zstd");
        dev.jbcachefs.testkit.UpstreamFsck.check(List.of(img), null);
    }

    @Test
    void refusesWhatItShould() throws Exception {
        Path img = tmp.resolve("refuse.img");
        assertThat(CliRunner.run("format", "-q", "--fs_size=64M", img.toString()).exit()).isZero();
        byte[] before = Files.readAllBytes(img);
        CliRunner.Result again = CliRunner.run("format", "--fs_size=64M", img.toString());
        assertThat(again.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(again.err().strip()).startsWith("jbcachefs: ").contains("already holds a bcachefs filesystem").contains("--force").doesNotContain("\n");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        CliRunner.Result bad = CliRunner.run("format", "--force", "--compression=brotli", img.toString());
        assertThat(bad.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(bad.err().strip()).contains("--compression").contains("brotli").doesNotContain("\n");
        CliRunner.Result missing = CliRunner.run("format", tmp.resolve("nope.img").toString());
        assertThat(missing.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(missing.err().strip()).contains("nope.img").contains("--fs_size").doesNotContain("\n");
        CliRunner.Result small = CliRunner.run("format", "--fs_size=1M", tmp.resolve("small.img").toString());
        assertThat(small.exit()).isNotZero();
        assertThat(small.err().strip()).doesNotContain("\n").doesNotContain("Exception");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
    }

    @Test
    void forceOverwritesAnotherFilesystemType() throws Exception {
        Path img = tmp.resolve("ext.img");
        byte[] b = new byte[64 << 20];
        b[1080] = 0x53;
        b[1081] = (byte) 0xef;
        Files.write(img, b);
        CliRunner.Result r = CliRunner.run("format", img.toString());
        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("ext2/3/4");
        assertThat(CliRunner.run("format", "-q", "--force", img.toString()).exit()).isZero();
    }

    @Test
    void encryptedWithAndWithoutPassphrase() throws Exception {
        Path pass = Fixtures.dir().resolve("passphrase.txt");
        Path enc = tmp.resolve("enc.img");
        assertThat(CliRunner.run("format", "-q", "--fs_size=64M", "--encrypted", "--passphrase_file=" + pass, "--source=" + tree, enc.toString()).exit()).isZero();
        assertThat(CliRunner.run("cat", "--passphrase-file", pass.toString(), enc.toString(), "/hello.txt").out()).isEqualTo("hello world\n");
        Path wrong = tmp.resolve("wrong.txt");
        Files.writeString(wrong, "not it");
        CliRunner.Result w = CliRunner.run("cat", "--passphrase-file", wrong.toString(), enc.toString(), "/hello.txt");
        assertThat(w.exit()).isEqualTo(Main.EXIT_ERROR);
        Path open = tmp.resolve("nopass.img");
        assertThat(CliRunner.run("format", "-q", "--fs_size=64M", "--encrypted", "--no_passphrase", "--source=" + tree, open.toString()).exit()).isZero();
        assertThat(CliRunner.run("cat", open.toString(), "/hello.txt").out()).isEqualTo("hello world\n");
        dev.jbcachefs.testkit.UpstreamFsck.check(List.of(open), null);
    }

    @Test
    void labelsAndDurabilityPerDevice() throws Exception {
        Path a = tmp.resolve("l0.img"), b = tmp.resolve("l1.img");
        CliRunner.Result r = CliRunner.run("format", "-q", "--fs_size=64M", "--replicas=2", "--label=ssd.fast", "--durability=1", a.toString(),
                "--label=hdd", "--durability=2", b.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String ss = CliRunner.run("show-super", "-f", "all", a.toString()).out();
        assertThat(ss).contains("ssd.fast").contains("hdd");
        assertThat(ss).containsPattern("Durability:\\s+1").containsPattern("Durability:\\s+2");
        dev.jbcachefs.testkit.UpstreamFsck.check(List.of(a, b), null);
    }

    /** A format killed with SIGKILL: the image reads as no filesystem, or (killed while writing superblocks) as a complete one. */
    @Test
    void sigkillDuringFormat() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 4; i++) {
            Path img = tmp.resolve("kill" + i + ".img");
            // an older complete filesystem is there first: it must not come back half-overwritten either
            assertThat(CliRunner.run("format", "-q", "--fs_size=64M", img.toString()).exit()).isZero();
            List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "format", "-q", "--force", "--compression=zstd", "--source=" + tree, img.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(300 + rnd.nextInt(2500));
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            boolean readable;
            try (FileBlockDevice d = FileBlockDevice.openReadOnly(img)) {
                Superblock.read(d);
                readable = true;
            } catch (BcachefsException none) {
                readable = false;
            }
            if (readable) {
                try (FsView v = Bcachefs.open(List.of(img), OpenOptions.DEFAULTS)) {
                    // either the old empty filesystem (killed before the wipe) or the new one, complete
                    List<String> names = v.readdir(v.rootIno()).stream().map(e -> e.name()).toList();
                    assertThat(names).contains("lost+found");
                    if (names.size() > 1) assertThat(CliRunner.run("cat", img.toString(), "/hello.txt").out()).isEqualTo("hello world\n");
                }
            }
        }
    }
}
