package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.FileStat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TreeExtractor} against an in-memory {@link FakeFsView}: every kind of entry and every failure path. */
class TreeExtractorTest {
    static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** Records what the extractor reports. */
    static final class Recorder implements TreeExtractor.Listener {
        final List<String> errors = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        @Override
        public void error(String path, String reason) {
            errors.add(path + ": " + reason);
        }

        @Override
        public void notReproduced(String path, String category, String what) {
            skipped.add(path + ": " + category + ": " + what);
        }
    }

    static TreeExtractor.Options opts(boolean all) {
        return new TreeExtractor.Options(all, HostAttrs.runningAsRoot(), false);
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
    }

    static long blocks(Path p) throws Exception {
        Process pr = new ProcessBuilder("stat", "-c", "%b", p.toString()).redirectErrorStream(true).start();
        String s = new String(pr.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(pr.waitFor()).isZero();
        return Long.parseLong(s);
    }

    @Test
    void reproducesFilesModesTimesOwnersSymlinksHardLinksXattrs(@TempDir Path out) throws Exception {
        FakeFsView fs = new FakeFsView();
        long r = fs.root;
        FakeFsView.Inode hello = fs.file(r, "hello.txt", "hello world\n");
        hello.mode = FileStat.S_IFREG | 0600;
        FakeFsView.Inode suid = fs.file(r, "suid", "#!/bin/sh\n");
        suid.mode = FileStat.S_IFREG | 04755;
        FakeFsView.Inode sticky = fs.dir(r, "tmp");
        sticky.mode = FileStat.S_IFDIR | 01777;
        FakeFsView.Inode ro = fs.dir(r, "ro");
        ro.mode = FileStat.S_IFDIR | 0555;
        ro.mtimeNs = 1_000_000_000_987_654_321L;
        fs.file(ro.ino, "inside", "in a read-only dir\n").mode = FileStat.S_IFREG | 0400;
        FakeFsView.Inode hl = fs.file(r, "hl-a", "hardlinked\n");
        hl.nlink = 3;
        fs.link(r, "hl-b", hl);
        fs.link(sticky.ino, "hl-c", hl);
        FakeFsView.Inode sym = fs.symlink(r, "sym", "hello.txt".getBytes(StandardCharsets.UTF_8));
        sym.mtimeNs = 1_234_567_890_000_000_000L;
        fs.symlink(r, "dangling", "/nonexistent/absolute/target".getBytes(StandardCharsets.UTF_8));
        FakeFsView.Inode x = fs.file(r, "xattr-file", "x\n");
        x.xattrs.put("user.test", "hello-xattr".getBytes(StandardCharsets.UTF_8));
        x.xattrs.put("user.empty", new byte[0]);
        x.xattrs.put("trusted.secret", "t".getBytes(StandardCharsets.UTF_8));
        fs.file(r, "empty.txt", "");

        Recorder rec = new Recorder();
        ExtractStats st = new TreeExtractor(opts(false), rec).extract(fs, null, out);

        assertThat(rec.errors).isEmpty();
        assertThat(st.files()).isEqualTo(6);
        assertThat(st.dirs()).isEqualTo(2);
        assertThat(st.symlinks()).isEqualTo(2);
        assertThat(st.hardlinks()).isEqualTo(2);
        assertThat(st.bytes()).isEqualTo(12 + 10 + 19 + 11 + 2);
        // attributes before reading content (reading may move atime)
        BasicFileAttributes a = Files.readAttributes(out.resolve("hello.txt"), BasicFileAttributes.class, NOFOLLOW);
        assertThat(a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L + a.lastModifiedTime().toInstant().getNano()).isEqualTo(hello.mtimeNs);
        assertThat(a.lastAccessTime().toInstant().getEpochSecond() * 1_000_000_000L + a.lastAccessTime().toInstant().getNano()).isEqualTo(hello.atimeNs);
        assertThat(Files.getLastModifiedTime(out.resolve("ro"), NOFOLLOW).toInstant().getNano()).isEqualTo(987_654_321);
        assertThat(Files.getLastModifiedTime(out.resolve("sym"), NOFOLLOW).toInstant().getEpochSecond()).isEqualTo(1_234_567_890L);
        assertThat(mode(out.resolve("hello.txt")) & 07777).isEqualTo(0600);
        assertThat(mode(out.resolve("suid")) & 07777).isEqualTo(04755);
        assertThat(mode(out.resolve("tmp")) & 07777).isEqualTo(01777);
        assertThat(mode(out.resolve("ro")) & 07777).isEqualTo(0555);
        assertThat(mode(out.resolve("ro/inside")) & 07777).isEqualTo(0400);
        if (HostAttrs.runningAsRoot()) {
            assertThat(Files.getAttribute(out.resolve("hello.txt"), "unix:uid")).isEqualTo(1234);
            assertThat(Files.getAttribute(out.resolve("hello.txt"), "unix:gid")).isEqualTo(5678);
            assertThat(Files.getAttribute(out.resolve("sym"), "unix:uid", NOFOLLOW)).isEqualTo(1234);
            assertThat(st.ownersSkipped()).isFalse();
        } else {
            assertThat(st.ownersSkipped()).isTrue();
        }
        assertThat(Files.readString(out.resolve("hello.txt"))).isEqualTo("hello world\n");
        assertThat(Files.readString(out.resolve("ro/inside"))).isEqualTo("in a read-only dir\n");
        assertThat(Files.size(out.resolve("empty.txt"))).isZero();
        assertThat(Files.isSymbolicLink(out.resolve("sym"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("sym")).toString()).isEqualTo("hello.txt");
        assertThat(Files.readSymbolicLink(out.resolve("dangling")).toString()).isEqualTo("/nonexistent/absolute/target");
        assertThat(Files.getAttribute(out.resolve("hl-a"), "unix:ino")).isEqualTo(Files.getAttribute(out.resolve("hl-b"), "unix:ino"));
        assertThat(Files.getAttribute(out.resolve("tmp/hl-c"), "unix:ino")).isEqualTo(Files.getAttribute(out.resolve("hl-b"), "unix:ino"));
        assertThat(Files.getAttribute(out.resolve("hl-a"), "unix:nlink")).isEqualTo(3);
        UserDefinedFileAttributeView xv = Files.getFileAttributeView(out.resolve("xattr-file"), UserDefinedFileAttributeView.class);
        assertThat(xv.list()).containsExactlyInAnyOrder("test", "empty");
        assertThat(xv.size("empty")).isZero();
        ByteBuffer bb = ByteBuffer.allocate(64);
        xv.read("test", bb);
        assertThat(new String(bb.array(), 0, bb.position(), StandardCharsets.UTF_8)).isEqualTo("hello-xattr");
        if (HostAttrs.runningAsRoot() && NativeCalls.available()) {
            assertThat(NativeCalls.lgetxattr(out.resolve("xattr-file"), "trusted.secret")).isEqualTo("t".getBytes(StandardCharsets.UTF_8));
            assertThat(NativeCalls.lgetxattr(out.resolve("xattr-file"), "trusted.other")).isNull();
            assertThat(rec.skipped).isEmpty();
            assertThat(st.summary()).contains("6 files, 2 dirs, 2 symlinks, 2 hard links, 54 bytes").contains("not reproduced: nothing");
        } else {
            assertThat(st.notReproduced(TreeExtractor.XATTRS)).isEqualTo(1);
            assertThat(rec.skipped).singleElement().asString().startsWith("/xattr-file: xattrs: xattr trusted.secret not set");
            assertThat(st.summary()).contains("6 files, 2 dirs, 2 symlinks, 2 hard links, 54 bytes").contains("not reproduced: 1 xattrs");
        }
    }

    @Test
    void nativeCallsWorkInTheTestJvm(@TempDir Path tmp) throws Exception {
        // the build runs tests with --enable-native-access, as bin/jbcachefs runs the CLI
        assertThat(NativeCalls.available()).isTrue();
        Path f = Files.writeString(tmp.resolve("f"), "x");
        NativeCalls.lsetxattr(f, "user.native", new byte[] {1, 2, 0, 3});
        assertThat(NativeCalls.lgetxattr(f, "user.native")).containsExactly(1, 2, 0, 3);
        assertThat(NativeCalls.lgetxattr(f, "user.absent")).isNull();
        NativeCalls.symlink("t//".getBytes(StandardCharsets.UTF_8), tmp.resolve("l"));
        assertThat(Files.readSymbolicLink(tmp.resolve("l")).toString()).isEqualTo("t//");
        assertThatThrownBy(() -> NativeCalls.symlink("t".getBytes(StandardCharsets.UTF_8), tmp.resolve("l")))
                .isInstanceOf(IOException.class).hasMessageEndingWith("/l: File exists");
    }

    @Test
    void symlinkTargetsAreWrittenByteForByte(@TempDir Path out) throws Exception {
        FakeFsView fs = new FakeFsView();
        fs.symlink(fs.root, "odd", "dir//x/".getBytes(StandardCharsets.UTF_8));
        fs.symlink(fs.root, "nul", new byte[] {'a', 0, 'b'});
        Recorder rec = new Recorder();
        ExtractStats st = new TreeExtractor(opts(false), rec).extract(fs, null, out);
        assertThat(rec.errors).containsExactly("/nul: symlink target \"a\\x00b\" contains a NUL byte");
        if (NativeCalls.available()) {
            assertThat(Files.readSymbolicLink(out.resolve("odd")).toString()).isEqualTo("dir//x/");
            assertThat(st.notReproduced()).isEmpty();
        } else {
            assertThat(Files.readSymbolicLink(out.resolve("odd")).toString()).isEqualTo("dir/x");
            assertThat(rec.skipped).containsExactly("/odd: symlink targets not byte-exact: symlink target \"dir//x/\" written as dir/x");
        }
    }

    @Test
    void sparseFileKeepsItsHolesAndStreamsInChunks(@TempDir Path out) throws Exception {
        FakeFsView fs = new FakeFsView();
        FakeFsView.Inode s = fs.node(FileStat.S_IFREG | 0644);
        s.size = 8L << 20;
        s.segments.put(1L << 20, "DATA-AT-1MiB".getBytes(StandardCharsets.US_ASCII));
        byte[] ss = new byte[4096];
        Arrays.fill(ss, (byte) 'S');
        s.segments.put(6L << 20, ss);
        fs.link(fs.root, "sparse", s);
        FakeFsView.Inode big = fs.node(FileStat.S_IFREG | 0644);
        byte[] data = new byte[3 * TreeExtractor.CHUNK + 12345];
        new java.util.Random(7).nextBytes(data);
        big.size = data.length;
        big.segments.put(0L, data);
        fs.link(fs.root, "big", big);
        FakeFsView.Inode tail = fs.node(FileStat.S_IFREG | 0644); // hole at the end only
        tail.size = 1 << 20;
        tail.segments.put(0L, new byte[] {1, 2, 3});
        fs.link(fs.root, "tail-hole", tail);

        ExtractStats st = new TreeExtractor(opts(false), new Recorder()).extract(fs, "/", out);

        Path p = out.resolve("sparse");
        assertThat(Files.size(p)).isEqualTo(8L << 20);
        assertThat(blocks(p) * 512).isLessThan(1L << 20);
        byte[] got = Files.readAllBytes(p);
        byte[] want = new byte[8 << 20];
        System.arraycopy("DATA-AT-1MiB".getBytes(StandardCharsets.US_ASCII), 0, want, 1 << 20, 12);
        System.arraycopy(ss, 0, want, 6 << 20, 4096);
        assertThat(Arrays.equals(got, want)).isTrue();
        assertThat(Files.readAllBytes(out.resolve("big"))).isEqualTo(data);
        assertThat(Files.size(out.resolve("tail-hole"))).isEqualTo(1 << 20);
        assertThat(blocks(out.resolve("tail-hole")) * 512).isLessThan(64 * 1024);
        assertThat(fs.maxReadLen).isLessThanOrEqualTo(TreeExtractor.CHUNK);
        assertThat(st.holeBytes()).isEqualTo((8L << 20) - 12 - 4096 + (1 << 20) - 3);
        assertThat(st.bytes()).isEqualTo(12 + 4096 + data.length + 3);
    }

    @Test
    void unreadableBlocksAreReportedAndTheRestIsKept(@TempDir Path out) throws Exception {
        FakeFsView fs = new FakeFsView();
        FakeFsView.Inode bad = fs.node(FileStat.S_IFREG | 0644);
        byte[] d = new byte[3 * 4096];
        Arrays.fill(d, (byte) 'd');
        bad.size = d.length;
        bad.segments.put(0L, d);
        bad.badFrom = 4096;
        bad.badTo = 8192;
        FakeFsView.Inode dir = fs.dir(fs.root, "d");
        fs.link(dir.ino, "bad.bin", bad);
        fs.file(fs.root, "good.txt", "good\n");
        FakeFsView.Inode never = fs.node(FileStat.S_IFREG | 0644); // unsupported: no block-by-block retry
        never.size = d.length;
        never.segments.put(0L, d);
        never.badFrom = 8192;
        never.badTo = 8193;
        never.badCode = ErrorCode.UNSUPPORTED;
        fs.link(fs.root, "unsupported.bin", never);

        Recorder rec = new Recorder();
        ExtractStats st = new TreeExtractor(opts(false), rec).extract(fs, null, out);

        assertThat(rec.errors).filteredOn(e -> e.startsWith("/unsupported.bin: ")).singleElement().asString()
                .endsWith("(12288 of 12288 bytes unreadable, left as holes)");
        assertThat(Files.readAllBytes(out.resolve("unsupported.bin"))).isEqualTo(new byte[12288]);
        rec.errors.removeIf(e -> e.startsWith("/unsupported.bin: "));
        assertThat(st.errors()).isEqualTo(2);
        assertThat(rec.errors).singleElement().asString()
                .startsWith("/d/bad.bin: data checksum error: inode " + bad.ino + " offset 4096")
                .endsWith("(4096 of 12288 bytes unreadable, left as holes)");
        byte[] got = Files.readAllBytes(out.resolve("d/bad.bin"));
        byte[] want = d.clone();
        Arrays.fill(want, 4096, 8192, (byte) 0);
        assertThat(got).isEqualTo(want);
        assertThat(Files.readString(out.resolve("good.txt"))).isEqualTo("good\n");
        assertThat(st.summary()).contains("; 2 errors;");
    }

    @Test
    void specialFilesAreReportedNotCreated(@TempDir Path out) throws Exception {
        FakeFsView fs = new FakeFsView();
        fs.link(fs.root, "fifo", fs.node(0010000 | 0644));
        FakeFsView.Inode chr = fs.node(0020000 | 0666);
        chr.rdev = (1 << 8) | 3; // 1:3 = /dev/null
        fs.link(fs.root, "null", chr);
        fs.link(fs.root, "sock", fs.node(0140000 | 0755));
        fs.link(fs.root, "blk", fs.node(0060000 | 0660));

        Recorder rec = new Recorder();
        ExtractStats st = new TreeExtractor(opts(false), rec).extract(fs, null, out);

        try (var s = Files.list(out)) {
            assertThat(s.count()).isZero();
        }
        assertThat(st.errors()).isZero();
        assertThat(st.notReproduced()).containsExactlyInAnyOrderEntriesOf(Map.of(TreeExtractor.FIFOS, 1L, TreeExtractor.DEVICES, 2L, TreeExtractor.SOCKETS, 1L));
        assertThat(rec.skipped).contains("/null: device nodes: character device 1:3 not created (no mknod from Java)");
        assertThat(st.summary()).contains("not reproduced: ").contains("1 fifos").contains("2 device nodes").contains("1 sockets");
    }

    @Test
    void subvolumesAreEmptyDirectoriesUnlessAllSubvolumes(@TempDir Path tmp) throws Exception {
        FakeFsView fs = new FakeFsView();
        FakeFsView sv = new FakeFsView(2, fs.subvols);
        sv.file(sv.root, "inside.txt", "in subvolume 2\n");
        fs.subvolEntry(fs.root, "snap", sv);
        fs.file(fs.root, "top.txt", "top\n");

        Recorder rec = new Recorder();
        Path a = Files.createDirectory(tmp.resolve("a"));
        ExtractStats st = new TreeExtractor(opts(false), rec).extract(fs, null, a);
        assertThat(Files.isDirectory(a.resolve("snap"))).isTrue();
        try (var s = Files.list(a.resolve("snap"))) {
            assertThat(s.count()).isZero();
        }
        assertThat(st.notReproduced(TreeExtractor.SUBVOLUMES)).isEqualTo(1);
        assertThat(rec.skipped).containsExactly("/snap: subvolumes not descended: subvolume 2 created as an empty directory (--all-subvolumes descends into it)");

        Path b = Files.createDirectory(tmp.resolve("b"));
        ExtractStats all = new TreeExtractor(opts(true), new Recorder()).extract(fs, null, b);
        assertThat(Files.readString(b.resolve("snap/inside.txt"))).isEqualTo("in subvolume 2\n");
        assertThat(all.notReproduced()).isEmpty();

        Path c = Files.createDirectory(tmp.resolve("c"));
        new TreeExtractor(opts(false), new Recorder()).extract(fs, "/snap", c);
        assertThat(Files.readString(c.resolve("inside.txt"))).isEqualTo("in subvolume 2\n");
        Path d = Files.createDirectory(tmp.resolve("d"));
        new TreeExtractor(opts(false), new Recorder()).extract(fs, "snap/./inside.txt", d);
        assertThat(Files.readString(d.resolve("inside.txt"))).isEqualTo("in subvolume 2\n");
    }

    @Test
    void pathResolutionErrors(@TempDir Path out) {
        FakeFsView fs = new FakeFsView();
        fs.file(fs.root, "f", "x");
        assertThatThrownBy(() -> new TreeExtractor(opts(false), new Recorder()).extract(fs, "/nope/x", out))
                .isInstanceOf(BcachefsException.class).hasMessage("/nope: no such file or directory in subvolume 1")
                .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> new TreeExtractor(opts(false), new Recorder()).extract(fs, "/f/y", out))
                .isInstanceOf(BcachefsException.class).hasMessage("/f: not a directory (resolving /f/y)");
    }

    @Test
    void loopsAndBadNamesAreReportedNotFollowed(@TempDir Path out) throws Exception {
        FakeFsView fs = new FakeFsView();
        FakeFsView.Inode d = fs.dir(fs.root, "d");
        fs.link(d.ino, "up", fs.nodes.get(fs.root)); // a directory entry pointing back at the root
        FakeFsView.Inode f = fs.node(FileStat.S_IFREG | 0644);
        fs.link(fs.root, "ok", f);
        fs.nodes.get(fs.root).children.put("evil", new dev.jbcachefs.fs.DirEntry("../evil", "../evil".getBytes(StandardCharsets.UTF_8), f.ino, 8, 0));

        Recorder rec = new Recorder();
        ExtractStats st = new TreeExtractor(opts(false), rec).extract(fs, null, out);
        assertThat(rec.errors).containsExactlyInAnyOrder(
                "/d/up: directory loop: inode " + fs.root + " of subvolume 1 is its own ancestor, skipped",
                "/../evil: invalid file name in directory entry (inode " + f.ino + "), skipped");
        assertThat(st.errors()).isEqualTo(2);
        assertThat(Files.exists(out.resolve("ok"))).isTrue();
        assertThat(Files.exists(out.getParent().resolve("evil"))).isFalse();
    }

    @Test
    void replaceExistingNeverFollowsASymlinkInTheWay(@TempDir Path tmp) throws Exception {
        FakeFsView fs = new FakeFsView();
        fs.file(fs.root, "f.txt", "new\n");
        Path victim = Files.writeString(tmp.resolve("victim"), "keep me\n");
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.createSymbolicLink(out.resolve("f.txt"), victim);

        Recorder rec = new Recorder();
        new TreeExtractor(new TreeExtractor.Options(false, false, true), rec).extract(fs, null, out);
        assertThat(rec.errors).isEmpty();
        assertThat(Files.isSymbolicLink(out.resolve("f.txt"))).isFalse();
        assertThat(Files.readString(out.resolve("f.txt"))).isEqualTo("new\n");
        assertThat(Files.readString(victim)).isEqualTo("keep me\n");

        Recorder rec2 = new Recorder();
        new TreeExtractor(new TreeExtractor.Options(false, false, false), rec2).extract(fs, null, out);
        assertThat(rec2.errors).singleElement().asString().startsWith("/f.txt: ");
    }
}
