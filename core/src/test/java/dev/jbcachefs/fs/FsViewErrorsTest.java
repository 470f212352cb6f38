package dev.jbcachefs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Errors name what is missing; xattr and statfs answers on the default image. */
class FsViewErrorsTest {
    static FsView open() {
        return Bcachefs.open(Fixtures.devices("default"), Fixtures.options("default"));
    }

    static ErrorCode code(Throwable t) {
        return ((BcachefsException) t).code();
    }

    @Test
    void missingPathsAreNotFound() {
        try (FsView v = open()) {
            assertThatThrownBy(() -> v.resolve("/no/such/file")).isInstanceOf(BcachefsException.class)
                    .hasMessageContaining("/no/such/file").satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> v.resolve("hello.txt/x")).isInstanceOf(BcachefsException.class)
                    .hasMessageContaining("not a directory").satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> v.stat(12345)).isInstanceOf(BcachefsException.class)
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> v.subvolume(99)).isInstanceOf(BcachefsException.class)
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> v.readdir(v.lookup("hello.txt"))).isInstanceOf(BcachefsException.class)
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThatThrownBy(() -> v.read(v.rootIno(), 0, new byte[10], 0, 10)).isInstanceOf(BcachefsException.class)
                    .hasMessageContaining("directory");
            assertThat(v.lookup(v.rootIno(), "nope".getBytes())).isNull();
            assertThat(v.lookup(v.lookup("hello.txt"), "x".getBytes())).isNull();
        }
    }

    @Test
    void xattrs() {
        try (FsView v = open()) {
            long ino = v.lookup("xattr-file");
            assertThat(v.listxattr(ino)).containsExactlyInAnyOrder("user.test", "user.empty", "user.big");
            assertThat(new String(v.getxattr(ino, "user.test"), StandardCharsets.UTF_8)).isEqualTo("hello-xattr");
            assertThat(v.getxattr(ino, "user.empty")).isEmpty();
            assertThat(v.getxattr(ino, "user.big")).hasSize(1000);
            assertThat(v.getxattr(ino, "user.nope")).isNull();
            assertThat(v.getxattr(ino, "trusted.test")).isNull();
            assertThat(v.getxattr(ino, "system.posix_acl_access")).isNull();
            assertThat(v.getxattr(ino, "bogus.test")).isNull();
            assertThat(v.listxattr(v.lookup("hello.txt"))).isEmpty();
        }
    }

    @Test
    void statfs() {
        try (FsView v = open()) {
            FsStat s = v.statfs();
            assertThat(s.blockSize()).isEqualTo(4096);
            // 1024 buckets of 64 KiB, less the superblock (6152 sectors) and journal (1024) the accounting reports
            assertThat(s.totalBytes()).isEqualTo((1024L * 128 - 6152 - 1024) * 512);
            // replicas accounting: btree 3328 + user 22440 sectors
            assertThat(s.totalBytes() - s.freeBytes()).isEqualTo((3328L + 22440) * 512);
            assertThat(s.availBytes()).isLessThan(s.freeBytes());
            // 1011 file inodes (one hard-link pair), 3 symlinks, 3 directories, the root, lost+found
            assertThat(s.inodes() - s.freeInodes()).isEqualTo(1019);
            assertThat(s.nameMax()).isEqualTo(512);
        }
    }

    @Test
    void aclConversion() {
        // bcachefs v1 ACL: user_obj rw-, user 1000 r--, group_obj r--, mask r--, other ---
        byte[] disk = {1, 0, 0, 0, 1, 0, 6, 0, 2, 0, 4, 0, (byte) 0xe8, 3, 0, 0, 4, 0, 4, 0, 0x10, 0, 4, 0, 0x20, 0, 0, 0};
        byte[] x = PosixAcl.toXattr(disk, "test");
        assertThat(x).hasSize(4 + 5 * 8);
        assertThat(x[0]).isEqualTo((byte) 2);
        // user_obj: id -1
        assertThat(new byte[] {x[8], x[9], x[10], x[11]}).containsOnly((byte) 0xff);
        // named user 1000
        assertThat(x[12]).isEqualTo((byte) 2);
        assertThat(new byte[] {x[16], x[17]}).containsExactly((byte) 0xe8, (byte) 3);
        assertThatThrownBy(() -> PosixAcl.toXattr(new byte[] {2, 0, 0, 0}, "t")).isInstanceOf(BcachefsException.class);
        assertThatThrownBy(() -> PosixAcl.toXattr(new byte[] {1, 0, 0, 0, 2, 0, 4, 0}, "t")).isInstanceOf(BcachefsException.class);
        assertThatThrownBy(() -> PosixAcl.toXattr(new byte[] {1, 0, 0, 0, 9, 0, 4, 0}, "t")).isInstanceOf(BcachefsException.class);
    }

    @Test
    void aclFuzzOnlyCorruptErrors() {
        java.util.Random r = new java.util.Random(7);
        int ok = 0;
        for (int i = 0; i < 5000; i++) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.writeBytes(new byte[] {1, 0, 0, 0});
            int[] tags = {1, 2, 4, 8, 16, 32};
            for (int n = r.nextInt(6); n > 0; n--) {
                int tag = tags[r.nextInt(tags.length)];
                b.writeBytes(new byte[] {(byte) tag, 0, (byte) r.nextInt(8), 0});
                if (tag == 2 || tag == 8) b.writeBytes(new byte[] {(byte) r.nextInt(256), 3, 0, 0});
            }
            byte[] v = b.toByteArray();
            if (r.nextBoolean() && v.length > 0) v[r.nextInt(v.length)] ^= (byte) (1 << r.nextInt(8));
            if (r.nextInt(4) == 0) v = java.util.Arrays.copyOf(v, r.nextInt(v.length + 1));
            try {
                byte[] x = PosixAcl.toXattr(v, "fuzz");
                assertThat((x.length - 4) % 8).isZero();
                ok++;
            } catch (BcachefsException e) {
                assertThat(code(e)).isEqualTo(ErrorCode.CORRUPT);
            }
        }
        assertThat(ok).isPositive();
    }
}
