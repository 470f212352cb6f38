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
 */
package dev.jbcachefs.bkey;
