package dev.jbcachefs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jbcachefs.init.Format;
import dev.jbcachefs.init.FormatOptions;
import dev.jbcachefs.init.OpenOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reference tree does not have: a fifo, a character device, xattrs in the trusted and security
 * namespaces, POSIX ACLs (access and default, stored in bcachefs's own ACL form) and an empty directory
 * — copied by {@code format --source} and read back as they were. Needs root (mknod, trusted.*).
 */
class FormatSourceExtrasTest {
    @TempDir
    Path tmp;

    static void sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).inheritIO().start();
        assertThat(p.waitFor()).as(cmd).isZero();
    }

    // version 2; user_obj rw-, user 1000 r--, group_obj r--, mask r--, other r--
    static final String ACL = "02000000" + "01000600ffffffff" + "02000400e8030000" + "04000400ffffffff" + "10000400ffffffff" + "20000400ffffffff";

    @Test
    void specialsXattrsAndAclsRoundTrip() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for mknod and trusted.* xattrs");
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("emptydir"));
        Files.writeString(src.resolve("f"), "data\n");
        sh("cd " + src + " && mkfifo fifo && mknod null c 1 3 && setfattr -n trusted.t -v tval f && setfattr -n security.s -v sval f"
                + " && setfattr -n system.posix_acl_access -v 0x" + ACL + " f && setfattr -n system.posix_acl_default -v 0x" + ACL + " emptydir");
        Path img = tmp.resolve("x.img");
        FormatOptions o = new FormatOptions(List.of(new FormatOptions.Device(img, 0, null, 1, true)), 64L << 20, 0, 0, null, null, null, null,
                null, null, null, 0, 0, false, null, false, src);
        Format.run(o, s -> { });
        try (FsView v = Bcachefs.open(List.of(img), OpenOptions.DEFAULTS)) {
            FileStat fifo = v.stat(v.lookup("/fifo"));
            assertThat(fifo.mode() & 0170000).isEqualTo(0010000);
            FileStat nul = v.stat(v.lookup("/null"));
            assertThat(nul.mode() & 0170000).isEqualTo(0020000);
            assertThat(nul.rdev()).isEqualTo((1L << 8) | 3);
            long f = v.lookup("/f");
            assertThat(new String(v.getxattr(f, "trusted.t"))).isEqualTo("tval");
            assertThat(new String(v.getxattr(f, "security.s"))).isEqualTo("sval");
            assertThat(HexFormat.of().formatHex(v.getxattr(f, "system.posix_acl_access"))).isEqualTo(ACL);
            long d = v.lookup("/emptydir");
            assertThat(HexFormat.of().formatHex(v.getxattr(d, "system.posix_acl_default"))).isEqualTo(ACL);
            assertThat(v.readdir(d)).isEmpty();
        }
        dev.jbcachefs.testkit.UpstreamFsck.check(List.of(img), null);
    }
}
