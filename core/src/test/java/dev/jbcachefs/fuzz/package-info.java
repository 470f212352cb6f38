/**
 * Jazzer fuzz tests of the decoders that take untrusted bytes: superblock, {@code bkey_format} and
 * packed keys, {@code jset_entry} runs, key values (and, in their own packages for package-private
 * access, whole btree nodes: {@code dev.jbcachefs.btree.BtreeNodeFuzzTest}, and whole jsets printed as
 * {@code list_journal} does: {@code dev.jbcachefs.journal.JsetFuzzTest}). Harnesses re-seal checksums where one guards the structure, so mutations reach the
 * decoders. In the normal build each runs in regression mode over its seed inputs (real structures sliced
 * from the reference images, in {@code src/test/resources/.../NAMEInputs/METHOD/}); {@code mvn -Pfuzz}
 * fuzzes one of them for its {@code maxDuration}.
 */
package dev.jbcachefs.fuzz;
