package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.fuse.Mounts;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbcachefs mount}/{@code umount} as a user meets them: one-line errors for a bad mount point, a
 * missing device or a bad option with nothing mounted, and a background mount that serves files until
 * {@code jbcachefs umount} ends it.
 */
class MountCommandTest {
    @TempDir
    Path tmp;

    static void assumeFuse() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse: mount tests skipped");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root: direct FUSE mounts need CAP_SYS_ADMIN; skipped");
    }

    @Test
    void badMountpointsAndDevicesGiveOneLineAndMountNothing() throws Exception {
        assumeFuse();
        String img = Fixtures.imageFile("default").toString();
        CliRunner.Result r = CliRunner.run("mount", "-f", img, tmp.resolve("missing").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jbcachefs: mount point " + tmp.resolve("missing") + " does not exist: create it with mkdir\n");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        r = CliRunner.run("mount", img, file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jbcachefs: mount point " + file + " is not a directory\n");
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        r = CliRunner.run("mount", tmp.resolve("nope.img").toString(), mp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jbcachefs: device " + tmp.resolve("nope.img") + " does not exist\n");
        r = CliRunner.run("mount", "-o", "rw", img, mp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("read-write mounts are not supported yet");
        r = CliRunner.run("mount", "-o", "bogus", img, mp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown mount option 'bogus'");
        r = CliRunner.run("umount", mp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jbcachefs: " + mp + " is not a mount point\n");
        assertThat(Mounts.isMountPoint(mp)).isFalse();
    }

    @Test
    void wrongPassphraseMountsNothing() throws Exception {
        assumeFuse();
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        Path pf = Files.writeString(tmp.resolve("pass"), "not-the-passphrase");
        CliRunner.Result r = CliRunner.run("mount", "-o", "ro,passphrase_file=" + pf, Fixtures.imageFile("encrypted").toString(), mp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("jbcachefs: wrong passphrase").doesNotContain("\n\n");
        assertThat(Mounts.isMountPoint(mp)).isFalse();
    }

    @Test
    void backgroundMountServesUntilUmount() throws Exception {
        assumeFuse();
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        CliRunner.Result r = CliRunner.run("mount", Fixtures.imageFile("default").toString(), mp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        try {
            assertThat(Mounts.fsType(mp)).isEqualTo("fuse.jbcachefs");
            assertThat(Files.readString(mp.resolve("hello.txt"))).isEqualTo("hello world\n");
            assertThat(Files.readSymbolicLink(mp.resolve("symlink-to-hello")).toString()).isEqualTo("hello.txt");
        } finally {
            r = CliRunner.run("umount", mp.toString());
        }
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Mounts.isMountPoint(mp)).isFalse();
    }
}
