/**
 * The data read path: file bytes from the extents btree. {@link dev.jbcachefs.data.DataReader} walks the
 * visible extent keys of an inode (snapshot-filtered), and for each one reads a replica's whole encoded
 * extent, verifies its checksum, decrypts and decompresses it ({@code ExtentDecoder}, {@code Codecs}),
 * then slices the live part. Inline data, reservations, reflink pointers (through the reflink btree) and
 * holes are handled in the walk. Replicas are tried in order (non-cached first); failures go to
 * {@code BtreeContext.replicaFailed} and only when none is good does the read fail. Memory is bounded: an
 * encoded extent is at most 4 MiB (the crc128 field width) and a small LRU ({@code DecodedCache}) keeps
 * recently decoded extents so that small sequential reads do not decode one extent again and again.
 * Speed: an extent a read wants whole is decoded straight into the caller's buffer (plain ones read and
 * decrypted in place); only extents a read cuts go through the LRU, whose arrays are recycled and which
 * drops an extent once its last bytes are read; codec contexts are reused per thread. The destination may
 * be a {@code MemorySegment} in native memory (the mount's reply buffer): a plain extent is then read from
 * the device straight into it and checksummed there, so the bytes cross memory once on their way from the
 * device to the FUSE reply; compressed and encrypted extents go through an array as before.
 *
 * <p>The encoding half of the write path lives here too, as the inverse of the decoders: {@link
 * dev.jbcachefs.data.DataWrite} compresses ({@code Compressor}, the codecs' upstream parameters), encrypts and
 * checksums one extent at a time, and {@link dev.jbcachefs.data.CrcEntry} packs the crc entry of its key.
 */
package dev.jbcachefs.data;
