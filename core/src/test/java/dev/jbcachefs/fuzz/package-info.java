/**
 * Jazzer fuzz tests of the decoders that take untrusted bytes: superblock, {@code bkey_format} and
 * packed keys, {@code jset_entry} runs, key values (and, in package {@code dev.jbcachefs.btree}, whole
 * btree nodes). Harnesses re-seal checksums where one guards the structure, so mutations reach the
 * decoders. In the normal build each runs in regression mode over its seed inputs (real structures sliced
 * from the reference images, in {@code src/test/resources/.../NAMEInputs/METHOD/}); {@code mvn -Pfuzz}
 * fuzzes one of them for its {@code maxDuration}.
 */
package dev.jbcachefs.fuzz;
