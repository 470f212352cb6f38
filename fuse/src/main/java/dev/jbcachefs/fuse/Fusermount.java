package dev.jbcachefs.fuse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Unprivileged mounting through the setuid helper {@code fusermount3}, for when this process may not call
 * {@code mount(2)} itself. The helper's protocol: it is started with {@code -o OPTIONS -- MOUNTPOINT} and
 * the environment variable {@code _FUSE_COMMFD} naming an inherited {@code AF_UNIX} socket; it opens
 * {@code /dev/fuse}, mounts, and sends the open descriptor back over that socket as {@code SCM_RIGHTS}
 * ancillary data, then exits. The child is started with {@code posix_spawnp} (Java's process builder
 * closes every inherited descriptor but 0-2). Unmounting is {@code fusermount3 -u}.
 */
final class Fusermount {
    static final String HELPER = "fusermount3";
    private static final int AF_UNIX = 1, SOCK_STREAM = 1, SOL_SOCKET = 1, SCM_RIGHTS = 1;
    private static final int EINTR = 4;

    private Fusermount() {}

    /** The helper's absolute path on {@code PATH}, or null when it is not installed. */
    static Path find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, HELPER);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    static Path require() {
        Path p = find();
        if (p == null) {
            throw new BcachefsException(ErrorCode.UNSUPPORTED, "mounting without root needs " + HELPER + ": install the fuse3 package (apt-get install fuse3) or run as root");
        }
        return p;
    }

    /**
     * Mounts through the helper and returns the {@code /dev/fuse} descriptor it hands back. {@code options}
     * is the comma-separated {@code -o} list (fsname, subtype, ro, default_permissions, ...).
     */
    static int mount(Path mountpoint, String options) {
        Path helper = require();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Libc.state(a);
            MemorySegment pair = a.allocate(JAVA_INT, 2);
            // Both ends are inherited by the helper (no SOCK_CLOEXEC); ours is closed in it when it exits.
            if (Libc.socketpair(st, AF_UNIX, SOCK_STREAM, 0, pair) != 0) {
                throw new BcachefsException(ErrorCode.IO, "socketpair for " + HELPER + " failed: " + Libc.strerror(Libc.errno(st)));
            }
            int ours = pair.getAtIndex(JAVA_INT, 0);
            int theirs = pair.getAtIndex(JAVA_INT, 1);
            try {
                int pid = spawn(a, List.of(helper.toString(), "-o", options, "--", mountpoint.toString()), Map.of("_FUSE_COMMFD", Integer.toString(theirs)));
                Libc.close(theirs);
                theirs = -1;
                int fd = receiveFd(a, ours);
                int status = waitFor(a, pid);
                if (fd < 0) {
                    throw new BcachefsException(ErrorCode.IO, HELPER + " could not mount " + mountpoint + " (exit status " + status + "; its message is above)");
                }
                return fd;
            } finally {
                Libc.close(ours);
                if (theirs >= 0) Libc.close(theirs);
            }
        }
    }

    /** {@code fusermount3 -u [-z] MOUNTPOINT}; throws with the helper's message when it fails. */
    static void unmount(Path mountpoint, boolean lazy) {
        Path helper = require();
        List<String> cmd = new ArrayList<>(List.of(helper.toString(), "-u", "-q"));
        if (lazy) cmd.add("-z");
        cmd.add("--");
        cmd.add(mountpoint.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BcachefsException(ErrorCode.IO, HELPER + " -u " + mountpoint + " did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new BcachefsException(ErrorCode.IO, "cannot unmount " + mountpoint + " with " + HELPER + ": " + (out.isEmpty() ? "exit status " + p.exitValue() : out));
            }
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.IO, "cannot run " + HELPER + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BcachefsException(ErrorCode.IO, "interrupted while unmounting " + mountpoint);
        }
    }

    private static int spawn(Arena a, List<String> args, Map<String, String> extraEnv) {
        MemorySegment argv = a.allocate(ADDRESS, args.size() + 1L);
        for (int i = 0; i < args.size(); i++) argv.setAtIndex(ADDRESS, i, Libc.cstr(a, args.get(i)));
        argv.setAtIndex(ADDRESS, args.size(), MemorySegment.NULL);
        List<String> env = new ArrayList<>();
        System.getenv().forEach((k, v) -> {
            if (!extraEnv.containsKey(k)) env.add(k + "=" + v);
        });
        extraEnv.forEach((k, v) -> env.add(k + "=" + v));
        MemorySegment envp = a.allocate(ADDRESS, env.size() + 1L);
        for (int i = 0; i < env.size(); i++) envp.setAtIndex(ADDRESS, i, Libc.cstr(a, env.get(i)));
        envp.setAtIndex(ADDRESS, env.size(), MemorySegment.NULL);
        MemorySegment pid = a.allocate(JAVA_INT);
        int r = Libc.posixSpawnp(pid, Libc.cstr(a, args.get(0)), argv, envp);
        if (r != 0) throw new BcachefsException(ErrorCode.IO, "cannot start " + args.get(0) + ": " + Libc.strerror(r));
        return pid.get(JAVA_INT, 0);
    }

    /** Receives one descriptor sent as SCM_RIGHTS; -1 when the peer closed the socket without sending one. */
    private static int receiveFd(Arena a, int sock) {
        MemorySegment st = Libc.state(a);
        MemorySegment data = a.allocate(1);
        MemorySegment iov = a.allocate(16, 8); // struct iovec { void *base; size_t len; }
        iov.set(ADDRESS, 0, data);
        iov.set(JAVA_LONG, 8, 1L);
        MemorySegment control = a.allocate(64, 8);
        MemorySegment msg = a.allocate(56, 8); // struct msghdr on LP64
        while (true) {
            msg.fill((byte) 0);
            control.fill((byte) 0);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1L);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, control.byteSize());
            long n = Libc.recvmsg(st, sock, msg, 0);
            if (n < 0 && Libc.errno(st) == EINTR) continue;
            if (n <= 0) return -1;
            long controlLen = msg.get(JAVA_LONG, 40);
            // struct cmsghdr { size_t len; int level; int type; } followed by the data
            if (controlLen >= 20 && control.get(JAVA_INT, 8) == SOL_SOCKET && control.get(JAVA_INT, 12) == SCM_RIGHTS
                    && control.get(JAVA_LONG, 0) >= 20) {
                return control.get(JAVA_INT, 16);
            }
            return -1;
        }
    }

    private static int waitFor(Arena a, int pid) {
        MemorySegment st = Libc.state(a);
        MemorySegment status = a.allocate(JAVA_INT);
        while (true) {
            int r = Libc.waitpid(st, pid, status, 0);
            if (r == pid) {
                int s = status.get(JAVA_INT, 0);
                return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
            }
            if (r < 0 && Libc.errno(st) != EINTR) return -1;
        }
    }
}
