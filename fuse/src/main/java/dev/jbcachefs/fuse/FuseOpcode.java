package dev.jbcachefs.fuse;

/**
 * The FUSE kernel protocol's request opcodes (stable numbers from the protocol), with whether the
 * operation would modify the filesystem (a read-only mount answers those with EROFS) and whether the
 * kernel expects no reply at all.
 */
enum FuseOpcode {
    LOOKUP(1), FORGET(2), GETATTR(3), SETATTR(4, true), READLINK(5), SYMLINK(6, true), MKNOD(8, true),
    MKDIR(9, true), UNLINK(10, true), RMDIR(11, true), RENAME(12, true), LINK(13, true), OPEN(14), READ(15),
    WRITE(16, true), STATFS(17), RELEASE(18), FSYNC(20), SETXATTR(21, true), GETXATTR(22), LISTXATTR(23),
    REMOVEXATTR(24, true), FLUSH(25), INIT(26), OPENDIR(27), READDIR(28), RELEASEDIR(29), FSYNCDIR(30),
    GETLK(31), SETLK(32), SETLKW(33), ACCESS(34), CREATE(35, true), INTERRUPT(36), BMAP(37), DESTROY(38),
    IOCTL(39), POLL(40), NOTIFY_REPLY(41), BATCH_FORGET(42), FALLOCATE(43, true), READDIRPLUS(44),
    RENAME2(45, true), LSEEK(46), COPY_FILE_RANGE(47, true), SETUPMAPPING(48), REMOVEMAPPING(49), SYNCFS(50),
    TMPFILE(51, true), STATX(52);

    private static final FuseOpcode[] BY_ID = new FuseOpcode[64];

    static {
        for (FuseOpcode o : values()) BY_ID[o.id] = o;
    }

    final int id;
    final boolean writes;

    FuseOpcode(int id) {
        this(id, false);
    }

    FuseOpcode(int id, boolean writes) {
        this.id = id;
        this.writes = writes;
    }

    /** The opcode with this number, or null for one this implementation does not know. */
    static FuseOpcode byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** FORGET, BATCH_FORGET and INTERRUPT get no reply; NOTIFY_REPLY is itself a reply. */
    boolean noReply() {
        return this == FORGET || this == BATCH_FORGET || this == INTERRUPT || this == NOTIFY_REPLY;
    }
}
