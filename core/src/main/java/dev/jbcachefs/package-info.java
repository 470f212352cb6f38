/**
 * jbcachefs: bcachefs (on-disk format 1.36) in userspace Java. This root package holds only what every
 * layer shares: {@link dev.jbcachefs.BcachefsException}, the one exception type, and its stable
 * {@link dev.jbcachefs.ErrorCode}s. The subsystems live in one package each, named after upstream's:
 * {@code format} (codecs), {@code checksum}, {@code sb}, {@code btree}, {@code journal}, {@code crypto},
 * {@code bkey} (key values), {@code snapshot}, {@code data}, {@code fs} (the file-level API) and
 * {@code init} (opening a filesystem). Dependencies point downward in that order; nothing below
 * {@code init} knows about devices being files.
 */
package dev.jbcachefs;
