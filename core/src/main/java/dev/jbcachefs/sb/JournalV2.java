package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.List;

/** The per-device {@code journal_v2} field: ranges {@code { le64 start; le64 nr }} of journal buckets. */
public final class JournalV2 {
    /** A run of {@code nr} journal buckets starting at bucket {@code start}. */
    public record Range(long start, long nr) {}

    private JournalV2() {}

    static List<Range> decode(SbField f, String dev) {
        if (f.bodyLen() % 16 != 0) throw BcachefsException.corrupt("journal_v2 field length " + f.bodyLen() + " not a multiple of 16", dev + " superblock");
        List<Range> out = new ArrayList<>();
        for (int o = f.bodyOff(); o < f.off() + f.len(); o += 16) {
            out.add(new Range(Le.u64(f.sb(), o), Le.u64(f.sb(), o + 8)));
        }
        return out;
    }
}
