/**
 * The journal: codecs for {@code struct jset} and its {@code jset_entry}s, both directions (also used for
 * the superblock's clean section), the reader that walks every journal bucket of every device, and replay selection
 * producing a {@link dev.jbcachefs.journal.JournalReplay} overlay for the btree code.
 *
 * <p>Design: codecs ({@link dev.jbcachefs.journal.Jset}, {@link dev.jbcachefs.journal.JsetEntry}) are
 * views over byte arrays and never throw on bad entries inside a jset; they report problems so that a
 * damaged entry costs only itself, as upstream's journal read does. Behaviour lives apart: reading
 * ({@link dev.jbcachefs.journal.JournalReader}), choosing what to replay
 * ({@link dev.jbcachefs.journal.JournalRead}), the key overlay ({@link dev.jbcachefs.journal.JournalReplay})
 * and the text form of {@code list_journal} ({@link dev.jbcachefs.journal.ListJournal}). Encryption is
 * pluggable through {@link dev.jbcachefs.journal.JournalCrypto}, null for unencrypted filesystems
 * ({@link dev.jbcachefs.journal.KeyedJournalCrypto} is the implementation on the master key).
 *
 * <p>Writing (for {@code format}): {@link dev.jbcachefs.journal.JsetEntryWrite} encodes entries as byte
 * arrays (also the superblock clean section's entry area), {@link dev.jbcachefs.journal.JsetWrite} a whole
 * jset (checksum, encryption with a {@code JournalCrypto}, block padding) and
 * {@link dev.jbcachefs.journal.JournalWrite} places jsets in a device's journal buckets; its Javadoc states
 * the clean-journal rule. Each encoder is the exact inverse of the decoder (fixture jsets re-encode to the
 * same bytes).
 *
 * <p>Opening a filesystem: after a clean shutdown the superblock's clean section has the roots
 * ({@link dev.jbcachefs.journal.JournalRoots#fromClean}) and nothing needs replaying; otherwise read with
 * {@code JournalReader.read(devices, crypto, false)}, build {@link dev.jbcachefs.journal.JournalReplay#of},
 * take its {@code roots()}, overlay it with {@link dev.jbcachefs.journal.JournalOverlay} and ignore
 * bsets whose journal seq {@code seqBlacklisted} names.
 */
package dev.jbcachefs.journal;
