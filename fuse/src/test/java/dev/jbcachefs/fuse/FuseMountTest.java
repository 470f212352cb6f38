package dev.jbcachefs.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.testkit.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mounts the reference images through the real kernel FUSE driver in this JVM and reads them back with
 * plain NIO: every file's sha256, stat fields, symlinks, xattrs, snapshots and subvolumes, concurrent
 * readers, and a clean unmount. Skipped (with the reason) only where FUSE cannot be used at all.
 */
class FuseMountTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void fuseUsable() {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse on this machine: FUSE mount tests skipped");
        Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/fuse")) && Files.isWritable(Path.of("/dev/fuse")), "/dev/fuse not accessible: FUSE mount tests skipped");
        Assumptions.assumeTrue(Libc.geteuid() == 0, "not root: direct FUSE mounts need CAP_SYS_ADMIN; tests skipped");
    }

    static Map<String, String> sums(String file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(Fixtures.dir().resolve(file))) {
            if (l.isBlank()) continue;
            m.put(l.substring(l.indexOf("  ./") + 4), l.substring(0, 64));
        }
        return m;
    }

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) md.update(b, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Every regular file under {@code dir} (not descending into {@code skip}) with its sha256. */
    static Map<String, String> walk(Path dir, String... skip) throws Exception {
        Map<String, String> got = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> {
                        String rel = dir.relativize(p).toString();
                        for (String k : skip) if (rel.startsWith(k + "/")) return false;
                        return true;
                    }).toList();
        }
        for (Path p : files) got.put(dir.relativize(p).toString(), sha256(p));
        return got;
    }

    @Test
    void defaultImageReadsBackThroughTheKernel() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        try (FsView fs = Bcachefs.open(Fixtures.devices("default"), Fixtures.options("default"));
             FuseMount m = FuseMount.mount(fs, mp, MountOptions.DEFAULTS)) {
            assertThat(Mounts.fsType(mp)).isEqualTo("fuse.jbcachefs");
            Map<String, String> want = sums("files.sha256");
            Map<String, String> got = walk(mp);
            assertThat(got).hasSize(1012).isEqualTo(want);

            // stat fields against files.meta.txt for every entry
            int checked = 0;
            for (String l : Files.readAllLines(Fixtures.dir().resolve("files.meta.txt"))) {
                String[] f = l.split(" ");
                String rel = l.substring(l.indexOf(" ./") + 3, l.indexOf(" -> "));
                if (rel.isEmpty() || rel.equals(".")) continue;
                Path p = mp.resolve(rel);
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,nlink,size,ino,uid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                assertThat(Integer.toOctalString(mode & 07777)).as(rel).isEqualTo(f[1].substring(5));
                assertThat(((Integer) a.get("nlink")).toString()).as(rel).isEqualTo(f[2].substring(6));
                if (f[0].equals("f")) assertThat(a.get("size").toString()).as(rel).isEqualTo(f[3].substring(5));
                if (f[0].equals("l")) {
                    String target = l.substring(l.indexOf(" -> ") + 4);
                    assertThat(Files.readSymbolicLink(p).toString()).as(rel).isEqualTo(target);
                }
                checked++;
            }
            assertThat(checked).isGreaterThan(1012);
            // hard links share an inode; st_ino is the bcachefs inode number
            assertThat(Files.getAttribute(mp.resolve("hardlink-a"), "unix:ino")).isEqualTo(Files.getAttribute(mp.resolve("hardlink-b"), "unix:ino"));
            assertThat(Files.getAttribute(mp, "unix:ino")).isEqualTo(4096L);
            assertThat((Long) Files.getAttribute(mp.resolve("hello.txt"), "unix:ino")).isGreaterThanOrEqualTo(2147483648L);
            assertThat(Files.getPosixFilePermissions(mp.resolve("hello.txt"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getLastModifiedTime(mp.resolve("hello.txt")).toInstant().toString()).isEqualTo("2020-01-02T03:04:05Z");

            // xattrs, through the kernel's getxattr/listxattr size probing
            UserDefinedFileAttributeView xv = Files.getFileAttributeView(mp.resolve("xattr-file"), UserDefinedFileAttributeView.class);
            assertThat(xv.list()).containsExactlyInAnyOrder("test", "empty", "big");
            assertThat(xattr(xv, "test")).isEqualTo("hello-xattr");
            assertThat(xattr(xv, "empty")).isEmpty();
            assertThat(xattr(xv, "big")).isEqualTo("z".repeat(1000));
            assertThat(Files.getFileAttributeView(mp.resolve("hello.txt"), UserDefinedFileAttributeView.class).list()).isEmpty();

            // read-only
            assertThatThrownBy(() -> Files.writeString(mp.resolve("hello.txt"), "x")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> Files.createFile(mp.resolve("new"))).isInstanceOf(IOException.class);
            assertThat(Files.exists(mp.resolve("no-such-file"))).isFalse();

            // sparse file reads zeros in the holes
            byte[] sparse = Files.readAllBytes(mp.resolve("sparse-8MiB.bin"));
            assertThat(new String(sparse, 1048576, 12, StandardCharsets.US_ASCII)).isEqualTo("DATA-AT-1MiB");
            assertThat(sparse[0]).isZero();
            // SEEK_DATA/SEEK_HOLE through the kernel (FUSE_LSEEK)
            assertThat(SeekProbe.seek(mp.resolve("sparse-8MiB.bin"), 0, SeekProbe.SEEK_DATA)).isEqualTo(1048576);
            assertThat(SeekProbe.seek(mp.resolve("sparse-8MiB.bin"), 1048576, SeekProbe.SEEK_HOLE)).isEqualTo(1048576 + 4096);
            assertThat(SeekProbe.seek(mp.resolve("sparse-8MiB.bin"), 2 << 20, SeekProbe.SEEK_DATA)).isEqualTo(6291456);
            assertThat(SeekProbe.seek(mp.resolve("hello.txt"), 0, SeekProbe.SEEK_HOLE)).isEqualTo(12);

            // statfs
            assertThat(Files.getFileStore(mp).getTotalSpace()).isGreaterThan(0);

            // 4 concurrent readers, each reading every file of dir1000 and the big files
            ExecutorService ex = Executors.newFixedThreadPool(4);
            List<Future<Map<String, String>>> fut = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fut.add(ex.submit(() -> {
                    Map<String, String> r = new LinkedHashMap<>();
                    for (String k : List.of("random-5MiB.bin", "compressible-2MiB.txt", "b4097.txt")) r.put(k, sha256(mp.resolve(k)));
                    r.putAll(walk(mp.resolve("dir1000")).entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(e -> "dir1000/" + e.getKey(), Map.Entry::getValue)));
                    return r;
                }));
            }
            for (Future<Map<String, String>> f : fut) {
                Map<String, String> r = f.get();
                assertThat(r).hasSize(1003);
                r.forEach((k, v) -> assertThat(v).as(k).isEqualTo(want.get(k)));
            }
            ex.shutdown();
            m.unmount();
            assertThat(m.ended()).isTrue();
        }
        assertThat(Mounts.isMountPoint(mp)).isFalse();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(mp.toString());
    }

    @Test
    void snapshotImageShowsSubvolumesAndTheReadOnlySnapshot() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        try (FsView fs = Bcachefs.open(Fixtures.devices("snapshot"), Fixtures.options("snapshot"));
             FuseMount m = FuseMount.mount(fs, mp, MountOptions.DEFAULTS)) {
            Map<String, String> root = walk(mp, "snap-ro", "subvol-empty");
            assertThat(root).hasSize(912).isEqualTo(sums("snapshot-root.sha256"));
            Map<String, String> snap = walk(mp.resolve("snap-ro"));
            assertThat(snap).hasSize(1012).isEqualTo(sums("files.sha256"));
            assertThat(Files.isDirectory(mp.resolve("subvol-empty"))).isTrue();
            try (Stream<Path> s = Files.list(mp.resolve("subvol-empty"))) {
                assertThat(s.count()).isZero();
            }
            // the snapshot's files get their own st_ino (tagged with the subvolume), not the origin's
            Object a = Files.getAttribute(mp.resolve("a4095.txt"), "unix:ino");
            Object b = Files.getAttribute(mp.resolve("snap-ro/a4095.txt"), "unix:ino");
            assertThat(a).isNotEqualTo(b);
            assertThat(Files.readString(mp.resolve("hello.txt"))).isEqualTo("hello modified after snapshot\n");
            assertThat(Files.readString(mp.resolve("snap-ro/hello.txt"))).isEqualTo("hello world\n");
        }
        assertThat(Mounts.isMountPoint(mp)).isFalse();
    }

    @Test
    void externalUmountEndsTheMount() throws Exception {
        Path mp = Files.createDirectory(tmp.resolve("mnt"));
        try (FsView fs = Bcachefs.open(Fixtures.devices("default"), Fixtures.options("default"))) {
            FuseMount m = FuseMount.mount(fs, mp, MountOptions.DEFAULTS);
            assertThat(Files.readString(mp.resolve("hello.txt"))).isEqualTo("hello world\n");
            FuseMount.umount(mp);
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    m.awaitUnmount();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.join(10_000);
            assertThat(m.ended()).isTrue();
            m.close();
        }
        assertThat(Mounts.isMountPoint(mp)).isFalse();
    }

    @Test
    void badMountpointsAreRefusedAndNothingIsMounted() throws Exception {
        try (FsView fs = Bcachefs.open(Fixtures.devices("default"), Fixtures.options("default"))) {
            assertThatThrownBy(() -> FuseMount.mount(fs, tmp.resolve("missing"), MountOptions.DEFAULTS))
                    .isInstanceOf(BcachefsException.class).hasMessageContaining("does not exist");
            Path file = Files.writeString(tmp.resolve("file"), "x");
            assertThatThrownBy(() -> FuseMount.mount(fs, file, MountOptions.DEFAULTS))
                    .isInstanceOf(BcachefsException.class).hasMessageContaining("not a directory");
            Path mp = Files.createDirectory(tmp.resolve("mnt"));
            try (FuseMount m = FuseMount.mount(fs, mp, MountOptions.DEFAULTS)) {
                assertThatThrownBy(() -> FuseMount.mount(fs, mp, MountOptions.DEFAULTS))
                        .isInstanceOf(BcachefsException.class).hasMessageContaining("busy");
            }
            assertThat(Mounts.isMountPoint(mp)).isFalse();
        }
    }

    private static String xattr(UserDefinedFileAttributeView v, String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.size(name));
        v.read(name, b);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
}
