package dev.jbcachefs.sb;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code members_v2} field: {@code le16 member_bytes; pad[6]}, then one {@code struct bch_member} of
 * member_bytes each per device slot. A slot whose UUID is all zero is empty. Only the fields the readers
 * need are decoded here; {@link Member#raw} keeps the rest for show-super.
 */
public final class Members {
    /** Fixed offsets inside {@code struct bch_member}. */
    static final int UUID_OFF = 0, NBUCKETS = 16, FIRST_BUCKET = 24, BUCKET_SIZE = 26, FLAGS = 40;
    /** The smallest member_bytes that holds the fields we decode ({@code BCH_MEMBER_V1_BYTES}). */
    static final int MIN_MEMBER_BYTES = 56;
    public static final int MAX_MEMBERS = 64;

    /** One device slot. */
    public record Member(int idx, byte[] raw, long nbuckets, int firstBucket, int bucketSize, long flags) {
        public UUID uuid() {
            long hi = 0, lo = 0;
            for (int i = 0; i < 8; i++) hi = (hi << 8) | (raw[i] & 0xff);
            for (int i = 8; i < 16; i++) lo = (lo << 8) | (raw[i] & 0xff);
            return new UUID(hi, lo);
        }

        public boolean exists() {
            for (int i = 0; i < 16; i++) if (raw[i] != 0) return true;
            return false;
        }

        /** Member state: rw 0, ro 1, evacuating 2, spare 3. */
        public int state() {
            return (int) (flags & 0xf);
        }

        public int durability() {
            return (int) ((flags >>> 28) & 3);
        }
    }

    private final int memberBytes;
    private final List<Member> members;

    private Members(int memberBytes, List<Member> members) {
        this.memberBytes = memberBytes;
        this.members = members;
    }

    static Members decode(SbField f, String dev) {
        byte[] b = f.sb();
        String where = dev + " superblock members_v2";
        if (f.bodyLen() < 8) throw BcachefsException.corrupt("members_v2 field too short", where);
        int memberBytes = Le.u16(b, f.bodyOff());
        if (memberBytes < MIN_MEMBER_BYTES) throw BcachefsException.corrupt("member_bytes " + memberBytes + " < " + MIN_MEMBER_BYTES, where);
        int n = (f.bodyLen() - 8) / memberBytes;
        if (n > MAX_MEMBERS) n = MAX_MEMBERS;
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int o = f.bodyOff() + 8 + i * memberBytes;
            byte[] raw = java.util.Arrays.copyOfRange(b, o, o + memberBytes);
            out.add(new Member(i, raw, Le.u64(raw, NBUCKETS), Le.u16(raw, FIRST_BUCKET), Le.u16(raw, BUCKET_SIZE), Le.u64(raw, FLAGS)));
        }
        return new Members(memberBytes, List.copyOf(out));
    }

    public int memberBytes() {
        return memberBytes;
    }

    /** All slots, empty ones included, indexed by device index. */
    public List<Member> all() {
        return members;
    }

    /** The member at {@code idx}, or null when the slot is empty or out of range. */
    public Member get(int idx) {
        if (idx < 0 || idx >= members.size()) return null;
        Member m = members.get(idx);
        return m.exists() ? m : null;
    }
}
