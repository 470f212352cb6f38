package dev.jbcachefs.journal;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.Superblock;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a {@code struct jset} as upstream's journal write does (the reverse of {@link JournalReader}'s
 * checks): the 56-byte header ({@code magic = le64(uuid[0..8]) ^ JSET_MAGIC}, seq, the superblock's
 * version, flags = checksum type | {@code JSET_NO_FLUSH} << 5, u64s, the two unused clocks 0, last_seq),
 * the entries, then on encrypted filesystems ChaCha20 over bytes 44 to the end with the journal nonce,
 * then the checksum over bytes 16 to the end (the MAC over the ciphertext), and zeros up to the next
 * block boundary. A no-flush jset carries last_seq 0, as upstream writes it.
 *
 * @param magic        the filesystem's jset magic ({@link Jset#magicFor})
 * @param version      metadata version written into every jset (the superblock's version)
 * @param csumType     checksum type ({@code bch2_meta_checksum_type}: chacha20_poly1305_128 when encrypted)
 * @param crypto       the keyed primitives for an encryption checksum type, null otherwise
 * @param blockSectors block size in 512-byte sectors (jsets are padded to whole blocks)
 */
public record JsetWrite(long magic, int version, CsumType csumType, JournalCrypto crypto, int blockSectors) {
    public JsetWrite {
        if (csumType == null) throw invalid("jset writer: no checksum type");
        if (csumType.isEncryption() && crypto == null) throw invalid("jset writer: checksum type " + csumType.upstreamName() + " needs the encryption key");
        if (blockSectors <= 0 || Integer.bitCount(blockSectors) != 1) throw invalid("jset writer: block size " + blockSectors + " sectors is not a power of two");
        if (!JournalReader.versionCompatible(version) || version < Superblock.VERSION_MIN_SUPPORTED) {
            throw invalid("jset writer: metadata version " + version + " outside what 1.36 reads");
        }
    }

    /**
     * The writer for the filesystem of {@code sb}: its magic, version, block size and metadata checksum
     * type; {@code crypto} is required when the filesystem is encrypted.
     */
    public static JsetWrite forSuperblock(Superblock sb, JournalCrypto crypto) {
        CsumType t = CsumType.forMetadataOption(sb.metadataChecksumOption(), sb.encrypted());
        if (t == null) throw BcachefsException.corrupt("unknown metadata_checksum option " + sb.metadataChecksumOption(), sb.deviceName() + " superblock");
        return new JsetWrite(Jset.magicFor(sb.uuidLe64()), sb.version(), t, crypto, sb.blockSize());
    }

    /** Block size in bytes. */
    public int blockBytes() {
        return blockSectors * 512;
    }

    /**
     * The on-disk bytes of the jset {@code seq} holding {@code entries} (concatenated {@link JsetEntryWrite}
     * output), padded to whole blocks. {@code lastSeq} is the oldest seq still needed for replay (its own
     * seq for a jset that needs nothing older); it is written as 0 when {@code noFlush}.
     */
    public byte[] encode(long seq, long lastSeq, boolean noFlush, byte[] entries) {
        String where = "jset " + Long.toUnsignedString(seq);
        if (seq == 0) throw invalid(where + ": seq 0 is never written (it reads as no journal)");
        if (!noFlush && Long.compareUnsigned(lastSeq, seq) > 0) {
            throw invalid(where + ": last_seq " + Long.toUnsignedString(lastSeq) + " newer than seq");
        }
        if (entries.length % 8 != 0) throw invalid(where + ": entries of " + entries.length + " bytes are not whole u64s");
        List<String> problems = new ArrayList<>();
        JsetEntry.walk(entries, 0, entries.length, problems, where);
        if (!problems.isEmpty()) throw invalid(problems.getFirst());
        long bytes = Jset.HEADER_BYTES + (long) entries.length;
        long padded = (bytes + blockBytes() - 1) / blockBytes() * blockBytes();
        if (padded > Integer.MAX_VALUE - 8) throw invalid(where + ": " + bytes + " bytes is too big for a jset");
        byte[] b = new byte[(int) padded];
        Le.put64(b, 16, magic);
        Le.put64(b, 24, seq);
        Le.put32(b, 32, version);
        Le.put32(b, 36, csumType.id() | (noFlush ? Jset.FLAG_NO_FLUSH : 0));
        Le.put32(b, 40, entries.length / 8);
        Le.put64(b, 48, noFlush ? 0 : lastSeq);
        System.arraycopy(entries, 0, b, Jset.HEADER_BYTES, entries.length);
        int len = (int) bytes;
        Csum c;
        if (csumType.isEncryption()) {
            crypto.decrypt(csumType, b, 0, Jset.ENCRYPTED_START, len - Jset.ENCRYPTED_START); // the XOR encrypts
            c = crypto.checksum(csumType, b, 0, Jset.CSUM_START, len - Jset.CSUM_START);
        } else {
            c = Checksum.compute(csumType, b, Jset.CSUM_START, len - Jset.CSUM_START);
        }
        c.write(b, 0);
        return b;
    }

    private static BcachefsException invalid(String what) {
        return new BcachefsException(ErrorCode.INVALID_ARGUMENT, what);
    }
}
