package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** 256 bucket generation numbers per key ({@code bch_bucket_gens}); key offset = first bucket / 256. */
public record BucketGens(byte[] gens) {
    public static final int NR = 256;

    public BucketGens {
        gens = gens.clone();
    }

    public int gen(int i) {
        return gens[i] & 0xff;
    }

    public static BucketGens decode(BkeySC k) {
        return new BucketGens(new ValReader(k).need(NR).bytes(0, NR));
    }

    void toText(Printbuf out) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < NR; i++) {
            if (i > 0) sb.append(' ');
            sb.append(gen(i));
        }
        out.prt(sb.toString());
    }
}
