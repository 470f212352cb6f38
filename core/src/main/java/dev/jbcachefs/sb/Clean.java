package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;

/**
 * The {@code clean} field, written at a clean shutdown: {@code le32 flags; le16 read_clock; le16
 * write_clock; le64 journal_seq}, then {@code jset_entry}s (a btree_root per btree, usage, clock). With it,
 * journal replay may be skipped; its entries are exposed raw ({@link #entriesOff()} ..
 * {@link #entriesEnd()} inside {@link #buf()}) for the journal code's entry decoder.
 */
public record Clean(long flags, long journalSeq, byte[] buf, int entriesOff, int entriesEnd) {
    static Clean decode(SbField f, String dev) {
        if (f.bodyLen() < 16) throw BcachefsException.corrupt("clean field too short (" + f.bodyLen() + " bytes)", dev + " superblock clean");
        byte[] b = f.sb();
        int o = f.bodyOff();
        return new Clean(Le.u32(b, o), Le.u64(b, o + 8), b, o + 16, f.off() + f.len());
    }
}
