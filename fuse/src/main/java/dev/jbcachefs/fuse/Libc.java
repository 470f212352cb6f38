package dev.jbcachefs.fuse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The handful of libc calls the raw FUSE transport needs ({@code open}, {@code close}, {@code read},
 * {@code write}, {@code ioctl}, {@code mount}, {@code umount2}, {@code geteuid}, and for
 * unprivileged mounts {@code socketpair}, {@code recvmsg}, {@code posix_spawnp}, {@code waitpid}), bound once through the
 * foreign-function API with {@code errno} captured. Every call returns the raw result; a negative value
 * means failure and {@link #errno(MemorySegment)} says why. Needs {@code --enable-native-access}.
 */
final class Libc {
    static final int O_RDWR = 2, O_CLOEXEC = 0x80000;
    static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4;
    static final int MNT_DETACH = 2;
    /** {@code _IOR(229, 0, uint32_t)}: bind a fresh /dev/fuse fd to an existing session. */
    static final long FUSE_DEV_IOC_CLONE = 0x8004E500L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");
    static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPEN = h("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), true, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = h("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), true);
    private static final MethodHandle READ = h("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), true);
    private static final MethodHandle WRITE = h("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), true);
    private static final MethodHandle IOCTL = h("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), true, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MOUNT = h("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), true);
    private static final MethodHandle UMOUNT2 = h("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), true);
    private static final MethodHandle GETEUID = h("geteuid", FunctionDescriptor.of(JAVA_INT), false);
    private static final MethodHandle GETEGID = h("getegid", FunctionDescriptor.of(JAVA_INT), false);
    private static final MethodHandle SOCKETPAIR = h("socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), true);
    private static final MethodHandle RECVMSG = h("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), true);
    private static final MethodHandle POSIX_SPAWNP = h("posix_spawnp", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), false);
    private static final MethodHandle WAITPID = h("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), true);
    private static final MethodHandle STRERROR = h("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT), false);

    private Libc() {}

    private static MethodHandle h(String name, FunctionDescriptor fd, boolean errno, Linker.Option... more) {
        SymbolLookup libc = LINKER.defaultLookup();
        Linker.Option[] opts = more;
        if (errno) {
            opts = java.util.Arrays.copyOf(more, more.length + 1);
            opts[more.length] = ERRNO_OPT;
        }
        return LINKER.downcallHandle(libc.find(name).orElseThrow(), fd, opts);
    }

    /** A call-state segment for one thread's calls. */
    static MemorySegment state(Arena a) {
        return a.allocate(STATE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static MemorySegment cstr(Arena a, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment m = a.allocate(b.length + 1L);
        MemorySegment.copy(b, 0, m, JAVA_BYTE, 0, b.length);
        return m;
    }

    static int open(MemorySegment st, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(st, path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return (int) CLOSE.invokeExact(state(a), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long read(MemorySegment st, int fd, MemorySegment buf, long len) {
        try {
            return (long) READ.invokeExact(st, fd, buf, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long write(MemorySegment st, int fd, MemorySegment buf, long len) {
        try {
            return (long) WRITE.invokeExact(st, fd, buf, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int ioctl(MemorySegment st, int fd, long req, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(st, fd, req, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int mount(MemorySegment st, MemorySegment src, MemorySegment target, MemorySegment type, long flags, MemorySegment data) {
        try {
            return (int) MOUNT.invokeExact(st, src, target, type, flags, data);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int umount2(MemorySegment st, MemorySegment target, int flags) {
        try {
            return (int) UMOUNT2.invokeExact(st, target, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int socketpair(MemorySegment st, int domain, int type, int protocol, MemorySegment fds) {
        try {
            return (int) SOCKETPAIR.invokeExact(st, domain, type, protocol, fds);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recvmsg(MemorySegment st, int fd, MemorySegment msg, int flags) {
        try {
            return (long) RECVMSG.invokeExact(st, fd, msg, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code posix_spawnp(pid, file, NULL, NULL, argv, envp)}: returns 0 or an errno value. */
    static int posixSpawnp(MemorySegment pid, MemorySegment file, MemorySegment argv, MemorySegment envp) {
        try {
            return (int) POSIX_SPAWNP.invokeExact(pid, file, MemorySegment.NULL, MemorySegment.NULL, argv, envp);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int waitpid(MemorySegment st, int pid, MemorySegment status, int options) {
        try {
            return (int) WAITPID.invokeExact(st, pid, status, options);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getegid() {
        try {
            return (int) GETEGID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
