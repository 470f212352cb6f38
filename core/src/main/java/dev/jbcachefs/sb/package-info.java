/**
 * The superblock: reading and verifying its copies ({@link dev.jbcachefs.sb.Superblock}), decoding every
 * field type format 1.36 writes (members, replicas, crypt, clean, journal buckets, errors, counters, ext,
 * downgrade, recovery passes, extent_type_u64s, quota, disk groups, blacklist), the option bitfields of
 * {@code flags[0..6]} ({@link dev.jbcachefs.sb.SbOption}), and printing all of it byte for byte as upstream's
 * {@code show-super} does ({@link dev.jbcachefs.sb.SuperblockText}) or as JSON.
 *
 * <p>Design: the raw superblock bytes stay in {@link dev.jbcachefs.sb.Superblock}; each field type has a
 * small decoder that validates lengths before reading and throws {@code BcachefsException} on damage.
 * Exact text comes from {@link dev.jbcachefs.util.Printbuf}, which reproduces upstream's printbuf layout
 * rules (indent, tabstops that persist across fields), since several columns depend on them. Name tables
 * (features, counters, errors, recovery passes) live in {@code SbNames} with their stable ids.
 *
 * <p>Writing: {@link dev.jbcachefs.sb.SbModel} is a mutable superblock (header fields, {@link dev.jbcachefs.sb.SbFlag}
 * bitfields, layout, fields as encoded {@link dev.jbcachefs.sb.SbSection}s), {@link dev.jbcachefs.sb.SbSections}
 * encodes each field type, and {@link dev.jbcachefs.sb.SuperblockWrite} checksums and writes every copy plus
 * the layout sector. {@code SbModel.from} decodes a read superblock into that model, so decode → encode is
 * tested to reproduce upstream's bytes exactly.
 */
package dev.jbcachefs.sb;
