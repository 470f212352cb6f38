package dev.jbcachefs.fs;

/** What {@code statfs} reports, from the accounting keys and member geometry. Sizes in bytes. */
public record FsStat(long blockSize, long totalBytes, long freeBytes, long availBytes, long inodes, long freeInodes, int nameMax) {}
