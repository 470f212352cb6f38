package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reference image mounted read-only with {@code jbcachefs mount} (a background daemon, as a user
 * runs it) and its whole tree checked with ordinary tools run as subprocesses against what the source
 * tree holds: every file's sha256, every entry's type, mode, link count, size and inode number, symlink
 * targets, hard links, xattrs. Encrypted mounts with {@code passphrase_file}, replicas2 with both devices
 * and with one device and {@code degraded}; the snapshot image shows the changed root, the read-only
 * snapshot with the original tree and the empty subvolume; the dirty-journal image shows the replayed
 * tree. Each image is mounted once and unmounted with {@code jbcachefs umount}, and its daemon must exit.
 */
class ReferenceImagesMountTest {
    @TempDir
    Path tmp;

    static String devs(String image) {
        return String.join(":", Fixtures.devices(image).stream().map(Path::toString).toList());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "zstd", "lz4", "gzip", "crc64", "encrypted", "replicas2", "dirty-journal"})
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void wholeTreeMatchesTheSource(String image) throws Exception {
        MountCommandTest.assumeFuse();
        String opts = "";
        if (image.equals("encrypted")) opts = "passphrase_file=" + Fixtures.dir().resolve("passphrase.txt");
        MountedTree.Mount m = MountedTree.mount(tmp, devs(image), opts);
        try {
            // dirty-journal was written through a kernel mount: symlink sizes count the target's NUL, and its
            // copy of the tree carried no xattrs (upstream's list -b xattrs of it is empty)
            assertThat(MountedTree.checkSourceTree(m.mp(), image.equals("dirty-journal"), MountedTree.hasXattrs(image))).isEqualTo(1018);
            Sh.Result find = Sh.run(m.mp(), 60, List.of("find", "."));
            assertThat(find.exit()).as(find.toString()).isZero();
            assertThat(find.err()).isEmpty();
            assertThat(find.out().lines().count()).isEqualTo(1020); // ".", 1018 entries, lost+found
            m.umount();
        } finally {
            m.forceCleanup();
        }
        assertThat(Files.readString(m.log())).contains(" was unmounted; daemon pid " + m.daemon().pid() + " exits");
    }

    /**
     * Inode numbers with an extent whose every pointer is on device {@code dev} (ignoring pointers to the
     * invalid device 255), from what upstream's {@code list -b extents} printed: data that exists nowhere else.
     */
    static java.util.Set<Long> inodesOnlyOn(String image, int dev) {
        java.util.Set<Long> out = new java.util.TreeSet<>();
        String text = Fixtures.output(image + ".list.txt.zst");
        text = text.substring(0, text.indexOf("##### btree inodes"));
        long ino = -1;
        java.util.Set<Integer> devs = new java.util.HashSet<>();
        for (String l : (text + "u64s end").split("\n")) {
            if (l.startsWith("u64s ")) {
                if (ino >= 0 && devs.equals(java.util.Set.of(dev))) out.add(ino);
                String[] f = l.split(" ");
                ino = f.length > 4 && f[3].equals("extent") ? Long.parseLong(f[4].substring(0, f[4].indexOf(':'))) : -1;
                devs.clear();
            } else if (l.startsWith("  ptr: ")) {
                String[] f = l.substring(7).split(" "); // "NAME DEV:BUCKET:OFF ..." or "255:0 ..." (no device)
                String d = f[0].contains(":") ? f[0] : f[1];
                int id = Integer.parseInt(d.substring(0, d.indexOf(':')));
                if (id != 255) devs.add(id);
            }
        }
        return out;
    }

    /**
     * One device of replicas2 with {@code degraded}: the image has extents that upstream wrote with one
     * replica only (durability 1, queued for reconcile), so the files holding such extents on the missing
     * device must fail with an error (never return wrong bytes) and every other file reads back exactly.
     * Without {@code degraded} the mount is refused.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void replicas2OneDeviceDegraded() throws Exception {
        MountCommandTest.assumeFuse();
        CliRunner.Result r = CliRunner.run("mount", "-o", "ro,log=" + tmp.resolve("refused.log"), Fixtures.imageFile("replicas2-dev1").toString(),
                Files.createDirectories(tmp.resolve("refused")).toString());
        assertThat(r.exit()).as("one device of two without degraded must be refused: " + r.err()).isNotZero();
        assertThat(r.err()).contains("degraded");
        java.util.Set<Long> lost = inodesOnlyOn("replicas2", 0);
        assertThat(lost).isNotEmpty();
        MountedTree.Mount m = MountedTree.mount(tmp, Fixtures.imageFile("replicas2-dev1").toString(), "degraded");
        try {
            Path mp = m.mp();
            MountedTree.checkMetadata(mp, false, lost);
            MountedTree.checkXattrs(mp, true);
            Sh.Result inos = Sh.bash(mp, 120, "find . -type f -print0 | xargs -0 stat -c '%i %n'");
            java.util.Map<String, String> want = MountedTree.expectedSums("files.sha256");
            java.util.Set<String> unreadable = new java.util.TreeSet<>();
            for (String l : inos.out().split("\n")) {
                if (lost.contains(Long.parseLong(l.substring(0, l.indexOf(' '))))) unreadable.add(l.substring(l.indexOf(' ') + 1));
            }
            assertThat(unreadable).isNotEmpty();
            Sh.Result sums = Sh.bash(mp, 300, "find . -type f -print0 | xargs -0 sha256sum");
            assertThat(sums.exit()).isNotZero();
            java.util.Map<String, String> got = MountedTree.parseSums(sums.out());
            java.util.Map<String, String> expectReadable = new java.util.TreeMap<>(want);
            expectReadable.keySet().removeAll(unreadable);
            assertThat(got).isEqualTo(expectReadable);
            for (String f : unreadable) assertThat(sums.err()).contains("sha256sum: " + f + ": ");
            assertThat(sums.err().lines().count()).isEqualTo(unreadable.size());
            assertThat(Files.readString(m.log())).contains("no good replica").contains("device 0 is not present");
            m.umount();
        } finally {
            m.forceCleanup();
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void snapshotRootSnapshotAndEmptySubvolume() throws Exception {
        MountCommandTest.assumeFuse();
        MountedTree.Mount m = MountedTree.mount(tmp, devs("snapshot"), "");
        try {
            Path mp = m.mp();
            Sh.Result find = Sh.run(mp, 60, List.of("find", "."));
            assertThat(find.exit()).as("find over the mount (no filesystem loops at subvolumes): " + find).isZero();
            assertThat(find.err()).isEmpty();
            assertThat(MountedTree.sha256sum(mp, "snap-ro", "subvol-empty")).hasSize(912).isEqualTo(MountedTree.expectedSums("snapshot-root.sha256"));
            assertThat(MountedTree.checkSourceTree(mp.resolve("snap-ro"))).isEqualTo(1018);
            Sh.Result empty = Sh.run(mp, 30, List.of("ls", "-A", "subvol-empty"));
            assertThat(empty.exit()).as(empty.toString()).isZero();
            assertThat(empty.out()).isEmpty();
            Sh.Result st = Sh.run(mp, 30, List.of("stat", "-c", "%F", "snap-ro", "subvol-empty"));
            assertThat(st.out()).isEqualTo("directory\ndirectory\n");
            assertThat(Files.readString(mp.resolve("hello.txt"))).isEqualTo("hello modified after snapshot\n");
            m.umount();
        } finally {
            m.forceCleanup();
        }
    }
}
