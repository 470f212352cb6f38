package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ls, cat and subvolume list against the reference images. */
class FsVerbsTest {
    static String img(String name) {
        return Fixtures.imageFile(name).toString();
    }

    @Test
    void lsRoot() {
        CliRunner.Result r = CliRunner.run("ls", img("default"), "/");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("a4095.txt", "b4097.txt", "compressible-2MiB.txt", "dir1000",
                "empty.txt", "hardlink-a", "hardlink-b", "hello.txt", "lost+found", "one-byte.bin", "random-5MiB.bin",
                "sparse-8MiB.bin", "sub", "symlink-dangling", "symlink-rel-nested", "symlink-to-hello", "xattr-file");
    }

    @Test
    void lsLongOfAFileAndRecursive() {
        CliRunner.Result r = CliRunner.run("ls", "-l", img("default"), "hello.txt");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("-rw------- 1 0 0 12 2020-01-02 03:04 hello.txt\n");
        r = CliRunner.run("ls", "-R", img("default"), "/sub");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("/sub:\ndeeper\n\n/sub/deeper:\nnested.txt\n");
        r = CliRunner.run("ls", "-l", img("default"), "/sub");
        assertThat(r.out()).startsWith("drwxr-xr-x 2 0 0 ").endsWith(" deeper\n");
    }

    @Test
    void lsSnapshotSubvolumes() {
        CliRunner.Result r = CliRunner.run("ls", img("snapshot"), "/subvol-empty");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        r = CliRunner.run("ls", "--subvolume", "2", img("snapshot"), "/");
        assertThat(r.out().lines().toList()).contains("one-byte.bin").doesNotContain("new-after-snapshot.txt");
        r = CliRunner.run("ls", img("snapshot"), "/snap-ro/dir1000");
        assertThat(r.out().lines().count()).isEqualTo(1000);
        r = CliRunner.run("ls", img("snapshot"), "/dir1000");
        assertThat(r.out().lines().count()).isEqualTo(900);
    }

    @Test
    void missingPathAndDirectoryAreOneLineErrors() {
        CliRunner.Result r = CliRunner.run("ls", img("default"), "/no/such");
        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("/no/such");
        r = CliRunner.run("cat", img("default"), "/sub");
        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err().lines().toList()).containsExactly("jbcachefs: /sub: is a directory");
        r = CliRunner.run("cat", img("default"), "/nope.txt");
        assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
        assertThat(r.err()).contains("/nope.txt");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void subvolumeList() {
        CliRunner.Result r = CliRunner.run("subvolume", "list", img("snapshot"));
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).split("\\s+")).containsExactly("ID", "PATH", "SNAPSHOT", "PARENT", "RO");
        assertThat(lines.get(1).split("\\s+")).containsExactly("1", "/", "4294967293", "0", "no");
        assertThat(lines.get(2).split("\\s+")).containsExactly("2", "/snap-ro", "4294967294", "1", "yes");
        assertThat(lines.get(3).split("\\s+")).containsExactly("3", "/subvol-empty", "4294967292", "1", "no");
        r = CliRunner.run("subvolume", "list", "--json", img("snapshot"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("{\"id\": 2, \"path\": \"/snap-ro\", \"snapshot\": 4294967294,")
                .contains("\"read_only\": true");
        r = CliRunner.run("subvolume", "list", img("default"));
        assertThat(r.out().lines().toList()).hasSize(2);
    }

    @Test
    void encryptedNeedsPassphraseFile() throws Exception {
        java.nio.file.Path pw = Fixtures.dir().resolve("passphrase.txt");
        CliRunner.Result r = CliRunner.run("ls", "--passphrase-file", pw.toString(), img("encrypted"), "/sub/deeper");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("nested.txt\n");
    }

    @Test
    void catFilesAndSymlinks() throws Exception {
        CliRunner.Result r = CliRunner.run("cat", img("default"), "/hello.txt");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hello world\n");
        r = CliRunner.run("cat", img("snapshot"), "/hello.txt");
        assertThat(r.out()).isEqualTo("hello modified after snapshot\n");
        r = CliRunner.run("cat", img("snapshot"), "/snap-ro/hello.txt");
        assertThat(r.out()).isEqualTo("hello world\n");
        r = CliRunner.run("cat", img("dirty-journal"), "/symlink-to-hello");
        assertThat(r.out()).isEqualTo("hello.txt");
        r = CliRunner.run("cat", img("zstd"), "/compressible-2MiB.txt");
        assertThat(r.exit()).as(r.err()).isZero();
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(java.util.HexFormat.of().formatHex(d)).isEqualTo("7eb5d8ae0deb990d50dd06d0bf4a20ebb14085ee7dab70e0964ffd4b27125945");
        r = CliRunner.run("cat", img("default"), "/empty.txt");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void lsLongShowsSymlinkTargets() {
        CliRunner.Result r = CliRunner.run("ls", "-l", img("default"), "/");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(" symlink-to-hello -> hello.txt\n", " symlink-dangling -> /nonexistent/absolute/target\n")
                .contains("-rw------- 1 0 0 12 2020-01-02 03:04 hello.txt\n");
        r = CliRunner.run("ls", "-l", img("dirty-journal"), "/symlink-rel-nested");
        assertThat(r.out()).startsWith("lrwxrwxrwx 1 ").endsWith(" /symlink-rel-nested -> sub/deeper/nested.txt\n");
    }

    @Test
    void catOfDamagedFileNamesFileAndReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path copy = Fixtures.copy("default", tmp);
        // b4097.txt's only extent: bucket 130 offset 80 (from list -b extents); flip a byte inside its data
        long pos = (130L * 128 + 80) * 512 + 5000;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, pos);
            b.put(0, (byte) (b.get(0) ^ 0xff)).rewind();
            ch.write(b, pos);
        }
        CliRunner.Result bad = CliRunner.run("cat", copy.toString(), "/b4097.txt");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("jbcachefs: /b4097.txt: read at byte 0 failed: ").contains("checksum").doesNotContain("\n");
        CliRunner.Result good = CliRunner.run("cat", copy.toString(), "/a4095.txt");
        assertThat(good.exit()).isZero();
        assertThat(good.out()).isEqualTo("a".repeat(4095));
    }
}
