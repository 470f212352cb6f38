/**
 * Hardening tests: a seeded fault-injection sweep over the reference images and hand-crafted corruption
 * that checksums cannot catch. Faults are injected through a test-side {@code BlockDevice}
 * ({@link dev.jbcachefs.hardening.MutatedDevice}) over shared, lazily cached pristine pages, so no image
 * is ever copied or written and ten thousand opens take about a minute. The contract checked: every run
 * either succeeds with the pristine listing or fails with a one-line {@code BcachefsException} that names
 * where.
 */
package dev.jbcachefs.hardening;
