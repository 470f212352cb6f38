package dev.jbcachefs.btree;

import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.bkey.PrintContext;

/**
 * The per-node report of {@code list -m formats} (upstream {@code bch2_btree_node_to_text}): level, range,
 * pointer, key format and space use. Upstream also prints sibling sizes, merge threshold and auxiliary
 * search tree statistics, which describe its in-memory node cache rather than the disk; those lines are
 * left out.
 */
public final class BtreeNodeText {
    private BtreeNodeText() {}

    public static void toText(StringBuilder out, BtreeNode n, PrintContext ctx) {
        out.append("l ").append(n.level()).append(' ');
        n.minKey().toText(out);
        out.append(" - ");
        n.maxKey().toText(out);
        out.append(":\n    ptrs: ");
        KeyPrinter.valToText(out, n.ptrKey(), ctx);
        out.append("\n    format: ");
        n.format().toText(out);
        int maxBytes = n.nodeBytes() - BtreeRead.KEYS;
        out.append("    unpack fn len: 0\n");
        out.append("    bytes used ").append(n.bytesUsed()).append('/').append(maxBytes)
                .append(" (").append((long) n.bytesUsed() / 8 * 100 / (maxBytes / 8)).append("% full)\n");
        out.append("    nr packed keys ").append(n.packedKeys()).append('\n');
        out.append("    nr unpacked keys ").append(n.unpackedKeys()).append('\n');
    }
}
