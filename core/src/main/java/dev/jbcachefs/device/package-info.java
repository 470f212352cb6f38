/**
 * Devices as byte arrays read by absolute offset. Real devices and image files are opened read-only
 * ({@link dev.jbcachefs.device.FileBlockDevice}), which is what guarantees that reading never changes a
 * filesystem; tests wrap the interface to inject faults. A read past the end is an error naming the
 * device and offset, never a short read.
 */
package dev.jbcachefs.device;
