package dev.jbcachefs.fuse.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.fuse.FuseDispatcher;
import dev.jbcachefs.testkit.Fixtures;

/**
 * The FUSE request path from arbitrary bytes: each input is a sequence of requests (2-byte length
 * prefix each) handed to one {@link FuseDispatcher} over the {@code default} image, after a valid INIT so
 * mutations reach every opcode's decoder. The dispatcher must answer every request with a well-formed
 * reply (or none for FORGET-like opcodes) and never throw: a malformed request gets an errno.
 */
class FuseRequestFuzzTest {
    private static final FsView FS = Bcachefs.open(Fixtures.devices("default"), Fixtures.options("default"));
    private static final byte[] OUT = new byte[FuseDispatcher.OUT_BUFFER];

    @FuzzTest(maxDuration = "60s")
    void requests(byte[] input) {
        FuseDispatcher d = new FuseDispatcher(FS);
        byte[] init = new byte[40 + 64];
        put32(init, 0, init.length);
        put32(init, 4, 26);
        put32(init, 40, 7);
        put32(init, 44, 45);
        put32(init, 52, -1);
        check(d.handle(init, init.length, OUT));
        int p = 0;
        while (p + 2 <= input.length) {
            int n = Math.min((input[p] & 0xff) | (input[p + 1] & 0xff) << 8, input.length - p - 2);
            byte[] r = java.util.Arrays.copyOfRange(input, p + 2, p + 2 + n);
            // keep the header length honest half of the time so the opcode decoders are reached
            if (n >= 4 && (r[0] & 1) == 0) put32(r, 0, n);
            check(d.handle(r, n, OUT));
            p += 2 + n;
        }
    }

    private static void check(int len) {
        if (len == 0) return;
        int declared = (OUT[0] & 0xff) | (OUT[1] & 0xff) << 8 | (OUT[2] & 0xff) << 16 | (OUT[3] & 0xff) << 24;
        if (len < 16 || len > OUT.length || declared != len) throw new AssertionError("bad reply length " + len + "/" + declared);
        int err = (OUT[4] & 0xff) | (OUT[5] & 0xff) << 8 | (OUT[6] & 0xff) << 16 | (OUT[7] & 0xff) << 24;
        if (err > 0 || err < -4095 || (err != 0 && len != 16)) throw new AssertionError("bad reply error " + err + " len " + len);
    }

    private static void put32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }
}
