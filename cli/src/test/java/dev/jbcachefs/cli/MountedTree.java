package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.fuse.Mounts;
import dev.jbcachefs.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helpers for a {@code jbcachefs mount} in the background: mounting through the CLI (a daemon JVM
 * with its log in the test's directory), and checking a mounted tree against the fixtures' expected
 * content ({@code files.sha256}, {@code files.meta.txt}, {@code files.xattrs.txt}) with host tools run as
 * subprocesses: {@code sha256sum}, {@code stat}, {@code readlink}, {@code getfattr -d}, {@code ls -li}.
 */
final class MountedTree {
    private static final Pattern PID = Pattern.compile("pid (\\d+)\\)");

    /** A live background mount: its mount point, daemon process and log file. */
    record Mount(Path mp, ProcessHandle daemon, Path log) {
        /** {@code jbcachefs umount}, then waits for the daemon to exit. */
        void umount() throws InterruptedException {
            CliRunner.Result r = CliRunner.run("umount", mp.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Mounts.isMountPoint(mp)).isFalse();
            awaitDaemonExit(30);
        }

        void awaitDaemonExit(int seconds) throws InterruptedException {
            try {
                daemon.onExit().get(seconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("mount daemon " + daemon.pid() + " did not exit within " + seconds + " s", e);
            }
        }

        /** Cleanup for a failed test: unmount whatever is left and kill the daemon. */
        void forceCleanup() {
            try {
                if (Mounts.isMountPoint(mp)) Sh.run(null, 30, List.of("umount", "-l", mp.toString()));
            } catch (IOException | InterruptedException e) {
                // best effort
            }
            daemon.destroyForcibly();
        }
    }

    private MountedTree() {}

    /** {@code jbcachefs mount -o ro,log=DIR/daemon.log[,extra] DEVS MP} in the background; returns once it is live. */
    static Mount mount(Path dir, String devs, String extraOpts) throws IOException {
        Path mp = Files.createDirectories(dir.resolve("mnt"));
        Path log = dir.resolve("daemon.log");
        String opts = "ro,log=" + log + (extraOpts.isEmpty() ? "" : "," + extraOpts);
        CliRunner.Result r = CliRunner.run("mount", "-o", opts, devs, mp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Matcher m = PID.matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(m.group(1)));
        assertThat(h).as("daemon process").isPresent();
        assertThat(Mounts.fsType(mp)).isEqualTo("fuse.jbcachefs");
        assertThat(r.err()).contains("the mount daemon logs to " + log);
        return new Mount(mp, h.get(), log);
    }

    /** {@code HASH  ./path} lines of a sha256 file (or of sha256sum's output) as path to hash. */
    static Map<String, String> parseSums(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String l : text.split("\n")) {
            if (l.isBlank()) continue;
            int sep = l.indexOf("  ");
            assertThat(sep).as(l).isEqualTo(64);
            m.put(l.substring(sep + 2), l.substring(0, 64));
        }
        return m;
    }

    static Map<String, String> expectedSums(String file) throws IOException {
        return parseSums(Files.readString(Fixtures.dir().resolve(file)));
    }

    /** sha256sum of every regular file under {@code root} (paths {@code ./...}), skipping the top-level {@code prune} directories. */
    static Map<String, String> sha256sum(Path root, String... prune) throws Exception {
        StringBuilder p = new StringBuilder();
        for (String d : prune) p.append("-path ./").append(d).append(" -prune -o ");
        Sh.Result r = Sh.bash(root, 300, "set -o pipefail; find . " + p + "-type f -print0 | xargs -0 -r sha256sum");
        assertThat(r.exit()).as(r.toString()).isZero();
        return parseSums(r.out());
    }

    /**
     * Checks the whole source tree under {@code root} (the mount point, or a snapshot of it): file
     * contents, then type, mode, link count, size, symlink targets, inode numbers (unique but for the
     * hard-link pair) and mtime against {@code files.meta.txt}, then user xattrs against
     * {@code files.xattrs.txt}. Returns the number of entries whose metadata matched.
     */
    static int checkSourceTree(Path root) throws Exception {
        return checkSourceTree(root, false, true);
    }

    /**
     * As {@link #checkSourceTree(Path)}; {@code symlinkSizeWithNul}: the image was written through a kernel
     * mount, which stores a symlink's target with its terminating NUL and reports that length as its size
     * (the kernel's {@code stat} shows the same), one more than the source tree's.
     */
    static int checkSourceTree(Path root, boolean symlinkSizeWithNul, boolean xattrs) throws Exception {
        Map<String, String> want = expectedSums("files.sha256");
        assertThat(want).hasSize(1012);
        assertThat(sha256sum(root)).isEqualTo(want);
        checkMetadata(root, symlinkSizeWithNul, java.util.Set.of());
        checkXattrs(root, xattrs);
        return 1018;
    }

    /** Whether upstream's {@code list -b xattrs} of {@code image} printed any xattr key. */
    static boolean hasXattrs(String image) {
        String t = Fixtures.output(image + ".list.txt.zst");
        int from = t.indexOf("##### btree xattrs");
        int to = t.indexOf("#####", from + 5);
        return t.substring(from, to < 0 ? t.length() : to).contains(" type xattr ");
    }

    /**
     * Everything of {@link #checkSourceTree} but file contents and xattrs; symlinks whose inode is in
     * {@code lost} (their target is stored on a missing device) must fail readlink instead.
     */
    static void checkMetadata(Path root, boolean symlinkSizeWithNul, java.util.Set<Long> lost) throws Exception {

        // stat of every entry, through find + xargs stat
        Sh.Result r = Sh.bash(root, 300, "set -o pipefail; find . -mindepth 1 -print0 | xargs -0 -r stat -c '%F|%a|%h|%s|%i|%Y|%n'");
        assertThat(r.exit()).as(r.toString()).isZero();
        Map<String, String[]> got = new HashMap<>();
        for (String l : r.out().split("\n")) {
            String[] f = l.split("\\|", 7);
            got.put(f[6].substring(2), f);
        }
        // upstream's format and mount make lost+found (empty, mode 700); the source tree has none
        assertThat(got.remove("lost+found")).as("lost+found").isNotNull().satisfies(f -> {
            assertThat(f[0]).isEqualTo("directory");
            assertThat(f[1]).isEqualTo("700");
        });
        Map<String, String> links = new LinkedHashMap<>();
        int matched = 0;
        got.remove("."); 
        for (String l : Files.readAllLines(Fixtures.dir().resolve("files.meta.txt"))) {
            if (l.isBlank()) continue;
            String[] f = l.split(" ");
            String rel = l.substring(l.indexOf(" ./") + 3, l.indexOf(" -> "));
            String[] s = got.remove(rel);
            assertThat(s).as("entry %s under the mount", rel).isNotNull();
            String type = switch (f[0]) {
                case "f" -> f[3].equals("size=0") ? "regular empty file" : "regular file";
                case "d" -> "directory";
                case "l" -> "symbolic link";
                default -> throw new AssertionError("type " + f[0]);
            };
            assertThat(s[0]).as("type of " + rel).isEqualTo(type);
            assertThat("mode=" + s[1]).as("mode of " + rel).isEqualTo(f[1]);
            assertThat("nlink=" + s[2]).as("nlink of " + rel).isEqualTo(f[2]);
            if (f[0].equals("f")) assertThat("size=" + s[3]).as("size of " + rel).isEqualTo(f[3]);
            if (f[0].equals("l")) {
                long len = l.substring(l.indexOf(" -> ") + 4).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                assertThat(Long.parseLong(s[3])).as("size of symlink " + rel).isEqualTo(symlinkSizeWithNul ? len + 1 : len);
            }
            if (f[0].equals("l") && !lost.contains(Long.parseLong(s[4]))) links.put(rel, l.substring(l.indexOf(" -> ") + 4));
            if (f[0].equals("l") && lost.contains(Long.parseLong(s[4]))) {
                Sh.Result rl = Sh.run(root, 30, List.of("readlink", "-v", "--", rel));
                assertThat(rl.exit()).as("readlink of %s whose target is on a missing device: %s", rel, rl).isNotZero();
                assertThat(rl.err()).isNotEmpty();
            }
            matched++;
        }
        assertThat(got.keySet()).as("entries under the mount that the source tree does not have").isEmpty();
        assertThat(matched).isEqualTo(1018);

        // symlink targets through readlink(1)
        if (!links.isEmpty()) {
            r = Sh.run(root, 60, cat(List.of("readlink", "--"), links.keySet()));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo(String.join("\n", links.values()) + "\n");
        }

        // inode numbers: unique per entry, but hard links share one (ls -li)
        r = Sh.bash(root, 120, "set -o pipefail; find . -mindepth 1 -print0 | xargs -0 -r stat -c '%i %n'");
        Map<String, List<String>> byIno = new HashMap<>();
        for (String l : r.out().split("\n")) byIno.computeIfAbsent(l.substring(0, l.indexOf(' ')), k -> new ArrayList<>()).add(l.substring(l.indexOf(' ') + 1));
        List<List<String>> shared = byIno.values().stream().filter(v -> v.size() > 1).toList();
        assertThat(shared).hasSize(1);
        assertThat(shared.get(0)).containsExactlyInAnyOrder("./hardlink-a", "./hardlink-b");
        r = Sh.run(root, 30, List.of("ls", "-li", "hardlink-a", "hardlink-b"));
        String[] ls = r.out().split("\n");
        assertThat(ls).hasSize(2);
        assertThat(ls[0].split(" +")[0]).isEqualTo(ls[1].split(" +")[0]);
        assertThat(ls[0].split(" +")[2]).isEqualTo("2");
        // ".." in readdir (ls -ai prints the d_ino getdents returned) is the parent's inode number
        r = Sh.run(root, 30, List.of("ls", "-ai", "sub/deeper"));
        String subIno = Sh.run(root, 30, List.of("stat", "-c", "%i", "sub")).out().strip();
        assertThat(r.out()).as(r.toString()).containsPattern("(?m)^ *" + subIno + " \\.\\.$");
        r = Sh.run(root, 30, List.of("stat", "-c", "%Y %a", "hello.txt"));
        assertThat(r.out()).isEqualTo("1577934245 600\n"); // 2020-01-02T03:04:05Z
    }

    static void checkXattrs(Path root, boolean xattrs) throws Exception {
        Sh.Result r = Sh.bash(root, 120, "command -v getfattr >/dev/null || { echo 'getfattr is missing: apt-get install attr (bin/test installs it as root)' >&2; exit 127; }; "
                + "set -o pipefail; find . -mindepth 1 -print0 | sort -z | xargs -0 -r getfattr -h -d");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        // getfattr prints names without find's leading "./"; the fixture was made from the tree's root
        assertThat(r.out()).isEqualTo(xattrs ? Files.readString(Fixtures.dir().resolve("files.xattrs.txt")).replace("# file: ./", "# file: ") : "");
    }

    private static List<String> cat(List<String> a, java.util.Collection<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
