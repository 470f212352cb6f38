package dev.jbcachefs.fuse;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** {@code open} + {@code lseek(SEEK_DATA/SEEK_HOLE)} + {@code close} for tests (Java has no API for them). */
final class SeekProbe {
    static final int SEEK_DATA = 3, SEEK_HOLE = 4;
    private static final Linker L = Linker.nativeLinker();
    private static final MethodHandle OPEN = L.downcallHandle(L.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle LSEEK = L.downcallHandle(L.defaultLookup().find("lseek").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = L.downcallHandle(L.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private SeekProbe() {}

    static long seek(Path p, long offset, int whence) {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(a.allocateFrom(p.toString()), 0);
            if (fd < 0) throw new IllegalStateException("open " + p);
            try {
                return (long) LSEEK.invokeExact(fd, offset, whence);
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
