package dev.jbcachefs.init;

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
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The libc calls a source-tree walk needs that the JDK does not offer byte-exactly: {@code statx} (nanosecond
 * times, birth time, dev/ino of the link itself), {@code opendir/readdir/closedir} (names as raw bytes),
 * {@code readlink}, {@code llistxattr/lgetxattr} (every namespace), and {@code open/lseek/pread/close} for
 * {@code SEEK_DATA}/{@code SEEK_HOLE}. Paths are NUL-terminated byte strings; results are raw (negative means
 * failure, {@code errno} captured in the caller's state segment). Bound once through the FFM linker; core's
 * own minimal binding so that it does not depend on the fuse module.
 */
final class HostLibc {
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;
    static final int STATX_BASIC = 0x7ff, STATX_BTIME = 0x800;
    static final int O_RDONLY = 0, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000;
    static final int SEEK_DATA = 3, SEEK_HOLE = 4;
    static final int ENOENT = 2, EINTR = 4, ENXIO = 6, ERANGE = 34, ENODATA = 61, ENOTSUP = 95;
    /** {@code struct statx} is 256 bytes; {@code struct dirent} has d_type at 18 and d_name at 19. */
    static final int STATX_BYTES = 256, DIRENT_TYPE = 18, DIRENT_NAME = 19;

    private static final Linker LINKER = Linker.nativeLinker();
    static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    static final MethodHandle STATX = h("statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), true);
    static final MethodHandle OPENDIR = h("opendir", FunctionDescriptor.of(ADDRESS, ADDRESS), true);
    static final MethodHandle READDIR = h("readdir", FunctionDescriptor.of(ADDRESS, ADDRESS), true);
    static final MethodHandle CLOSEDIR = h("closedir", FunctionDescriptor.of(JAVA_INT, ADDRESS), false);
    static final MethodHandle ERRNO_LOCATION = h("__errno_location", FunctionDescriptor.of(ADDRESS), false);
    static final MethodHandle READLINK = h("readlink", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG), true);
    static final MethodHandle LLISTXATTR = h("llistxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG), true);
    static final MethodHandle LGETXATTR = h("lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), true);
    static final MethodHandle OPEN = h("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), true, Linker.Option.firstVariadicArg(2));
    static final MethodHandle CLOSE = h("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), false);
    static final MethodHandle LSEEK = h("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), true);
    static final MethodHandle PREAD = h("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), true);
    private static final MethodHandle STRERROR = h("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT), false);

    private HostLibc() {}

    private static MethodHandle h(String name, FunctionDescriptor fd, boolean errno, Linker.Option... more) {
        Linker.Option[] opts = more;
        if (errno) {
            opts = java.util.Arrays.copyOf(more, more.length + 1);
            opts[more.length] = Linker.Option.captureCallState("errno");
        }
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, opts);
    }

    static MemorySegment state(Arena a) {
        return a.allocate(STATE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Sets this thread's errno to 0 (before readdir, whose end and failure both return NULL). */
    static void clearErrno() {
        try {
            MemorySegment p = ((MemorySegment) ERRNO_LOCATION.invokeExact()).reinterpret(4);
            p.set(JAVA_INT, 0, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment cstr(Arena a, byte[] s) {
        MemorySegment m = a.allocate(s.length + 1L);
        MemorySegment.copy(s, 0, m, JAVA_BYTE, 0, s.length);
        return m;
    }

    static String strerror(int errno) {
        try {
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.reinterpret(1024).getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
