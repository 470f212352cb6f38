/**
 * The {@code jbcachefs} command line: one picocli command per bcachefs-tools verb, sharing the device
 * arguments ({@code FsArgs}: {@code dev0:dev1}, {@code --degraded}, the passphrase). Output that upstream
 * also prints is byte-identical to it where the disk determines it; every failure is one line on stderr
 * and a non-zero exit ({@link dev.jbcachefs.cli.Main}).
 */
package dev.jbcachefs.cli;
