/**
 * On-disk codecs shared by every subsystem, kept apart from behaviour: positions ({@code bpos}), key
 * headers ({@code bkey}, packed and unpacked), the per-node packing format ({@code bkey_format}) whose
 * validation guards every unpack, extent pointers, and the registries with stable ids (key types,
 * btree ids). Everything is little-endian and read through {@link dev.jbcachefs.format.Le}.
 */
package dev.jbcachefs.format;
