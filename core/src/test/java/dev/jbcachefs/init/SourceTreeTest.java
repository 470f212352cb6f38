package dev.jbcachefs.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.testkit.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walks the reference source tree made by the fixtures' {@code make-tree.sh} and checks it against the manifest. */
class SourceTreeTest {
    @TempDir
    static Path tmp;
    static Path tree;
    static final Map<String, SourceTree.Entry> entries = new LinkedHashMap<>();
    static final Map<String, String> symlinks = new TreeMap<>(), links = new TreeMap<>(), dirEvents = new LinkedHashMap<>();
    static final List<String> order = new ArrayList<>();

    @BeforeAll
    static void makeAndWalk() throws Exception {
        tree = Fixtures.makeTree(tmp.resolve("tree"));
        SourceTree.walk(tree, new SourceTree.Visitor() {
            public void directory(SourceTree.Entry d) { add("d", d); dirEvents.put(d.pathString(), "open"); }
            public void endDirectory(SourceTree.Entry d) { dirEvents.put(d.pathString(), "closed"); }
            public void file(SourceTree.Entry f) { add("f", f); }
            public void symlink(SourceTree.Entry l, byte[] target) { add("l", l); symlinks.put(l.pathString(), new String(target, StandardCharsets.UTF_8)); }
            public void special(SourceTree.Entry n) { add("s", n); }
            public void hardLink(SourceTree.Entry l, SourceTree.Entry first) { links.put(l.pathString(), first.pathString()); order.add(l.pathString()); }
        });
    }

    static void add(String kind, SourceTree.Entry e) {
        assertThat(entries.put(e.pathString(), e)).isNull();
        order.add(e.pathString());
    }

    @Test
    void everyPathOfTheManifestWithTypeModeLinksSizeAndTarget() throws IOException {
        int checked = 0;
        for (String line : Files.readAllLines(Fixtures.dir().resolve("files.meta.txt"))) {
            if (line.isBlank()) continue;
            // "f mode=644 nlink=1 size=4095 blocks512=8 ./a4095.txt -> "
            String[] f = line.split(" ", 6);
            String path = f[5].substring(2, f[5].indexOf(" -> "));
            String target = f[5].substring(f[5].indexOf(" -> ") + 4);
            SourceTree.Entry e = entries.get(path);
            if (e == null) {
                assertThat(links).as(path).containsKey(path);
                continue;
            }
            int type = switch (f[0]) {
                case "d" -> SourceTree.S_IFDIR;
                case "l" -> SourceTree.S_IFLNK;
                default -> SourceTree.S_IFREG;
            };
            assertThat(e.stat().type()).as(path).isEqualTo(type);
            assertThat(Integer.toOctalString(e.stat().permissions())).as(path).isEqualTo(f[1].substring(5));
            if (type != SourceTree.S_IFDIR) {
                assertThat(e.stat().nlink()).as(path).isEqualTo(Long.parseLong(f[2].substring(6)));
                assertThat(e.stat().size()).as(path).isEqualTo(Long.parseLong(f[3].substring(5)));
            }
            if (type == SourceTree.S_IFLNK) assertThat(symlinks.get(path)).isEqualTo(target);
            checked++;
        }
        long files = entries.values().stream().filter(e -> e.stat().type() == SourceTree.S_IFREG).count();
        System.out.println("sourcetree: " + checked + " manifest entries checked, " + files + " regular files + " + links.size() + " hard link(s)");
        assertThat(files + links.size()).isEqualTo(1012);
        assertThat(entries.values().stream().filter(e -> e.stat().type() == SourceTree.S_IFDIR).count()).isEqualTo(4); // root + 3
        assertThat(symlinks).containsExactly(Map.entry("symlink-dangling", "/nonexistent/absolute/target"),
                Map.entry("symlink-rel-nested", "sub/deeper/nested.txt"), Map.entry("symlink-to-hello", "hello.txt"));
        assertThat(checked + links.size()).isEqualTo(1018);
    }

    @Test
    void hardLinkPairIsOneInodeReportedOnce() {
        assertThat(links).containsExactly(Map.entry("hardlink-b", "hardlink-a"));
        assertThat(entries.get("hardlink-a").stat().nlink()).isEqualTo(2);
    }

    @Test
    void sortedDepthFirstOrderWithDirectoriesClosed() {
        assertThat(order.getFirst()).isEmpty();
        assertThat(order.subList(1, 5)).containsExactly("a4095.txt", "b4097.txt", "compressible-2MiB.txt", "dir1000");
        assertThat(order.get(5)).isEqualTo("dir1000/f0000");
        assertThat(order.get(1004)).isEqualTo("dir1000/f0999");
        assertThat(order.indexOf("sub/deeper/nested.txt")).isGreaterThan(order.indexOf("sub/deeper")).isLessThan(order.indexOf("symlink-dangling"));
        assertThat(dirEvents.values()).containsOnly("closed");
    }

    @Test
    void xattrsOfXattrFile() {
        Map<String, String> x = new TreeMap<>();
        for (SourceTree.Xattr a : entries.get("xattr-file").xattrs()) x.put(a.nameString(), new String(a.value(), StandardCharsets.UTF_8));
        assertThat(x).containsOnlyKeys("user.big", "user.empty", "user.test");
        assertThat(x.get("user.test")).isEqualTo("hello-xattr");
        assertThat(x.get("user.empty")).isEmpty();
        assertThat(x.get("user.big")).isEqualTo("z".repeat(1000));
        assertThat(entries.get("hello.txt").xattrs()).isEmpty();
    }

    @Test
    void helloTxtModeAndTimes() {
        SourceTree.Stat s = entries.get("hello.txt").stat();
        assertThat(s.mode()).isEqualTo(0100600);
        assertThat(s.size()).isEqualTo(12);
        assertThat(s.mtime()).isEqualTo(new SourceTree.Timespec(1577934245L, 0));
        assertThat(s.atime()).isEqualTo(new SourceTree.Timespec(1577934245L, 0));
        assertThat(s.ctime().sec()).isGreaterThan(1577934245L);
        assertThat(s.ino()).isPositive();
        assertThat(entries.get("symlink-to-hello").stat().mtime()).isEqualTo(new SourceTree.Timespec(1577934245L, 0));
        if (s.btime() != null) assertThat(s.btime().sec()).isGreaterThan(1577934245L);
    }

    @Test
    void sparseFileDataRangesAndContent() throws Exception {
        SourceTree.Entry e = entries.get("sparse-8MiB.bin");
        try (SourceFile f = SourceFile.open(e)) {
            List<long[]> r = f.dataRanges();
            assertThat(r).hasSize(2);
            assertThat(r.get(0)[0]).isEqualTo(1 << 20);
            assertThat(r.get(0)[1]).isBetween((1L << 20) + 12, (1L << 20) + 65536);
            assertThat(r.get(1)[0]).isEqualTo(6L << 20);
            assertThat(r.get(1)[1]).isBetween((6L << 20) + 4096, (6L << 20) + 65536);
            byte[] b = new byte[16];
            assertThat(f.read(1 << 20, b, 0, 16)).isEqualTo(16);
            assertThat(new String(b, 0, 12, StandardCharsets.US_ASCII)).isEqualTo("DATA-AT-1MiB");
            assertThat(f.read((8L << 20) - 4, b, 0, 16)).isEqualTo(4);
        }
        try (SourceFile f = SourceFile.open(entries.get("empty.txt"))) {
            assertThat(f.dataRanges()).isEmpty();
        }
    }

    @Test
    void fileContentReadInChunksMatchesTheManifestHash() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (SourceFile f = SourceFile.open(entries.get("compressible-2MiB.txt"))) {
            byte[] b = new byte[256 << 10];
            long pos = 0;
            for (int n; (n = f.read(pos, b, 0, b.length)) > 0; pos += n) md.update(b, 0, n);
            assertThat(pos).isEqualTo(2097152);
        }
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo("7eb5d8ae0deb990d50dd06d0bf4a20ebb14085ee7dab70e0964ffd4b27125945");
    }

    @Test
    void errorsNameThePath() throws IOException {
        Path gone = tmp.resolve("gone");
        assertThatThrownBy(() -> SourceTree.walk(gone, new SourceTree.Visitor() {
            public void directory(SourceTree.Entry d) { }
            public void file(SourceTree.Entry f) { }
            public void symlink(SourceTree.Entry l, byte[] t) { }
            public void special(SourceTree.Entry n) { }
            public void hardLink(SourceTree.Entry l, SourceTree.Entry first) { }
        })).isInstanceOf(BcachefsException.class).hasMessageContaining(gone.toString()).hasMessageNotContaining("\n")
                .satisfies(t -> assertThat(((BcachefsException) t).code()).isEqualTo(ErrorCode.NOT_FOUND));
        Path unreadable = Files.createDirectories(tmp.resolve("locked/inner"));
        Files.writeString(unreadable.resolve("x"), "x");
        unreadable.toFile().setReadable(false);
        try {
            if (!Files.isReadable(unreadable)) { // root reads everything
                assertThatThrownBy(() -> SourceTree.walk(tmp.resolve("locked"), new SourceTree.Visitor() {
                    public void directory(SourceTree.Entry d) { }
                    public void file(SourceTree.Entry f) { }
                    public void symlink(SourceTree.Entry l, byte[] t) { }
                    public void special(SourceTree.Entry n) { }
                    public void hardLink(SourceTree.Entry l, SourceTree.Entry first) { }
                })).isInstanceOf(BcachefsException.class).hasMessageContaining("locked/inner");
            }
        } finally {
            unreadable.toFile().setReadable(true);
        }
    }

    /** Special files and the non-user xattr namespaces (needs root for trusted.* and mknod; skipped otherwise). */
    @Test
    void specialFilesAndAllXattrNamespaces() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("special"));
        String acl = "0x0200000001000600ffffffff02000400e803000004000400ffffffff10000400ffffffff20000400ffffffff";
        Process p = new ProcessBuilder("bash", "-c", "cd \"$0\" && touch f && mkfifo p && setfattr -n security.s -v sv f"
                + " && setfattr -n system.posix_acl_access -v " + acl + " f && (mknod c c 1 3 && setfattr -n trusted.t -v tv f || true)",
                d.toString()).inheritIO().start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo/setfattr not available");
        Map<String, SourceTree.Entry> got = new TreeMap<>();
        SourceTree.walk(d, new SourceTree.Visitor() {
            public void directory(SourceTree.Entry x) { }
            public void file(SourceTree.Entry f) { got.put(f.pathString(), f); }
            public void symlink(SourceTree.Entry l, byte[] t) { }
            public void special(SourceTree.Entry n) { got.put(n.pathString(), n); }
            public void hardLink(SourceTree.Entry l, SourceTree.Entry first) { }
        });
        assertThat(got.get("p").stat().type()).isEqualTo(SourceTree.S_IFIFO);
        Map<String, String> x = new TreeMap<>();
        for (SourceTree.Xattr a : got.get("f").xattrs()) x.put(a.nameString(), HexFormat.of().formatHex(a.value()));
        assertThat(x).containsEntry("security.s", "7376").containsEntry("system.posix_acl_access", acl.substring(2));
        if (got.containsKey("c")) {
            assertThat(got.get("c").stat().type()).isEqualTo(SourceTree.S_IFCHR);
            assertThat(got.get("c").stat().rdev()).isEqualTo(SourceTree.makedev(1, 3));
            assertThat(x).containsEntry("trusted.t", "7476");
        }
    }
}
