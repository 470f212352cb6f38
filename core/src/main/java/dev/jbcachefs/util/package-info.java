/**
 * Small helpers shared by several subsystems. {@link dev.jbcachefs.util.Printbuf} models upstream's
 * printbuf ({@code util/printbuf.c}); every printer (superblock, keys, journal entries, btree nodes) writes
 * through it, so one set of layout rules decides the exact text.
 */
package dev.jbcachefs.util;
