package dev.jbcachefs.cli;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The two libc calls extraction needs that Java has no API for: {@code lsetxattr} (xattrs outside
 * {@code user.*}: {@code trusted.*}, {@code security.*}, POSIX ACLs) and {@code symlink} with the target's
 * exact bytes. Used through the foreign-function API only when this module has native access enabled
 * ({@code --enable-native-access}, as {@code bin/jbcachefs} runs), so an embedding program never sees a
 * restricted-method warning; otherwise {@link #available()} is false and callers fall back to what Java
 * offers.
 */
final class NativeCalls {
    private static final MethodHandle LSETXATTR;
    private static final MethodHandle SYMLINK;
    private static final MethodHandle LGETXATTR;
    private static final MethodHandle STRERROR;
    private static final StructLayout CALL_STATE;
    private static final VarHandle ERRNO;

    static {
        MethodHandle set = null, get = null, sym = null, err = null;
        StructLayout state = null;
        VarHandle errno = null;
        try {
            if (NativeCalls.class.getModule().isNativeAccessEnabled()) {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Linker.Option ccs = Linker.Option.captureCallState("errno");
                state = Linker.Option.captureStateLayout();
                errno = state.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
                set = linker.downcallHandle(libc.find("lsetxattr").orElseThrow(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT), ccs);
                get = linker.downcallHandle(libc.find("lgetxattr").orElseThrow(),
                        FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), ccs);
                sym = linker.downcallHandle(libc.find("symlink").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ccs);
                err = linker.downcallHandle(libc.find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));
            }
        } catch (Throwable t) {
            set = get = sym = err = null;
        }
        LSETXATTR = set;
        LGETXATTR = get;
        SYMLINK = sym;
        STRERROR = err;
        CALL_STATE = state;
        ERRNO = errno;
    }

    private static final int ENODATA = 61;

    private NativeCalls() {}

    /** Whether the native calls can be made in this JVM. */
    static boolean available() {
        return LSETXATTR != null && SYMLINK != null;
    }

    /** {@code lsetxattr(path, name, value, size, 0)}: any namespace, the symlink itself for a symlink. */
    static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
            int r = (int) LSETXATTR.invokeExact(st, cString(a, path.toString()), a.allocateFrom(name), v, (long) value.length, 0);
            if (r != 0) throw new IOException(strerror((int) ERRNO.get(st, 0L)));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** {@code lgetxattr}: the value of xattr {@code name}, or null when it is not set. */
    static byte[] lgetxattr(Path path, String name) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment buf = a.allocate(65536);
            long r = (long) LGETXATTR.invokeExact(st, cString(a, path.toString()), a.allocateFrom(name), buf, 65536L);
            if (r < 0) {
                int errno = (int) ERRNO.get(st, 0L);
                if (errno == ENODATA) return null;
                throw new IOException(strerror(errno));
            }
            return buf.asSlice(0, r).toArray(JAVA_BYTE);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** {@code symlink(target, path)} with the target's bytes exactly as given. */
    static void symlink(byte[] target, Path path) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment t = a.allocate(target.length + 1L);
            MemorySegment.copy(target, 0, t, JAVA_BYTE, 0, target.length);
            int r = (int) SYMLINK.invokeExact(st, t, cString(a, path.toString()));
            if (r != 0) throw new IOException(path + ": " + strerror((int) ERRNO.get(st, 0L)));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    private static MemorySegment cString(Arena a, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment m = a.allocate(b.length + 1L);
        MemorySegment.copy(b, 0, m, JAVA_BYTE, 0, b.length);
        return m;
    }

    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
