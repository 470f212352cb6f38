package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.fuse.Mounts;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background {@code jbcachefs mount} under load and at its end, as any FUSE filesystem must behave:
 * eight reader processes over the same files (through the page cache and with O_DIRECT, so requests
 * reach the daemon concurrently) plus a {@code find | stat} walk all get the right bytes; unmounting
 * while a reader holds a file open detaches the mount at once, the reader finishes, and the daemon exits;
 * a SIGKILLed daemon leaves a dead mount (readers get an error, not a hang) that {@code jbcachefs umount}
 * or {@code fusermount3 -u} clears so the directory can be mounted again. Every wait has a deadline.
 */
class MountLifecycleTest {
    @TempDir
    Path tmp;

    private static final String BIG = "random-5MiB.bin", BIG_SHA = "64cdb77c10fa2d9d8e9f928a60bd15a4dff8d47bdfd6214a4092907d10561d2c";

    /** Drops the page cache (FUSE pages included) so readers go to the daemon again; root only. */
    static void dropCaches() throws Exception {
        Path p = Path.of("/proc/sys/vm/drop_caches");
        if (Files.isWritable(p)) Files.writeString(p, "1");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void eightConcurrentReadersAndAFindGetTheRightBytes() throws Exception {
        MountCommandTest.assumeFuse();
        Map<String, String> want = MountedTree.expectedSums("files.sha256");
        MountedTree.Mount m = MountedTree.mount(tmp, Fixtures.imageFile("default").toString(), "threads=4");
        try {
            Path mp = m.mp();
            for (int round = 0; round < 3; round++) {
                dropCaches();
                List<Process> readers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String script = switch (i % 4) {
                        // whole tree, each reader in its own order
                        case 0 -> "find . -type f -print0 | sort -z | xargs -0 sha256sum";
                        case 1 -> "find . -type f -print0 | sort -rz | xargs -0 sha256sum";
                        // O_DIRECT: every read is a FUSE READ request, bypassing the page cache
                        case 2 -> "for f in " + BIG + " compressible-2MiB.txt sparse-8MiB.bin; do echo \"$(dd if=$f iflag=direct bs=" + (64 << (i % 3)) + "k status=none | sha256sum | cut -c1-64)  ./$f\"; done";
                        default -> "for f in " + BIG + " compressible-2MiB.txt b4097.txt; do echo \"$(dd if=$f bs=1M status=none | sha256sum | cut -c1-64)  ./$f\"; done";
                    };
                    readers.add(Sh.start(mp, List.of("bash", "-c", "set -o pipefail; " + script)));
                }
                Process find = Sh.start(mp, List.of("bash", "-c", "set -o pipefail; find . -print0 | xargs -0 stat -c '%i %s %n' | wc -l"));
                for (Process p : readers) {
                    Sh.Result r = Sh.finish(p, 180);
                    assertThat(r.exit()).as(r.toString()).isZero();
                    assertThat(r.err()).isEmpty();
                    Map<String, String> got = MountedTree.parseSums(r.out());
                    assertThat(got).isNotEmpty();
                    got.forEach((k, v) -> assertThat(v).as("round %s %s", k).isEqualTo(want.get(k)));
                }
                Sh.Result f = Sh.finish(find, 180);
                assertThat(f.exit()).as(f.toString()).isZero();
                assertThat(f.out().strip()).isEqualTo("1020"); // ".", 1018 entries, lost+found
            }
            m.umount();
        } finally {
            m.forceCleanup();
        }
    }

    /** A reader that keeps {@code BIG} open and reads 64 KiB every 20 ms, 80 times; exit 3 on a read error. */
    static Process slowReader(Path mp) throws Exception {
        return Sh.start(mp, List.of("bash", "-c", "exec 3<" + BIG + "; for i in $(seq 80); do "
                + "dd bs=64k count=1 iflag=direct <&3 of=/dev/null status=none || exit 3; sleep 0.02; done; echo done"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void umountWithAnActiveReaderDetachesAndTheDaemonExitsWhenItIsDone() throws Exception {
        MountCommandTest.assumeFuse();
        MountedTree.Mount m = MountedTree.mount(tmp, Fixtures.imageFile("default").toString(), "");
        try {
            Process reader = slowReader(m.mp());
            Thread.sleep(300);
            assertThat(reader.isAlive()).isTrue();
            long t0 = System.nanoTime();
            CliRunner.Result r = CliRunner.run("umount", m.mp().toString()); // busy: lazily detached
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat((System.nanoTime() - t0) / 1_000_000).as("umount must not wait for the reader (ms)").isLessThan(5000);
            assertThat(Mounts.isMountPoint(m.mp())).isFalse();
            Sh.Result rr = Sh.finish(reader, 60);
            assertThat(rr.exit()).as("the open file keeps working after a lazy unmount: " + rr).isZero();
            assertThat(rr.out()).isEqualTo("done\n");
            m.awaitDaemonExit(30); // the last reference is gone: the connection ends and the daemon exits
            assertThat(Files.readString(m.log())).contains("was unmounted; daemon pid " + m.daemon().pid() + " exits")
                    .doesNotContain("Exception").doesNotContain("SEVERE");

            // plain umount -l of a second mount, same outcome
            MountedTree.Mount m2 = MountedTree.mount(tmp.resolve("second"), Fixtures.imageFile("default").toString(), "");
            try {
                Process reader2 = slowReader(m2.mp());
                Thread.sleep(300);
                Sh.Result u = Sh.run(null, 30, List.of("umount", "-l", m2.mp().toString()));
                assertThat(u.exit()).as(u.toString()).isZero();
                Sh.Result rr2 = Sh.finish(reader2, 60);
                assertThat(rr2.exit()).as(rr2.toString()).isZero();
                m2.awaitDaemonExit(30);
            } finally {
                m2.forceCleanup();
            }
        } finally {
            m.forceCleanup();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void sigkillOfTheDaemonLeavesAMountThatUmountClears() throws Exception {
        MountCommandTest.assumeFuse();
        for (String how : List.of("jbcachefs umount", "fusermount3 -u")) {
            if (how.startsWith("fusermount3") && Sh.bash(null, 10, "command -v fusermount3").exit() != 0) continue;
            Path dir = Files.createDirectories(tmp.resolve(how.replace(' ', '_')));
            MountedTree.Mount m = MountedTree.mount(dir, Fixtures.imageFile("default").toString(), "");
            Path mp = m.mp();
            try {
                Process reader = slowReader(mp);
                Thread.sleep(300);
                assertThat(reader.isAlive()).isTrue();
                assertThat(m.daemon().destroyForcibly()).isTrue(); // SIGKILL
                m.awaitDaemonExit(30);
                Sh.Result rr = Sh.finish(reader, 30);
                assertThat(rr.exit()).as("a reader of a dead mount gets an error, no hang: " + rr).isEqualTo(3);
                // a request in flight when the daemon dies fails with ECONNABORTED, later ones with ENOTCONN
                assertThat(rr.err()).containsAnyOf("Transport endpoint is not connected", "Software caused connection abort");
                Sh.Result ls = Sh.run(null, 30, List.of("ls", mp.toString()));
                assertThat(ls.exit()).isNotZero();
                assertThat(ls.err()).contains("Transport endpoint is not connected");
                assertThat(Mounts.isMountPoint(mp)).isTrue();

                if (how.startsWith("jbcachefs")) {
                    CliRunner.Result u = CliRunner.run("umount", mp.toString());
                    assertThat(u.exit()).as(u.err()).isZero();
                } else {
                    Sh.Result u = Sh.run(null, 30, List.of("fusermount3", "-u", mp.toString()));
                    assertThat(u.exit()).as(u.toString()).isZero();
                }
                assertThat(Mounts.isMountPoint(mp)).isFalse();
                Sh.Result ls2 = Sh.run(null, 30, List.of("ls", "-A", mp.toString()));
                assertThat(ls2.exit()).as(ls2.toString()).isZero();
                assertThat(ls2.out()).isEmpty();

                // and the directory takes a new mount
                Files.delete(dir.resolve("daemon.log"));
                MountedTree.Mount again = MountedTree.mount(dir, Fixtures.imageFile("default").toString(), "");
                try {
                    Sh.Result sum = Sh.run(mp, 60, List.of("sha256sum", BIG));
                    assertThat(sum.out()).isEqualTo(BIG_SHA + "  " + BIG + "\n");
                    again.umount();
                } finally {
                    again.forceCleanup();
                }
            } finally {
                m.forceCleanup();
            }
        }
    }
}
