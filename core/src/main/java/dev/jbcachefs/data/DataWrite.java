package dev.jbcachefs.data;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.bkey.ExtentEntry;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.crypto.Nonce;

/**
 * The encoding half of the data write path: turns a run of a file's logical bytes into one encoded extent
 * (the on-disk bytes, a block multiple, and the crc fields of its key) the way bcachefs's write path does:
 * compress at most {@code encoded_extent_max} bytes into the room the caller has (falling back to
 * {@code incompressible} when that saves no block), else store the bytes as they are (at most
 * {@code encoded_extent_max} when checksummed); then encrypt with the extent nonce and checksum the result
 * (encrypt-then-MAC). An extent may cover less input than offered; the caller loops on {@link Encoded#srcLen}.
 * Its output decodes through {@link ExtentDecoder} and {@link Codecs}. Uncompressed unencrypted data is not
 * copied: the result then refers to the caller's buffer. Instances are immutable and thread-safe.
 */
public final class DataWrite {
    /** Largest write buffer upstream bounces into (BIO_MAX_VECS pages). */
    static final int MAX_BOUNCE = 1 << 20;

    /**
     * Filesystem options of the write.
     *
     * @param csum             data checksum type as stored in extents ({@code CsumType.forDataOption})
     * @param compression      compression option; {@code level} its 4-bit level (0 = codec default)
     * @param key              the filesystem key when {@code csum} is an encryption type, else null
     * @param blockSize        block size in bytes (a power of two, at least 512)
     * @param encodedExtentMax {@code encoded_extent_max} in bytes
     */
    public record Options(CsumType csum, Compression compression, int level, BchKey key, int blockSize, int encodedExtentMax) {
        public Options {
            if (csum == null || compression == null) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "data write: checksum and compression are required");
            if (blockSize < 512 || Integer.bitCount(blockSize) != 1) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "data write: bad block size " + blockSize);
            if (encodedExtentMax < blockSize || encodedExtentMax % blockSize != 0) {
                throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "data write: encoded_extent_max " + encodedExtentMax + " is not a multiple of the block size");
            }
            if (level < 0 || level > 15) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "data write: compression level " + level + " out of 0..15");
            if (csum.isEncryption() != (key != null)) {
                throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "data write: an encryption key goes with an encryption checksum type and only then");
            }
        }
    }

    /**
     * One encoded extent.
     *
     * @param buf      the on-disk bytes are {@code buf[off, off+len)} ({@code len} = compressed_size sectors);
     *                 may be the caller's source array (uncompressed, unencrypted)
     * @param srcLen   logical bytes covered (= uncompressed_size = live size, sectors × 512); the caller
     *                 continues at {@code srcOff + srcLen}
     * @param crc      the crc fields (offset 0, live size = uncompressed size); its {@code kind} is the
     *                 smallest crc entry that holds it, or 0 when {@link #needsCrcEntry} is false
     * @param versionHi the key's version (as given: the encryption nonce input)
     */
    public record Encoded(byte[] buf, int off, int len, int srcLen, ExtentEntry.Crc crc, int versionHi, long versionLo) {
        /** Whether the key needs a crc entry (checksummed, compressed/incompressible, or nonce set). */
        public boolean needsCrcEntry() {
            return crc.csumType() != 0 || crc.compressionType() != 0 || crc.nonce() != 0;
        }

        public int compressedSectors() {
            return crc.compressedSize();
        }

        public int uncompressedSectors() {
            return crc.uncompressedSize();
        }
    }

    private final Options opts;
    private final Compressor compressor;

    public DataWrite(Options opts) {
        this.opts = opts;
        this.compressor = opts.compression() == Compression.NONE ? null
                : new Compressor(opts.compression(), opts.level(), opts.blockSize(), opts.encodedExtentMax());
    }

    public Options options() {
        return opts;
    }

    /**
     * Encodes the start of {@code src[off, off+len)} as one extent.
     *
     * @param len       bytes offered; when not a block multiple the tail is zero-padded (the bytes are copied)
     * @param room      bytes of disk space available for the extent (a block multiple, at least one block)
     * @param versionHi the key version's high 32 bits (enters the encryption nonce)
     * @param versionLo the key version's low 64 bits; upstream gives each encrypted extent of a fresh write a
     *                  new version from the filesystem's key version counter
     * @param crcNonce  the crc nonce field (keystream offset in sectors); 0 for fresh writes; ignored when not encrypting
     */
    public Encoded encode(byte[] src, int off, int len, int room, int versionHi, long versionLo, int crcNonce) {
        int block = opts.blockSize();
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        if (len <= 0) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "data write: nothing to encode");
        if (room < block || room % block != 0) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "data write: room " + room + " is not a positive block multiple");
        if (len % block != 0) {
            int padded = (int) Math.min(Integer.MAX_VALUE - block + 1, (long) len + block - 1) / block * block;
            byte[] copy = new byte[padded];
            System.arraycopy(src, off, copy, 0, len);
            src = copy;
            off = 0;
            len = padded;
        }
        CsumType csum = opts.csum();
        boolean encrypt = csum.isEncryption();
        int type = Codecs.NONE;
        byte[] out = null;
        int outOff = 0, dstLen = 0, srcLen = 0;
        if (compressor != null) {
            int consumeSrc = Math.min(len, opts.encodedExtentMax());
            int consumeDst = Math.min(room, consumeSrc);
            byte[] dst = new byte[consumeDst];
            Compressor.Result r = compressor.compress(src, off, consumeSrc, dst, consumeDst);
            type = r.type();
            if (!Codecs.isPlain(type)) {
                out = dst;
                dstLen = r.dstLen();
                srcLen = r.srcLen();
            }
        }
        if (Codecs.isPlain(type)) {
            dstLen = Math.min(len, room);
            if (compressor != null || encrypt) dstLen = Math.min(dstLen, MAX_BOUNCE);
            if (csum != CsumType.NONE) dstLen = Math.min(dstLen, opts.encodedExtentMax());
            srcLen = dstLen;
            if (encrypt) {
                out = java.util.Arrays.copyOfRange(src, off, off + dstLen);
            } else {
                out = src;
                outOff = off;
            }
        }
        int nonceField = encrypt ? crcNonce : 0;
        int cSectors = dstLen >>> 9, uSectors = srcLen >>> 9;
        Csum sum = Csum.ZERO;
        if (csum != CsumType.NONE) {
            Nonce nonce = encrypt ? Nonce.extent(versionHi, versionLo, type, uSectors, nonceField) : null;
            if (encrypt) Crypto.crypt(opts.key(), nonce, out, outOff, dstLen);
            sum = Crypto.checksum(csum, opts.key(), nonce, out, outOff, dstLen);
        }
        boolean entry = csum != CsumType.NONE || type != Codecs.NONE || nonceField != 0;
        int kind = entry ? CrcEntry.kindFor(csum, uSectors, nonceField) : 0;
        ExtentEntry.Crc crc = new ExtentEntry.Crc(kind, cSectors, uSectors, 0, nonceField, csum.id(), type, sum.hi(), sum.lo());
        return new Encoded(out, outOff, dstLen, srcLen, crc, versionHi, versionLo);
    }
}
