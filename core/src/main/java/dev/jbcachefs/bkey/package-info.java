/**
 * Key values: one record per value type with a validating {@code decode(BkeySC)} (throws
 * {@link dev.jbcachefs.BcachefsException} naming the key on a short or inconsistent value), and the
 * text printers {@code bcachefs list} output is compared against.
 *
 * <p>Design note: printing goes through {@link dev.jbcachefs.util.Printbuf}, a model of upstream's
 * printbuf (indent levels applied after embedded newlines, tabstops, trimming of a trailing indent),
 * because the exact spacing of multi-line values (inodes, alloc, extents) comes from those rules rather
 * than from the printers themselves. {@link dev.jbcachefs.bkey.KeyPrinter} is the single entry point;
 * what a printer needs from the mounted filesystem (device names, bucket sizes, durability, the
 * backpointer shift) comes through {@link dev.jbcachefs.bkey.PrintContext}.
 *
 * <p>The write side lives next to the decoders: the {@code *Pack} classes ({@link dev.jbcachefs.bkey.InodePack},
 * {@link dev.jbcachefs.bkey.DirentPack}, {@link dev.jbcachefs.bkey.ExtentPack}, ...) turn plain values or the
 * decoded records back into value bytes, u64-padded with zeros as upstream pads, and give the positions whose
 * encoding is not the obvious one (lru, freespace, backpointers, accounting). Every decoded-then-encoded key
 * of the reference images is byte-identical to the on-disk bytes, which is what keeps the two sides honest.
 */
package dev.jbcachefs.bkey;
