package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.util.Printbuf;

/** The generation left behind by a deleted inode number ({@code bch_inode_generation}). */
public record InodeGeneration(long generation) {
    public static InodeGeneration decode(BkeySC k) {
        return new InodeGeneration(new ValReader(k).need(4).u32(0));
    }

    void toText(Printbuf out) {
        out.prt("generation: " + generation);
    }
}
