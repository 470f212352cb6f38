/**
 * Programs for {@code benchmarks/mount-bench.sh}, kept in the fuse module's test sources so they use the
 * very FUSE front end they measure: {@link dev.jbcachefs.fuse.bench.ZeroFileMount} mounts a no-op
 * filesystem (one file of zeros served from memory through the same {@code FuseMount} and
 * {@code FuseDispatcher}) as the throughput ceiling of the transport, and
 * {@link dev.jbcachefs.fuse.bench.LibraryRead} reads a file of a bcachefs image through the library API
 * with the same request size, in one warm JVM, as the ceiling of the filesystem code.
 */
package dev.jbcachefs.fuse.bench;
