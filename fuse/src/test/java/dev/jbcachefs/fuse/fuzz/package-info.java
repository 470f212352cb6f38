/**
 * Jazzer fuzz targets for the FUSE request path; in a normal build they run their seeds (regression
 * mode), with {@code JAZZER_FUZZ=1} they fuzz.
 */
package dev.jbcachefs.fuse.fuzz;
