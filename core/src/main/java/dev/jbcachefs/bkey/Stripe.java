package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/**
 * An erasure-coded stripe ({@code bch_stripe}): geometry, checksum settings, then one pointer per block,
 * the per-block checksums and per-block sector counts.
 */
public record Stripe(int sectors, int algorithm, int nrBlocks, int nrRedundant, int csumGranularityBits, int csumType,
                     int diskLabel, byte[] raw) {
    static final int[] CRC_BYTES = {0, 4, 8, 10, 16, 4, 8, 8};

    public Stripe {
        raw = raw.clone();
    }

    public static Stripe decode(BkeySC k) {
        ValReader r = new ValReader(k);
        byte[] fixed = new byte[8];
        System.arraycopy(r.buf, r.off, fixed, 0, Math.min(8, r.len));
        return new Stripe((fixed[0] & 0xff) | (fixed[1] & 0xff) << 8, fixed[2] & 0xff, fixed[3] & 0xff, fixed[4] & 0xff,
                fixed[5] & 0xff, fixed[6] & 0xff, fixed[7] & 0xff, r.bytes(0, r.len));
    }

    void toText(Printbuf out, PrintContext ctx) {
        int nrData = nrBlocks - nrRedundant;
        out.prt("algo " + algorithm + " sectors " + sectors + " blocks " + nrData + ":" + nrRedundant + " csum ");
        out.prt(Names.csumType(csumType)).prt(" gran ");
        out.prt(csumGranularityBits < 64 ? Long.toUnsignedString(1L << csumGranularityBits) : "(invalid shift " + csumGranularityBits + ")");
        if (diskLabel != 0) out.prt(" label").prt("group " + (diskLabel - 1));
        out.indentAdd(2);
        long csumsPerDev = csumGranularityBits < 31 ? (sectors + (1L << csumGranularityBits) - 1) >> csumGranularityBits : 1;
        for (int i = 0; i < nrBlocks; i++) {
            int p = 8 + 8 * i;
            if (p + 8 > raw.length) break;
            long w = 0;
            for (int j = 0; j < 8; j++) w |= (long) (raw[p + j] & 0xff) << (8 * j);
            out.newline();
            Extent.ptrToText(out, ctx, ExtentEntry.Ptr.decode(w));
            if (csumType < CRC_BYTES.length && i < nrData) {
                long off = 8 + 8L * nrBlocks + (long) nrBlocks * csumsPerDev * CRC_BYTES[csumType] + 2L * i;
                if (off + 2 <= raw.length)
                    out.prt("#" + ((raw[(int) off] & 0xff) | (raw[(int) off + 1] & 0xff) << 8));
            }
        }
        out.indentSub(2);
    }
}
