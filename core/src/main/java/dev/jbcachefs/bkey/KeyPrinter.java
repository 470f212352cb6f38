package dev.jbcachefs.bkey;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.util.Printbuf;

/**
 * Prints keys exactly as upstream {@code bcachefs list} does ({@code bch2_bkey_val_to_text}): the header
 * ({@code bch2_bkey_to_text}), then, when the key has value bytes, a two-space indent level is opened
 * (which also prints two spaces), {@code ": "} and the type's value text; closing the indent drops a
 * trailing indent after a final newline. Values that do not decode print {@code (invalid TYPE: why)}
 * instead of failing, so a listing never stops at a corrupt key.
 */
public final class KeyPrinter {
    private KeyPrinter() {}

    /** Header plus value, as {@code bch2_bkey_val_to_text} prints it into a fresh buffer. */
    public static void keyToText(StringBuilder out, BkeySC k, PrintContext ctx) {
        Printbuf pb = new Printbuf();
        keyToText(pb, k, ctx);
        out.append(pb.builder());
    }

    /** Header plus value into a buffer that may carry an indent level of its own. */
    public static void keyToText(Printbuf out, BkeySC k, PrintContext ctx) {
        StringBuilder hdr = new StringBuilder();
        k.k().toText(hdr);
        out.prt(hdr.toString());
        if (k.k().valBytes() > 0) {
            out.indentAdd(2);
            out.prt(": ");
            valToText(out, k, ctx);
            out.indentSub(2);
        }
    }

    /** The key as one string. */
    public static String keyToString(BkeySC k, PrintContext ctx) {
        StringBuilder sb = new StringBuilder();
        keyToText(sb, k, ctx);
        return sb.toString();
    }

    /** The value text alone. Types without a printer print nothing. */
    public static void valToText(StringBuilder out, BkeySC k, PrintContext ctx) {
        valToText(new Printbuf(out), k, ctx);
    }

    /** The value text alone ({@code bch2_val_to_text}). */
    public static void valToText(Printbuf out, BkeySC k, PrintContext ctx) {
        KeyType t = k.type();
        if (t == null) return;
        int mark = out.length();
        try {
            switch (t) {
                case ERROR -> KeyError.decode(k).toText(out);
                case COOKIE -> Cookie.decode(k).toText(out);
                case BTREE_PTR -> Extent.decode(k).toText(out, ctx);
                case BTREE_PTR_V2 -> BtreePtrV2.decode(k).toText(out, ctx);
                case EXTENT -> Extent.decode(k).toText(out, ctx);
                case RESERVATION -> Reservation.decode(k).toText(out);
                case INODE, INODE_V2, INODE_V3 -> Inode.toText(out, k);
                case INODE_GENERATION -> InodeGeneration.decode(k).toText(out);
                case DIRENT -> Dirent.decode(k).toText(out);
                case XATTR -> Xattr.toText(out, k);
                case ALLOC, ALLOC_V2, ALLOC_V3, ALLOC_V4 -> Alloc.decode(k).toText(out, ctx, devOf(k));
                case QUOTA -> Quota.decode(k).toText(out);
                case STRIPE -> Stripe.decode(k).toText(out, ctx);
                case REFLINK_P -> ReflinkP.decode(k).toText(out);
                case REFLINK_V -> ReflinkV.decode(k).toText(out, ctx);
                case INLINE_DATA -> InlineData.decode(k).toText(out, false);
                case INDIRECT_INLINE_DATA -> InlineData.decode(k).toText(out, true);
                case SUBVOLUME -> Subvolume.decode(k).toText(out);
                case SNAPSHOT -> Snapshot.decode(k).toText(out);
                case SNAPSHOT_TREE -> SnapshotTree.decode(k).toText(out);
                case LRU -> Lru.decode(k).toText(out);
                case BACKPOINTER -> Backpointer.decode(k).toText(out, ctx, k.pos());
                case BUCKET_GENS -> BucketGens.decode(k).toText(out);
                case LOGGED_OP_TRUNCATE -> LoggedOpTruncate.decode(k).toText(out);
                case LOGGED_OP_FINSERT -> LoggedOpFinsert.decode(k).toText(out);
                case ACCOUNTING -> Accounting.decode(k).toText(out, ctx);
                case INODE_ALLOC_CURSOR -> InodeAllocCursor.decode(k).toText(out);
                default -> { } // deleted, whiteout, hash_whiteout, set, extent_whiteout: no value text
            }
        } catch (BcachefsException e) {
            out.truncate(mark);
            out.prt("(invalid " + t.upstreamName() + ": " + e.getMessage() + ")");
        }
    }

    private static int devOf(BkeySC k) {
        long inode = k.pos().inode();
        return inode >= 0 && inode < 256 ? (int) inode : -1;
    }
}
