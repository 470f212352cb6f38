package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry list shared by every key type that points at data ({@code extent}, {@code btree_ptr},
 * {@code btree_ptr_v2}, {@code reflink_v}): decoding it and printing it as upstream's
 * {@code bch2_bkey_ptrs_to_text} does ({@code durability: N} and then one line per entry).
 */
public record Extent(List<ExtentEntry> entries) {
    public Extent {
        entries = List.copyOf(entries);
    }

    /** Decodes the value of an {@code extent} key. */
    public static Extent decode(BkeySC k) {
        return decode(new ValReader(k), 0);
    }

    static Extent decode(ValReader r, int start) {
        List<ExtentEntry> out = new ArrayList<>();
        int pos = start;
        while (pos < r.len) {
            if (r.len - pos < 8) throw r.corrupt("extent entry at value byte " + pos + " is shorter than 8 bytes");
            long w = r.u64(pos);
            int type = w == 0 ? -1 : Long.numberOfTrailingZeros(w);
            if (type < 0 || type >= ExtentEntry.MAX) {
                out.add(new ExtentEntry.Unknown(w));
                break;
            }
            int bytes = ExtentEntry.U64S[type] * 8;
            if (pos + bytes > r.len)
                throw r.corrupt("extent entry " + Names.EXTENT_ENTRY_TYPES[type] + " at value byte " + pos + " runs past value end " + r.len);
            out.add(switch (type) {
                case ExtentEntry.PTR -> ExtentEntry.Ptr.decode(w);
                case ExtentEntry.CRC32 -> {
                    long c = w & 0xffffffffL;
                    yield new ExtentEntry.Crc(ExtentEntry.CRC32, (int) ((c >>> 2) & 127) + 1, (int) ((c >>> 9) & 127) + 1,
                            (int) ((c >>> 16) & 127), 0, (int) ((c >>> 24) & 15), (int) ((c >>> 28) & 15), 0, w >>> 32);
                }
                case ExtentEntry.CRC64 -> new ExtentEntry.Crc(ExtentEntry.CRC64, (int) ((w >>> 3) & 511) + 1,
                        (int) ((w >>> 12) & 511) + 1, (int) ((w >>> 21) & 511), (int) ((w >>> 30) & 1023),
                        (int) ((w >>> 40) & 15), (int) ((w >>> 44) & 15), w >>> 48, r.u64(pos + 8));
                case ExtentEntry.CRC128 -> new ExtentEntry.Crc(ExtentEntry.CRC128, (int) ((w >>> 4) & 8191) + 1,
                        (int) ((w >>> 17) & 8191) + 1, (int) ((w >>> 30) & 8191), (int) ((w >>> 43) & 8191),
                        (int) ((w >>> 56) & 15), (int) ((w >>> 60) & 15), r.u64(pos + 16), r.u64(pos + 8));
                case ExtentEntry.STRIPE_PTR -> new ExtentEntry.StripePtr((int) ((w >>> 5) & 255), (int) ((w >>> 13) & 15), w >>> 17);
                case ExtentEntry.REBALANCE_V1 -> new ExtentEntry.RebalanceV1(w);
                case ExtentEntry.FLAGS -> new ExtentEntry.Flags(w >>> 7);
                case ExtentEntry.RECONCILE -> new ExtentEntry.Reconcile(w);
                default -> new ExtentEntry.ReconcileBp(w >>> 9);
            });
            pos += bytes;
        }
        return new Extent(out);
    }

    /** The data pointers, in order. */
    public List<ExtentEntry.Ptr> ptrs() {
        List<ExtentEntry.Ptr> r = new ArrayList<>();
        for (ExtentEntry e : entries) if (e instanceof ExtentEntry.Ptr p) r.add(p);
        return r;
    }

    /** Sum of the durability of the pointers to existing devices ({@code bch2_bkey_durability_safe}). */
    public int durability(PrintContext ctx) {
        int d = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof ExtentEntry.Ptr p)) continue;
            if (p.cached()) continue;
            ExtentEntry.StripePtr ec = null;
            for (int j = i + 1; j < entries.size() && !(entries.get(j) instanceof ExtentEntry.Ptr); j++)
                if (entries.get(j) instanceof ExtentEntry.StripePtr s) ec = s;
            int devDurability = ctx.durability(p.dev());
            if (devDurability == 0 && ctx.deviceName(p.dev()) == null) continue; // no such device
            d += ec != null ? ec.redundancy() + 1 : devDurability;
        }
        return d;
    }

    /** {@code bch2_bkey_ptrs_to_text}. */
    public void toText(Printbuf out, PrintContext ctx) {
        out.prt("durability: " + durability(ctx) + " ");
        for (ExtentEntry e : entries) {
            out.newline();
            int type = e.type();
            if (type >= 0 && type < ExtentEntry.MAX) out.prt(Names.EXTENT_ENTRY_TYPES[type]).prt(": ");
            switch (e) {
                case ExtentEntry.Ptr p -> ptrToText(out, ctx, p);
                case ExtentEntry.Crc c -> crcToText(out, c);
                case ExtentEntry.StripePtr s -> out.prt("idx " + s.idx() + " block " + s.block());
                case ExtentEntry.RebalanceV1 rb -> rebalanceV1ToText(out, ctx, rb);
                case ExtentEntry.Reconcile rc -> reconcileToText(out, ctx, rc);
                case ExtentEntry.Flags f -> out.bitflags(Names.EXTENT_FLAGS, f.flags());
                case ExtentEntry.ReconcileBp bp -> out.prt("idx " + bp.idx());
                case ExtentEntry.Unknown u -> {
                    out.prt(String.format("(unknown extent entry %016x)", u.word()));
                    return;
                }
            }
        }
    }

    /** {@code bch2_extent_ptr_to_text}. */
    static void ptrToText(Printbuf out, PrintContext ctx, ExtentEntry.Ptr p) {
        String name = ctx.deviceName(p.dev());
        int bucketSize = ctx.bucketSize(p.dev());
        if (name == null || bucketSize <= 0) {
            out.prt(p.dev() + ":" + p.offset() + " gen " + p.gen());
        } else {
            out.prt(String.format("%6s", name) + " " + p.dev() + ":" + (p.offset() / bucketSize) + ":"
                    + (p.offset() % bucketSize) + " gen " + p.gen());
            int d = ctx.durability(p.dev());
            if (d != 1) out.prt(" d=" + d);
            int bucketGen = ctx.bucketGen(p.dev(), p.offset() / bucketSize);
            int stale = bucketGen < 0 ? 0 : Math.max(0, (byte) (bucketGen - p.gen()));
            if (stale != 0) out.prt(" stale=" + stale);
        }
        if (p.cached()) out.prt(" cached");
        if (p.unwritten()) out.prt(" unwritten");
    }

    static void crcToText(Printbuf out, ExtentEntry.Crc c) {
        out.prt("c_size " + c.compressedSize() + " size " + c.uncompressedSize() + " offset " + c.offset()
                + " nonce " + c.nonce() + " csum " + Names.csumType(c.csumType()) + " "
                + Long.toHexString(c.csumHi()) + ":" + Long.toHexString(c.csumLo()) + " ");
        out.prt(" compress ").prt(Names.compressionType(c.compressionType()));
    }

    private static void optTail(Printbuf out, PrintContext ctx, int bgCompression, boolean bgCompressionInode,
                                int bgTarget, boolean bgTargetInode, int promote, boolean promoteInode, int ec, boolean ecInode) {
        if (bgCompression != 0 || bgCompressionInode) {
            out.prt(" background_compression=").prt(Names.compressionOpt(bgCompression));
            if (bgCompressionInode) out.prt(" (inode)");
        }
        if (bgTarget != 0 || bgTargetInode) {
            out.prt(" background_target=").prt(ctx.targetText(bgTarget));
            if (bgTargetInode) out.prt(" (inode)");
        }
        if (promote != 0 || promoteInode) {
            out.prt(" promote_target=").prt(ctx.targetText(promote));
            if (promoteInode) out.prt(" (inode)");
        }
        if (ec != 0 || ecInode) {
            out.prt(" ec=" + ec);
            if (ecInode) out.prt(" (inode)");
        }
    }

    static void rebalanceV1ToText(Printbuf out, PrintContext ctx, ExtentEntry.RebalanceV1 r) {
        out.prt("replicas=" + r.dataReplicas());
        if (r.dataReplicasFromInode()) out.prt(" (inode)");
        out.prt(" checksum=").prt(Names.opt(Names.CSUM_OPTS, "csum_opt", r.dataChecksum()));
        if (r.dataChecksumFromInode()) out.prt(" (inode)");
        optTail(out, ctx, r.backgroundCompression(), r.backgroundCompressionFromInode(), r.backgroundTarget(),
                r.backgroundTargetFromInode(), r.promoteTarget(), r.promoteTargetFromInode(), r.erasureCode(),
                r.erasureCodeFromInode());
    }

    static void reconcileToText(Printbuf out, PrintContext ctx, ExtentEntry.Reconcile r) {
        out.prt("need_rb=").bitflags(Names.RECONCILE_OPTS, r.needRb());
        if (r.hipri()) out.prt(" hipri");
        if (r.pending()) out.prt(" pending");
        out.prt(" replicas=" + r.dataReplicas());
        if (r.dataReplicasFromInode()) out.prt(" (inode)");
        out.prt(" checksum=").prt(Names.opt(Names.CSUM_OPTS, "csum_opt", r.dataChecksum()));
        if (r.dataChecksumFromInode()) out.prt(" (inode)");
        optTail(out, ctx, r.backgroundCompression(), r.backgroundCompressionFromInode(), r.backgroundTarget(),
                r.backgroundTargetFromInode(), r.promoteTarget(), r.promoteTargetFromInode(), r.erasureCode(),
                r.erasureCodeFromInode());
    }
}
