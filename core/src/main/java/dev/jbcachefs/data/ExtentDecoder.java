package dev.jbcachefs.data;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.ExtentEntry;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.crypto.Nonce;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.util.Segments;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns one replica of an encoded extent into its uncompressed bytes: reads the {@code compressed_size}
 * sectors at the pointer, verifies the checksum over them (the on-disk bytes; for the Poly1305 types with
 * the extent nonce), decrypts in place when the checksum type is an encryption type, and decompresses.
 * Each step that fails throws a {@link BcachefsException} whose message names the step, so the caller can
 * try another replica and report why this one failed.
 */
final class ExtentDecoder {
    private ExtentDecoder() {}

    /** The device of {@code ptr}, checked to hold {@code bytes} bytes at the pointer. */
    static BlockDevice device(DeviceSource devs, ExtentEntry.Ptr ptr, long bytes) {
        BlockDevice d = devs.device(ptr.dev());
        if (d == null) throw new BcachefsException(ErrorCode.MISSING_DEVICE, "device " + ptr.dev() + " is not present");
        long pos = ptr.offset() * 512;
        if (pos + bytes > d.size()) {
            throw BcachefsException.corrupt("pointer to " + bytes + " bytes at byte " + pos + " runs past the device end " + d.size(), "device " + ptr.dev());
        }
        return d;
    }

    /**
     * The whole uncompressed extent ({@code crc.uncompressedSize} sectors) of replica {@code r}.
     *
     * @param versionHi  key version, high 32 bits (extent nonce)
     * @param versionLo  key version, low 64 bits (extent nonce)
     * @param key        the filesystem key, or null when not encrypted
     */
    static byte[] decode(DeviceSource devs, Replica r, int versionHi, long versionLo, BchKey key) {
        byte[] out = new byte[r.crc().uncompressedSize() * 512];
        decodeInto(devs, r, versionHi, versionLo, key, out, 0);
        return out;
    }

    /**
     * Decodes the whole extent ({@code crc.uncompressedSize} sectors) of replica {@code r} into {@code
     * dst[at..]}: a plain one is read, verified and decrypted in place there; a compressed one is read into a
     * per-thread scratch buffer and decompressed straight into {@code dst}. On failure the bytes written to
     * {@code dst} are undefined but never unverified data.
     */
    static void decodeInto(DeviceSource devs, Replica r, int versionHi, long versionLo, BchKey key, byte[] dst, int at) {
        ExtentEntry.Crc c = r.crc();
        int stored = c.compressedSize() * 512;
        int size = c.uncompressedSize() * 512;
        if (Codecs.isPlain(c.compressionType()) && size == stored) {
            readVerified(devs, r, versionHi, versionLo, key, dst, at);
            return;
        }
        byte[] buf = scratch(stored);
        readVerified(devs, r, versionHi, versionLo, key, buf, 0);
        Codecs.decompress(c.compressionType(), buf, 0, stored, dst, at, size);
    }

    /**
     * Reads the whole plain (uncompressed) extent of replica {@code r} into {@code dst}, which is exactly
     * its size and may be native memory: read there directly, verified in place, decrypted (through a
     * bounce array when encrypted). On failure {@code dst} holds zeros, never unverified data.
     */
    static void readPlainInto(DeviceSource devs, Replica r, int versionHi, long versionLo, BchKey key, MemorySegment dst) {
        byte[] a = Segments.array(dst);
        if (a != null) {
            readVerified(devs, r, versionHi, versionLo, key, a, Segments.offset(dst));
            return;
        }
        ExtentEntry.Crc c = r.crc();
        int stored = c.compressedSize() * 512;
        CsumType t = CsumType.byId(c.csumType());
        if (t.isEncryption()) {
            byte[] tmp = scratch(stored);
            readVerified(devs, r, versionHi, versionLo, key, tmp, 0);
            MemorySegment.copy(tmp, 0, dst, ValueLayout.JAVA_BYTE, 0, stored);
            return;
        }
        BlockDevice d = device(devs, r.ptr(), stored);
        try {
            d.read(r.ptr().offset() * 512, dst);
            if (t != CsumType.NONE) verify(t, Checksum.compute(t, dst), c);
        } catch (BcachefsException e) {
            dst.fill((byte) 0);
            throw e;
        }
    }

    private static void verify(CsumType t, Csum got, ExtentEntry.Crc c) {
        Csum want = new Csum(c.csumLo(), c.csumHi());
        if (!got.equals(want)) {
            throw new BcachefsException(ErrorCode.CHECKSUM, t.upstreamName() + " checksum mismatch: got "
                    + Long.toHexString(got.hi()) + ":" + Long.toHexString(got.lo()) + ", want "
                    + Long.toHexString(want.hi()) + ":" + Long.toHexString(want.lo()));
        }
    }

    /** Largest encoded (compressed) extent whose read buffer is kept per thread; larger ones get a fresh array. */
    private static final int SCRATCH_MAX = 1 << 20;
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1][]);

    /** A per-thread buffer of at least {@code len} bytes for the encoded bytes of one extent (contents undefined). */
    private static byte[] scratch(int len) {
        if (len > SCRATCH_MAX) return new byte[len];
        byte[][] holder = SCRATCH.get();
        byte[] b = holder[0];
        if (b == null || b.length < len) holder[0] = b = new byte[Math.max(len, 64 << 10)];
        return b;
    }

    /**
     * Reads the {@code compressed_size} sectors of replica {@code r} into {@code buf} at {@code off}, verifies
     * their checksum and decrypts them in place; the result is the still-compressed (or plain) payload. On a
     * checksum failure the bytes written are zeroed again before the exception, so a caller that reads
     * straight into its destination never exposes unverified data.
     */
    static void readVerified(DeviceSource devs, Replica r, int versionHi, long versionLo, BchKey key, byte[] buf, int off) {
        ExtentEntry.Crc c = r.crc();
        int stored = c.compressedSize() * 512;
        BlockDevice d = device(devs, r.ptr(), stored);
        CsumType t = CsumType.byId(c.csumType());
        Nonce nonce = null;
        if (t.isEncryption()) {
            if (key == null) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, "extent is encrypted but the filesystem key is not available");
            nonce = Nonce.extent(versionHi, versionLo, c.compressionType(), c.uncompressedSize(), c.nonce());
        }
        try {
            d.read(r.ptr().offset() * 512, buf, off, stored);
            if (t != CsumType.NONE) verify(t, Crypto.checksum(t, key, nonce, buf, off, stored), c);
        } catch (BcachefsException e) {
            java.util.Arrays.fill(buf, off, off + stored, (byte) 0);
            throw e;
        }
        if (nonce != null) Crypto.crypt(key, nonce, buf, off, stored);
    }

    /** Where replicas' devices come from ({@code BtreeContext.device}); an interface so tests can use memory devices. */
    interface DeviceSource {
        BlockDevice device(int idx);
    }
}
