package dev.jbcachefs.fuzz;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.journal.JournalRoots;
import java.util.ArrayList;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.Clean;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.sb.SuperblockJson;
import dev.jbcachefs.sb.SuperblockText;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Superblock parsing from arbitrary bytes: the input is the device from the layout (byte 3584) on, so the
 * first 512 bytes are the layout and the copy at sector 8 starts 512 bytes in. Before parsing, the
 * harness re-seals that copy's checksum (when its size and checksum type allow) so that mutations reach
 * the field decoders instead of stopping at the checksum. Every decoder reachable from a superblock runs:
 * members, journal buckets, seq blacklist, checksum options, the clean section's btree roots, and the
 * whole show-super text and JSON of every field. Only
 * {@link BcachefsException} may escape.
 */
class SuperblockFuzzTest {
    private static final int SB_IN_INPUT = 4096 - Superblock.LAYOUT_OFFSET;

    @FuzzTest(maxDuration = "60s")
    void superblock(byte[] input) {
        byte[] data = input.clone();
        seal(data);
        try {
            Superblock sb = Superblock.read(new ByteDevice(data, Superblock.LAYOUT_OFFSET));
            sb.members().all().forEach(m -> m.uuid());
            sb.journalBuckets();
            sb.journalSeqBlacklist();
            sb.metadataCsumType();
            sb.dataCsumType();
            sb.userUuid();
            sb.label();
            SuperblockText.showSuper(sb, true, SuperblockText.ALL_FIELDS, SuperblockText.deviceContext(sb));
            SuperblockJson.toJson(sb, SuperblockText.ALL_FIELDS, SuperblockText.deviceContext(sb));
            Clean c = sb.cleanSection();
            if (c != null) {
                for (BtreeRoot r : JournalRoots.fromClean(c, new ArrayList<>()).values()) r.ptr().ptrs();
            }
        } catch (BcachefsException expected) {
            // refused with a message: fine
        }
    }

    /** Recomputes the checksum of the copy at sector 8 when its declared size fits the input. */
    static void seal(byte[] d) {
        int s = SB_IN_INPUT;
        if (d.length < s + Superblock.FIELDS_OFFSET) return;
        long total = Superblock.FIELDS_OFFSET + Le.u32(d, s + 124) * 8;
        if (total > d.length - s) return;
        CsumType t = CsumType.byId((int) ((Le.u64(d, s + 144) >>> 2) & 0x3f));
        if (t == null || t.isEncryption()) return;
        Checksum.compute(t, d, s + 16, (int) total - 16).write(d, s);
    }
}
