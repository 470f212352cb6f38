package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.List;

/** The {@code journal_seq_blacklist} field: ranges {@code [start, end)} of journal seqs never to trust. */
public final class JournalSeqBlacklist {
    /** Blacklisted seqs {@code start <= seq < end}. */
    public record Range(long start, long end) {
        public boolean contains(long seq) {
            return Long.compareUnsigned(seq, start) >= 0 && Long.compareUnsigned(seq, end) < 0;
        }
    }

    private JournalSeqBlacklist() {}

    static List<Range> decode(SbField f, String dev) {
        if (f.bodyLen() % 16 != 0) throw BcachefsException.corrupt("journal_seq_blacklist field length " + f.bodyLen() + " not a multiple of 16", dev + " superblock");
        List<Range> out = new ArrayList<>();
        for (int o = f.bodyOff(); o < f.off() + f.len(); o += 16) {
            out.add(new Range(Le.u64(f.sb(), o), Le.u64(f.sb(), o + 8)));
        }
        return out;
    }
}
