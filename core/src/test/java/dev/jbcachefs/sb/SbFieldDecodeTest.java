package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field types the reference images do not carry (quota, disk_groups, journal v1, journal_seq_blacklist,
 * replicas v1, an unknown type), appended to a real superblock: each prints as upstream's to_text does,
 * and a damaged one is refused with a message instead of a crash.
 */
class SbFieldDecodeTest {
    static String showAll(Path img) {
        try (var dev = FileBlockDevice.openReadOnly(img)) {
            Superblock sb = Superblock.read(dev);
            return SuperblockText.showSuper(sb, false, SuperblockText.ALL_FIELDS, SuperblockText.deviceContext(sb));
        }
    }

    static byte[] quota() {
        byte[] q = new byte[72];
        Le.put64(q, 0, 1);
        Le.put32(q, 8, 10);
        Le.put32(q, 12, 20);
        Le.put32(q, 24 + 16, 7);
        return q;
    }

    static byte[] diskGroups() {
        byte[] g = new byte[96];
        System.arraycopy("ssd".getBytes(StandardCharsets.UTF_8), 0, g, 0, 3);
        System.arraycopy("fast".getBytes(StandardCharsets.UTF_8), 0, g, 48, 4);
        Le.put64(g, 48 + 32, 1L << 6); // child of group 0
        return g;
    }

    static byte[] u64s(long... v) {
        byte[] b = new byte[v.length * 8];
        for (int i = 0; i < v.length; i++) Le.put64(b, i * 8, v[i]);
        return b;
    }

    /** Sets member 0's disk group (label) to {@code group + 1}. */
    static void setMemberGroup(byte[] sb, int groupPlusOne) {
        for (int o = Superblock.FIELDS_OFFSET; o < sb.length; o += (int) Le.u32(sb, o) * 8) {
            if (Le.u32(sb, o + 4) == SbFieldType.MEMBERS_V2.id()) {
                int flags = o + 16 + Members.FLAGS;
                Le.put64(sb, flags, (Le.u64(sb, flags) & ~(0xffL << 20)) | ((long) groupPlusOne << 20));
                return;
            }
        }
        throw new AssertionError("no members_v2");
    }

    @Test
    void extraFieldsPrintLikeUpstream(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        SbImagePatcher.appendFields(img, 8,
                SbImagePatcher.field(SbFieldType.QUOTA.id(), quota()),
                SbImagePatcher.field(SbFieldType.DISK_GROUPS.id(), diskGroups()),
                SbImagePatcher.field(SbFieldType.JOURNAL_SEQ_BLACKLIST.id(), u64s(5, 7, 10, 12)),
                SbImagePatcher.field(SbFieldType.JOURNAL.id(), u64s(1, 2)),
                SbImagePatcher.field(SbFieldType.REPLICAS.id(), new byte[] {4, 1, 1, 0, 3, 2, 1, 0, 1}),
                SbImagePatcher.field(99, new byte[8]));
        SbImagePatcher.patch(img, 8, sb -> setMemberGroup(sb, 2));
        String text = showAll(img);
        assertThat(text).contains("\nquota (size 80):\n"
                + "user: flags 1 space timelimit 10 warnlimit 20 inodes timelimit 0 warnlimit 0\n"
                + "group: flags 0 space timelimit 0 warnlimit 0 inodes timelimit 7 warnlimit 0\n"
                + "project: flags 0 space timelimit 0 warnlimit 0 inodes timelimit 0 warnlimit 0\n");
        assertThat(text).contains("\ndisk_groups (size 104):\n[parent 0 name ssd] [parent 1 name fast]\njournal_seq_blacklist (size 40):\n5-7 10-12\n");
        assertThat(text).contains("\njournal (size 24):\nBuckets:  1 2\n");
        assertThat(text).contains("\nreplicas (size 24):\nuser: 1/1 [0] btree: 1/2 [0 1]\n");
        assertThat(text).contains("\n(unknown field 99) (size 16):\nDevice 0:");
        assertThat(text).contains("\nSections:                                  journal,replicas_v0,quota,disk_groups,clean,replicas,journal_seq_blacklist,");
        assertThat(text).contains("\n  Label:                                   ssd.fast\n");
        assertThat(text).contains("\n  Has data:                                btree,user\n");
    }

    @Test
    void truncatedReplicasEntryIsRefusedNotACrash(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        // an entry claiming 9 devices in an 8-byte body
        SbImagePatcher.appendFields(img, 8, SbImagePatcher.field(SbFieldType.REPLICAS.id(), new byte[] {4, 9, 1, 0, 0, 0, 0, 0}));
        assertThatThrownBy(() -> showAll(img)).isInstanceOf(BcachefsException.class)
                .hasMessageContaining("replicas entry with 9 devices runs past the field");
    }

    @Test
    void shortExtFieldIsRefused(@TempDir Path tmp) {
        Path img = Fixtures.copy("default", tmp);
        SbImagePatcher.appendFields(img, 8, SbImagePatcher.field(SbFieldType.EXT.id(), new byte[16]));
        assertThatThrownBy(() -> showAll(img)).isInstanceOf(BcachefsException.class).hasMessageContaining("ext field too small");
    }
}
