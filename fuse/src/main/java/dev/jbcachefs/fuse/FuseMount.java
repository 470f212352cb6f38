package dev.jbcachefs.fuse;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.FsView;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live FUSE mount of one {@link FsView}: opens {@code /dev/fuse}, mounts it with {@code mount(2)}
 * (read-only, nosuid, nodev) as root or otherwise through the setuid {@link Fusermount} helper, and runs worker platform threads that each read requests from their own
 * cloned {@code /dev/fuse} descriptor ({@code FUSE_DEV_IOC_CLONE}), hand them to the
 * {@link FuseDispatcher} and write the reply back to the same descriptor. The mount ends when anyone
 * unmounts it ({@link #unmount()}, {@code jbcachefs umount}, plain {@code umount}): the kernel then fails
 * the workers' reads with ENODEV and they exit. Failures before the mount is live are
 * {@link BcachefsException}s whose one-line message says what to do.
 */
public final class FuseMount implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.jbcachefs.fuse");
    private static final int ENODEV = 19, EINTR = 4, EAGAIN = 11, ENOENT = 2, EPERM = 1;

    private final Path mountpoint;
    private final FuseDispatcher dispatcher;
    private final int sessionFd;
    private final List<Thread> workers = new ArrayList<>();
    private final List<Integer> fds = new ArrayList<>();
    private volatile boolean unmounted;

    private FuseMount(Path mountpoint, FuseDispatcher dispatcher, int sessionFd) {
        this.mountpoint = mountpoint;
        this.dispatcher = dispatcher;
        this.sessionFd = sessionFd;
    }

    /** Checks that {@code mountpoint} can take a mount: an existing directory that is not already a mount point. */
    public static Path checkMountpoint(Path mountpoint) {
        Path mp = mountpoint.toAbsolutePath().normalize();
        if (!Files.exists(mp)) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "mount point " + mp + " does not exist: create it with mkdir");
        if (!Files.isDirectory(mp)) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "mount point " + mp + " is not a directory");
        if (Mounts.isMountPoint(mp)) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "mount point " + mp + " is busy: something is already mounted there (unmount it first)");
        try {
            return mp.toRealPath(LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException e) {
            return mp;
        }
    }

    /** Checks that FUSE can be used here: {@code /dev/fuse} exists and this process may mount. */
    public static void checkFuse() {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new BcachefsException(ErrorCode.UNSUPPORTED, "/dev/fuse does not exist: load the fuse kernel module (modprobe fuse) or run the container with --device /dev/fuse");
        }
        if (!FuseMount.class.getModule().isNativeAccessEnabled()) {
            throw new BcachefsException(ErrorCode.UNSUPPORTED, "FUSE needs native access: run java with --enable-native-access=ALL-UNNAMED (bin/jbcachefs does)");
        }
        if (Libc.geteuid() != 0) Fusermount.require();
    }

    /**
     * Mounts {@code fs} on {@code mountpoint} and returns once the kernel has completed INIT (the mount is
     * usable). The caller keeps ownership of {@code fs} and closes it after the mount ends.
     */
    public static FuseMount mount(FsView fs, Path mountpoint, MountOptions opts) {
        checkFuse();
        Path mp = checkMountpoint(mountpoint);
        FuseDispatcher d = new FuseDispatcher(fs);
        int fd = Libc.geteuid() == 0 ? mountDirect(mp, opts) : -1;
        if (fd < 0) fd = Fusermount.mount(mp, helperOptions(opts));
        FuseMount m = new FuseMount(mp, d, fd);
        try {
            m.start(opts.threads());
            if (!d.initDone().await(30, TimeUnit.SECONDS)) throw new BcachefsException(ErrorCode.IO, "the kernel did not complete FUSE INIT on " + mp + " within 30 s");
            raiseReadahead(mp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            m.unmount();
            throw new BcachefsException(ErrorCode.IO, "interrupted while mounting " + mp);
        } catch (RuntimeException e) {
            m.unmount();
            throw e;
        }
        return m;
    }

    /** Readahead window of a mount in KiB: four 1 MiB READs, so that a sequential reader keeps several workers busy. */
    static final int READAHEAD_KB = 4 * (FuseDispatcher.MAX_WRITE >> 10);

    /**
     * Raises the mount's readahead window to {@link #READAHEAD_KB} (4 MiB) through
     * {@code /sys/class/bdi/0:MINOR/read_ahead_kb}. The kernel caps a FUSE mount's readahead at its
     * default (128 KiB) whatever INIT answered, so without this every sequential read arrives as 128 KiB
     * READ requests, eight round trips per MiB, one at a time. With a 4 MiB window the kernel sends
     * {@code max_pages} (1 MiB) requests, up to four at once (async reads), which the workers serve in
     * parallel: on two cores that is worth about a third more throughput than a 1 MiB window, which
     * leaves one request in flight most of the time. Needs root (sysfs); otherwise the default stays.
     */
    static void raiseReadahead(Path mp) {
        try {
            long dev = ((Number) Files.getAttribute(mp, "unix:dev")).longValue();
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            Path ra = Path.of("/sys/class/bdi/" + major + ":" + minor + "/read_ahead_kb");
            if (Files.isWritable(ra)) Files.writeString(ra, Integer.toString(READAHEAD_KB));
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot raise the readahead of " + mp + ": " + e);
        }
    }

    /** {@code mount(2)} as root; returns the session fd, or -1 when the kernel said EPERM and fusermount3 exists. */
    private static int mountDirect(Path mp, MountOptions opts) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Libc.state(a);
            int fd = Libc.open(st, Libc.cstr(a, "/dev/fuse"), Libc.O_RDWR | Libc.O_CLOEXEC);
            if (fd < 0) {
                int e = Libc.errno(st);
                throw new BcachefsException(ErrorCode.IO, "cannot open /dev/fuse: " + Libc.strerror(e) + " (is FUSE allowed in this container?)");
            }
            String data = "fd=" + fd + ",rootmode=40000,user_id=" + Libc.geteuid() + ",group_id=" + Libc.getegid()
                    + (opts.defaultPermissions() ? ",default_permissions" : "") + (opts.allowOther() ? ",allow_other" : "")
                    + ",max_read=" + FuseDispatcher.MAX_WRITE;
            int r = Libc.mount(st, Libc.cstr(a, opts.fsname()), Libc.cstr(a, mp.toString()), Libc.cstr(a, "fuse.jbcachefs"),
                    Libc.MS_RDONLY | Libc.MS_NOSUID | Libc.MS_NODEV, Libc.cstr(a, data));
            if (r != 0) {
                int e = Libc.errno(st);
                Libc.close(fd);
                if (e == EPERM && Fusermount.find() != null) return -1; // e.g. no CAP_SYS_ADMIN: let fusermount3 try
                throw new BcachefsException(ErrorCode.IO, "cannot mount on " + mp + ": " + Libc.strerror(e));
            }
            return fd;
        }
    }

    /** The {@code -o} list for fusermount3 (it adds fd, rootmode, user_id and group_id itself). */
    static String helperOptions(MountOptions opts) {
        return "ro,nosuid,nodev,fsname=" + opts.fsname() + ",subtype=jbcachefs" + (opts.defaultPermissions() ? ",default_permissions" : "")
                + (opts.allowOther() ? ",allow_other" : "") + ",max_read=" + FuseDispatcher.MAX_WRITE;
    }

    private void start(int threads) {
        fds.add(sessionFd);
        for (int i = 1; i < threads; i++) {
            int c = cloneFd();
            if (c < 0) break; // fall back to sharing the session fd
            fds.add(c);
        }
        for (int i = 0; i < threads; i++) {
            int fd = fds.get(i % fds.size());
            Thread t = Thread.ofPlatform().name("jbcachefs-fuse-" + i).daemon(true).unstarted(() -> loop(fd));
            workers.add(t);
            t.start();
        }
    }

    private int cloneFd() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Libc.state(a);
            int c = Libc.open(st, Libc.cstr(a, "/dev/fuse"), Libc.O_RDWR | Libc.O_CLOEXEC);
            if (c < 0) return -1;
            MemorySegment arg = a.allocate(JAVA_INT);
            arg.set(JAVA_INT, 0, sessionFd);
            if (Libc.ioctl(st, c, Libc.FUSE_DEV_IOC_CLONE, arg) != 0) {
                LOG.log(Level.DEBUG, "FUSE_DEV_IOC_CLONE failed: " + Libc.strerror(Libc.errno(st)));
                Libc.close(c);
                return -1;
            }
            return c;
        }
    }

    private void loop(int fd) {
        byte[] in = new byte[FuseDispatcher.IN_BUFFER];
        byte[] out = new byte[FuseDispatcher.OUT_BUFFER];
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Libc.state(a);
            MemorySegment nin = a.allocate(in.length, 8);
            // every reply is written from here; a READ's data (after the 16-byte header) starts on a page
            // boundary, so the kernel's copies into it (pread) and out of it (the reply) are aligned
            MemorySegment nout = a.allocate(out.length + 4096L, 4096).asSlice(4096 - 16, out.length);
            while (!unmounted) {
                long n = Libc.read(st, fd, nin, in.length);
                if (n < 0) {
                    int e = Libc.errno(st);
                    if (e == EINTR || e == EAGAIN || e == ENOENT) continue; // ENOENT: the request was interrupted
                    if (e != ENODEV) LOG.log(Level.ERROR, "reading /dev/fuse failed: " + Libc.strerror(e));
                    break;
                }
                MemorySegment.copy(nin, JAVA_BYTE, 0, in, 0, (int) n);
                int len;
                try {
                    len = dispatcher.handle(in, (int) n, out, nout);
                } catch (Throwable t) { // handle() answers every failure itself; this is the last resort
                    LOG.log(Level.ERROR, "FUSE request failed in " + Thread.currentThread().getName(), t);
                    long unique = FuseRequest.uniqueOf(in, 0, (int) n);
                    len = unique < 0 ? 0 : FuseDispatcher.error(out, unique, Errno.EIO);
                    MemorySegment.copy(out, 0, nout, JAVA_BYTE, 0, len);
                }
                if (len == 0) continue;
                long w = Libc.write(st, fd, nout, len);
                if (w < 0) {
                    int e = Libc.errno(st);
                    if (e == ENODEV) break;
                    if (e != ENOENT) LOG.log(Level.WARNING, "writing a FUSE reply failed: " + Libc.strerror(e)); // ENOENT: request was interrupted
                }
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "FUSE worker " + Thread.currentThread().getName() + " stopped", t);
        }
    }

    public Path mountpoint() {
        return mountpoint;
    }

    /** Blocks until the mount ends (someone unmounted it). */
    public void awaitUnmount() throws InterruptedException {
        for (Thread t : workers) t.join();
    }

    /** Whether the mount has ended (every worker saw the connection go away). */
    public boolean ended() {
        for (Thread t : workers) {
            if (t.isAlive()) return false;
        }
        return true;
    }

    /** Unmounts (lazily if busy) and waits up to 10 s for the workers to finish; idempotent. */
    public void unmount() {
        if (Mounts.isMountPoint(mountpoint) && "fuse.jbcachefs".equals(Mounts.fsType(mountpoint))) {
            umount(mountpoint);
        }
        unmounted = true;
        try {
            for (Thread t : workers) t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeFds();
    }

    private synchronized void closeFds() {
        if (!ended()) return;
        for (int fd : fds) Libc.close(fd);
        fds.clear();
    }

    /** {@code umount2(mountpoint, 0)} (as non-root {@code fusermount3 -u}), or a lazy detach when busy; throws when neither works. */
    public static void umount(Path mountpoint) {
        if (Libc.geteuid() != 0) {
            Path mp = mountpoint.toAbsolutePath().normalize();
            try {
                Fusermount.unmount(mp, false);
            } catch (BcachefsException e) {
                if (!Mounts.isMountPoint(mp)) return;
                Fusermount.unmount(mp, true); // busy: detach lazily
            }
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Libc.state(a);
            MemorySegment p = Libc.cstr(a, mountpoint.toAbsolutePath().normalize().toString());
            if (Libc.umount2(st, p, 0) == 0) return;
            int e = Libc.errno(st);
            if (e == 16 /* EBUSY */ && Libc.umount2(st, p, Libc.MNT_DETACH) == 0) return;
            throw new BcachefsException(ErrorCode.IO, "cannot unmount " + mountpoint + ": " + Libc.strerror(e == 16 ? Libc.errno(st) : e));
        }
    }

    @Override
    public void close() {
        unmount();
    }
}
