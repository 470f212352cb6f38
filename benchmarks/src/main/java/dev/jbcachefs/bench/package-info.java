/**
 * JMH benchmarks of the metadata read path that need only the public API: packed-key unpacking and
 * {@code list} of every btree end to end. Every benchmark here comes with a baseline method measured in the
 * same run over the same bytes (a raw read of the same words, a sequential read of the image file), so
 * results are read as ratios that do not depend on the machine; {@code benchmarks/run.sh} prints them.
 * Node parsing, which needs package-private access, lives in {@code dev.jbcachefs.btree} of this module.
 */
package dev.jbcachefs.bench;
