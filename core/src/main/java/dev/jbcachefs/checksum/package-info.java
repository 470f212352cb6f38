/**
 * The keyless checksum types of the on-disk format, by their on-disk codes: standard CRC-32C (metadata,
 * type 1) straight from the JDK intrinsic, raw init-0 CRC-32C (data, type 5) derived from it with a
 * cached zero-run term, both crc64_be variants, and XXH64. The option values stored in the superblock map
 * to different codes for metadata and data ({@link dev.jbcachefs.checksum.CsumType}); encrypted types
 * need a key and are computed by the crypto package.
 */
package dev.jbcachefs.checksum;
