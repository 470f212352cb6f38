package dev.jbcachefs.fuse;

import dev.jbcachefs.format.Le;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol codec without a mount: hand-built requests against the {@code default} image, checking
 * reply bytes (INIT negotiation, LOOKUP/GETATTR fields, xattr size probing and ERANGE, EROFS for writes,
 * ENOSYS for the unknown, EINVAL for malformed requests, and node-table forget accounting).
 */
class FuseDispatcherTest {
    static FsView fs;
    static final byte[] OUT = new byte[FuseDispatcher.OUT_BUFFER];

    @BeforeAll
    static void open() {
        fs = Bcachefs.open(Fixtures.devices("default"), Fixtures.options("default"));
    }

    @AfterAll
    static void close() {
        fs.close();
    }

    /** A request: header with {@code opcode}, {@code nodeid}, then {@code args}. */
    static byte[] req(int opcode, long unique, long nodeid, byte[] args) {
        byte[] b = new byte[40 + args.length];
        Le.put32(b, 0, b.length);
        Le.put32(b, 4, opcode);
        Le.put64(b, 8, unique);
        Le.put64(b, 16, nodeid);
        System.arraycopy(args, 0, b, 40, args.length);
        return b;
    }

    static byte[] initArgs() {
        byte[] a = new byte[64];
        Le.put32(a, 0, 7);
        Le.put32(a, 4, 45);
        Le.put32(a, 8, 131072);
        Le.put32(a, 12, -1);
        return a;
    }

    static FuseDispatcher initialized() {
        FuseDispatcher d = new FuseDispatcher(fs);
        byte[] r = req(26, 1, 0, initArgs());
        int n = d.handle(r, r.length, OUT);
        assertThat(n).isEqualTo(16 + 64);
        return d;
    }

    static int call(FuseDispatcher d, byte[] r) {
        return d.handle(r, r.length, OUT);
    }

    static int error() {
        return Le.i32(OUT, 4);
    }

    static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    @Test
    void initNegotiatesProtocolAndFlags() {
        FuseDispatcher d = new FuseDispatcher(fs);
        byte[] r = req(26, 7, 0, initArgs());
        assertThat(d.handle(r, r.length, OUT)).isEqualTo(80);
        assertThat(Le.u64(OUT, 8)).isEqualTo(7);
        assertThat(error()).isZero();
        assertThat(Le.i32(OUT, 16)).isEqualTo(7);
        assertThat(Le.i32(OUT, 20)).isEqualTo(31);
        int flags = Le.i32(OUT, 28);
        assertThat(flags & FuseDispatcher.FUSE_DO_READDIRPLUS).isNotZero();
        assertThat(flags & FuseDispatcher.FUSE_MAX_PAGES).isNotZero();
        assertThat(Le.i32(OUT, 36)).isEqualTo(1 << 20); // max_write
        assertThat(Le.u16(OUT, 44)).isEqualTo(256); // max_pages
    }

    @Test
    void requestsBeforeInitAreRefused() {
        FuseDispatcher d = new FuseDispatcher(fs);
        call(d, req(3, 2, 1, new byte[16]));
        assertThat(error()).isEqualTo(-Errno.EIO);
    }

    @Test
    void lookupGetattrAndForget() {
        FuseDispatcher d = initialized();
        assertThat(call(d, req(1, 2, 1, cstr("hello.txt")))).isEqualTo(16 + 128);
        assertThat(error()).isZero();
        long node = Le.u64(OUT, 16);
        assertThat(node).isGreaterThan(1);
        int attr = 16 + 40;
        assertThat(Le.u64(OUT, attr + 8)).isEqualTo(12); // size
        assertThat(Le.i32(OUT, attr + 60)).isEqualTo(0100600); // mode
        assertThat(Le.u64(OUT, attr + 32)).isEqualTo(1577934245L); // mtime 2020-01-02T03:04:05Z
        assertThat(d.nodeCount()).isEqualTo(2);

        call(d, req(3, 3, node, new byte[16]));
        assertThat(error()).isZero();
        assertThat(Le.u64(OUT, 16 + 16 + 8)).isEqualTo(12);

        byte[] forget = new byte[8];
        Le.put64(forget, 0, 1);
        assertThat(call(d, req(2, 4, node, forget))).isZero(); // no reply
        assertThat(d.nodeCount()).isEqualTo(1);
        call(d, req(3, 5, node, new byte[16]));
        assertThat(error()).isEqualTo(-Errno.ENOENT);

        // a missing name is a negative entry: node id 0, no error
        call(d, req(1, 6, 1, cstr("no-such")));
        assertThat(error()).isZero();
        assertThat(Le.u64(OUT, 16)).isZero();
    }

    @Test
    void xattrSizeProbeAndErange() {
        FuseDispatcher d = initialized();
        call(d, req(1, 2, 1, cstr("xattr-file")));
        long node = Le.u64(OUT, 16);
        byte[] name = cstr("user.test");
        byte[] args = new byte[8 + name.length];
        System.arraycopy(name, 0, args, 8, name.length);
        assertThat(call(d, req(22, 3, node, args))).isEqualTo(24);
        assertThat(Le.i32(OUT, 16)).isEqualTo(11);
        Le.put32(args, 0, 5);
        call(d, req(22, 4, node, args));
        assertThat(error()).isEqualTo(-Errno.ERANGE);
        Le.put32(args, 0, 100);
        assertThat(call(d, req(22, 5, node, args))).isEqualTo(16 + 11);
        assertThat(new String(OUT, 16, 11, StandardCharsets.UTF_8)).isEqualTo("hello-xattr");
        byte[] missing = cstr("user.nope");
        byte[] margs = new byte[8 + missing.length];
        Le.put32(margs, 0, 100);
        System.arraycopy(missing, 0, margs, 8, missing.length);
        call(d, req(22, 6, node, margs));
        assertThat(error()).isEqualTo(-Errno.ENODATA);
        byte[] l = new byte[8];
        assertThat(call(d, req(23, 7, node, l))).isEqualTo(24);
        assertThat(Le.i32(OUT, 16)).isEqualTo("user.test\0user.empty\0user.big\0".length());
    }

    @Test
    void writesAreReadOnlyUnknownIsEnosysMalformedIsEinval() {
        FuseDispatcher d = initialized();
        call(d, req(16, 2, 1, new byte[80])); // WRITE
        assertThat(error()).isEqualTo(-Errno.EROFS);
        call(d, req(9, 3, 1, cstr("newdir"))); // MKDIR
        assertThat(error()).isEqualTo(-Errno.EROFS);
        call(d, req(63, 4, 1, new byte[0])); // unknown opcode
        assertThat(error()).isEqualTo(-Errno.ENOSYS);
        call(d, req(39, 5, 1, new byte[32])); // IOCTL
        assertThat(error()).isEqualTo(-Errno.ENOSYS);
        call(d, req(1, 6, 1, new byte[] {'a', 'b'})); // name without NUL
        assertThat(error()).isEqualTo(-Errno.EINVAL);
        call(d, req(1, 7, 1, cstr("a/b")));
        assertThat(error()).isEqualTo(-Errno.EINVAL);
        call(d, req(15, 8, 1, new byte[4])); // READ with truncated args
        assertThat(error()).isEqualTo(-Errno.EINVAL);
        byte[] bad = req(3, 9, 1, new byte[16]);
        Le.put32(bad, 0, 999); // header length disagrees with the read
        assertThat(d.handle(bad, bad.length, OUT)).isEqualTo(16);
        assertThat(error()).isEqualTo(-Errno.EINVAL);
        assertThat(Le.u64(OUT, 8)).isEqualTo(9);
        assertThat(d.handle(new byte[10], 10, OUT)).isZero(); // not even a unique to answer
        // open for writing
        call(d, req(1, 10, 1, cstr("hello.txt")));
        long node = Le.u64(OUT, 16);
        byte[] open = new byte[8];
        Le.put32(open, 0, 1); // O_WRONLY
        call(d, req(14, 11, node, open));
        assertThat(error()).isEqualTo(-Errno.EROFS);
    }

    @Test
    void readdirPacksEntriesAndResumesAtOffsets() {
        FuseDispatcher d = initialized();
        call(d, req(27, 2, 1, new byte[8]));
        long fh = Le.u64(OUT, 16);
        int total = 0;
        long off = 0;
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (int round = 0; round < 100; round++) {
            byte[] a = new byte[40];
            Le.put64(a, 0, fh);
            Le.put64(a, 8, off);
            Le.put32(a, 16, 256); // small buffer: several rounds
            int n = call(d, req(28, 3, 1, a));
            assertThat(error()).isZero();
            if (n == 16) break;
            for (int p = 16; p < n; ) {
                int nl = Le.i32(OUT, p + 16);
                names.add(new String(OUT, p + 24, nl, StandardCharsets.UTF_8));
                off = Le.u64(OUT, p + 8);
                p += (24 + nl + 7) & ~7;
                total++;
            }
        }
        assertThat(names).contains(".", "..", "hello.txt", "dir1000", "symlink-dangling", "xattr-file");
        assertThat(total).isEqualTo(names.size()).isEqualTo(fs.readdir(fs.rootIno()).size() + 2);
    }

    /** LOOKUP of {@code name} in {@code dir}: the new node id and its st_ino. */
    static long[] lookup(FuseDispatcher d, long dir, String name) {
        call(d, req(1, 7, dir, cstr(name)));
        assertThat(error()).as(name).isZero();
        return new long[] {Le.u64(OUT, 16), Le.u64(OUT, 16 + 40)};
    }

    /** READDIR of node {@code dir} from offset 0: name to st_ino. */
    static java.util.Map<String, Long> readdirInos(FuseDispatcher d, long dir) {
        call(d, req(27, 8, dir, new byte[8]));
        assertThat(error()).isZero();
        long fh = Le.u64(OUT, 16);
        byte[] a = new byte[40];
        Le.put64(a, 0, fh);
        Le.put32(a, 16, 4096);
        int n = call(d, req(28, 9, dir, a));
        assertThat(error()).isZero();
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (int p = 16; p < n; ) {
            int nl = Le.i32(OUT, p + 16);
            m.put(new String(OUT, p + 24, nl, StandardCharsets.UTF_8), Le.u64(OUT, p));
            p += (24 + nl + 7) & ~7;
        }
        return m;
    }

    @Test
    void dotDotCarriesTheParentsInodeNumber() {
        FuseDispatcher d = initialized();
        long root = fs.rootIno();
        assertThat(readdirInos(d, 1)).containsEntry(".", root).containsEntry("..", root); // the root is its own parent
        long[] sub = lookup(d, 1, "sub");
        long[] deeper = lookup(d, sub[0], "deeper");
        assertThat(sub[1]).isEqualTo(fs.lookup("sub"));
        assertThat(readdirInos(d, sub[0])).containsEntry(".", sub[1]).containsEntry("..", root).containsKey("deeper");
        assertThat(readdirInos(d, deeper[0])).containsEntry(".", deeper[1]).containsEntry("..", sub[1]).containsKey("nested.txt");
    }

    @Test
    void anErrorThrownByTheFilesystemFailsOnlyThatRequestWithEio() {
        FsView broken = new dev.jbcachefs.fuse.bench.ZeroFileFs(1 << 20) {
            @Override
            public int read(long ino, long offset, byte[] dst, int dstOff, int len) {
                throw new NoClassDefFoundError("dev/jbcachefs/data/Missing"); // e.g. a jar replaced under a running daemon
            }

            @Override
            public int read(long ino, long offset, java.lang.foreign.MemorySegment dst) {
                throw new NoClassDefFoundError("dev/jbcachefs/data/Missing");
            }
        };
        FuseDispatcher d = new FuseDispatcher(broken);
        byte[] init = req(26, 1, 0, initArgs());
        d.handle(init, init.length, OUT);
        long node = lookup(d, 1, "zeros")[0];
        byte[] a = new byte[40];
        Le.put32(a, 16, 4096);
        assertThat(call(d, req(15, 11, node, a))).isEqualTo(16);
        assertThat(error()).isEqualTo(-Errno.EIO);
        assertThat(Le.u64(OUT, 8)).isEqualTo(11);
        call(d, req(3, 12, node, new byte[16])); // the next request is served normally
        assertThat(error()).isZero();
        assertThat(Le.u64(OUT, 16 + 16 + 8)).isEqualTo(1 << 20);
    }

    /**
     * With a native reply buffer (what the workers use) every reply lands there: a READ's bytes read
     * straight into it equal the heap path's, from a whole-extent 1 MiB read and from an unaligned one,
     * and other replies and errors are copied there whole.
     */
    @Test
    void repliesInANativeBufferEqualTheHeapOnes() {
        FuseDispatcher d = initialized();
        long node = lookup(d, 1, "random-5MiB.bin")[0];
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment mem = arena.allocate(FuseDispatcher.OUT_BUFFER);
            for (long[] rq : new long[][] {{0, 1 << 20}, {4L << 20, 1 << 20}, {123_457, 300_001}, {5L << 20, 4096}}) {
                byte[] a = new byte[40];
                Le.put64(a, 8, rq[0]);
                Le.put32(a, 16, (int) rq[1]);
                byte[] r = req(15, 20, node, a);
                int heapLen = d.handle(r, r.length, OUT);
                byte[] heap = java.util.Arrays.copyOf(OUT, heapLen);
                java.util.Arrays.fill(OUT, (byte) 0x33);
                mem.fill((byte) 0x77);
                int memLen = d.handle(r, r.length, OUT, mem);
                assertThat(memLen).as("reply length of READ %s", java.util.Arrays.toString(rq)).isEqualTo(heapLen);
                assertThat(mem.asSlice(0, memLen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(heap);
                assertThat(Le.i32(heap, 4)).isZero();
            }
            // GETATTR and an error reply are copied to the native buffer whole
            byte[] g = req(3, 21, node, new byte[16]);
            int n = d.handle(g, g.length, OUT, mem);
            assertThat(mem.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(java.util.Arrays.copyOf(OUT, n));
            byte[] bad = req(15, 22, 999_999, new byte[40]);
            assertThat(d.handle(bad, bad.length, OUT, mem)).isEqualTo(16);
            assertThat(mem.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 4)).isNotZero();
            assertThat(mem.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 8)).isEqualTo(22);
        }
    }
}
