/**
 * Mounting a bcachefs filesystem through FUSE, read-only for now, shaped for read-write.
 *
 * <p><b>Transport: the raw {@code /dev/fuse} kernel protocol through FFM to libc, no libfuse.</b> The
 * daemon opens {@code /dev/fuse}, mounts it with {@code mount(2)} ({@code fd=N,rootmode=40000,user_id,
 * group_id[,allow_other]}, read-only/nosuid/nodev), speaks the protocol itself ({@link
 * dev.jbcachefs.fuse.FuseDispatcher}) and serves it from worker platform threads, each with its own
 * {@code FUSE_DEV_IOC_CLONE}d descriptor ({@link dev.jbcachefs.fuse.FuseMount}). Reasons: (1) no native
 * dependency beyond libc: nothing to install, no libfuse 3.14/3.17/3.18 ABI and symbol-versioning drift
 * ({@code fuse_session_new_versioned}, {@code libfuse3.so.3} vs {@code .so.4}, bitfield structs); (2) no
 * upcalls: an exception costs one request (an errno reply and a log line), never the JVM, and stack
 * traces and JFR stay ordinary Java; (3) the codec is plain bytes in, bytes out, so it is unit-tested and
 * fuzzed (Jazzer) without a mount; (4) throughput is the same as libfuse's on this kernel (the round trip
 * dominates). The price: INIT negotiation and every struct are ours, and so is the unprivileged path:
 * without root (or when {@code mount(2)} says EPERM) {@link dev.jbcachefs.fuse.Fusermount} spawns the
 * setuid {@code fusermount3} with {@code _FUSE_COMMFD} naming one end of a socketpair and receives the
 * mounted {@code /dev/fuse} descriptor as {@code SCM_RIGHTS}; such a mount shares that one descriptor
 * between its workers (cloning needs to open {@code /dev/fuse}) and is unmounted with
 * {@code fusermount3 -u}.
 * Workers are platform threads because a blocking {@code read} of {@code /dev/fuse} would pin a virtual
 * thread's carrier.
 *
 * <p><b>Node ids and st_ino.</b> bcachefs inode numbers are unique only within a subvolume: a snapshot
 * repeats its origin's numbers (the snapshot's root is inode 4096 like the origin's). The FUSE node id is
 * therefore allocated per (subvolume, inode) pair in {@link dev.jbcachefs.fuse.NodeTable} (root = 1,
 * lookup counts, FORGET/BATCH_FORGET), so hard links share a node and a snapshot's file never aliases its
 * origin's. {@code st_ino} is the bcachefs inode number for everything in the mounted subvolume (what
 * {@code ls -i} shows on a kernel mount); for nodes in other subvolumes (entries of type subvol, read-only
 * snapshots included) it is the inode number XOR (subvolume id &lt;&lt; 48). One FUSE mount has one
 * {@code st_dev}, so without the tag {@code find} would report a filesystem loop at every snapshot of the
 * root (same dev, same inode as an ancestor) and {@code tar}/{@code cp -a}/{@code du} would take a
 * snapshot's files for hard links of the origin's. Inode numbers below 2^48 (all of them unless inode
 * allocation is sharded into the top bits) keep the tagged numbers unique.
 *
 * <p><b>Caching.</b> The mount is read-only and nothing else changes the devices, so entry and attribute
 * timeouts are an hour, negative lookups are cached, files open with {@code FOPEN_KEEP_CACHE} and
 * directories with {@code FOPEN_CACHE_DIR}; INIT asks for async reads, 1 MiB requests
 * ({@code MAX_PAGES}=256), readdirplus (auto), parallel directory operations and cached symlinks.
 * {@code st_blksize} is 1 MiB so copying tools use large buffers. The kernel caps a FUSE mount's readahead
 * at 128 KiB whatever INIT says, so as root the mount raises its {@code read_ahead_kb} in sysfs to 4 MiB:
 * sequential reads then arrive as 1 MiB READs, up to four in flight, served by several workers at once.
 * Each worker writes every reply from one native buffer whose READ payload starts on a page boundary; a
 * READ's file bytes are read from the device straight into it ({@code FsView.read} into a
 * {@code MemorySegment}: plain extents are read, checksummed and sent from that one buffer, with no copy
 * through the Java heap), so a plain extent costs one kernel copy in, the checksum, and one copy out.
 *
 * <p><b>Failure and lifetime.</b> A request whose handling throws anything, {@link java.lang.Error}s
 * included, is answered with an errno (EIO for the unexpected) and logged; the worker goes on, since an
 * unanswered request would hang its caller. The background daemon of {@code jbcachefs mount} logs to a
 * file. A SIGKILLed daemon leaves a dead mount ("Transport endpoint is not connected") that any unmount
 * ({@code jbcachefs umount}, {@code fusermount3 -u}, {@code umount -l}) clears. In readdir, {@code ..}
 * carries the st_ino of the directory the node was looked up in (the root's own for the root). A read-write mount will need
 * notify-invalidate replies and shorter timeouts; the opcode table already marks every modifying
 * operation, which today answers EROFS.
 */
package dev.jbcachefs.fuse;
