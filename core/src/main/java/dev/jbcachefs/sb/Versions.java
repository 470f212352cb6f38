package dev.jbcachefs.sb;

import java.util.Map;

/**
 * Names of on-disk metadata versions ({@code BCH_METADATA_VERSIONS()} through 1.36); a version is
 * {@code major << 10 | minor}. Used to print versions the way upstream does, {@code name (M.m)}.
 */
public final class Versions {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
        Map.entry((0 << 10) | 10, "bkey_renumber"),
        Map.entry((0 << 10) | 11, "inode_btree_change"),
        Map.entry((0 << 10) | 12, "snapshot"),
        Map.entry((0 << 10) | 13, "inode_backpointers"),
        Map.entry((0 << 10) | 14, "btree_ptr_sectors_written"),
        Map.entry((0 << 10) | 15, "snapshot_2"),
        Map.entry((0 << 10) | 16, "reflink_p_fix"),
        Map.entry((0 << 10) | 17, "subvol_dirent"),
        Map.entry((0 << 10) | 18, "inode_v2"),
        Map.entry((0 << 10) | 19, "freespace"),
        Map.entry((0 << 10) | 20, "alloc_v4"),
        Map.entry((0 << 10) | 21, "new_data_types"),
        Map.entry((0 << 10) | 22, "backpointers"),
        Map.entry((0 << 10) | 23, "inode_v3"),
        Map.entry((0 << 10) | 24, "unwritten_extents"),
        Map.entry((0 << 10) | 25, "bucket_gens"),
        Map.entry((0 << 10) | 26, "lru_v2"),
        Map.entry((0 << 10) | 27, "fragmentation_lru"),
        Map.entry((0 << 10) | 28, "no_bps_in_alloc_keys"),
        Map.entry((0 << 10) | 29, "snapshot_trees"),
        Map.entry((1 << 10) | 0, "major_minor"),
        Map.entry((1 << 10) | 1, "snapshot_skiplists"),
        Map.entry((1 << 10) | 2, "deleted_inodes"),
        Map.entry((1 << 10) | 3, "rebalance_work"),
        Map.entry((1 << 10) | 4, "member_seq"),
        Map.entry((1 << 10) | 5, "subvolume_fs_parent"),
        Map.entry((1 << 10) | 6, "btree_subvolume_children"),
        Map.entry((1 << 10) | 7, "mi_btree_bitmap"),
        Map.entry((1 << 10) | 8, "bucket_stripe_sectors"),
        Map.entry((1 << 10) | 9, "disk_accounting_v2"),
        Map.entry((1 << 10) | 10, "disk_accounting_v3"),
        Map.entry((1 << 10) | 11, "disk_accounting_inum"),
        Map.entry((1 << 10) | 12, "rebalance_work_acct_fix"),
        Map.entry((1 << 10) | 13, "inode_has_child_snapshots"),
        Map.entry((1 << 10) | 14, "backpointer_bucket_gen"),
        Map.entry((1 << 10) | 15, "disk_accounting_big_endian"),
        Map.entry((1 << 10) | 16, "reflink_p_may_update_opts"),
        Map.entry((1 << 10) | 17, "inode_depth"),
        Map.entry((1 << 10) | 18, "persistent_inode_cursors"),
        Map.entry((1 << 10) | 19, "autofix_errors"),
        Map.entry((1 << 10) | 20, "directory_size"),
        Map.entry((1 << 10) | 21, "cached_backpointers"),
        Map.entry((1 << 10) | 22, "stripe_backpointers"),
        Map.entry((1 << 10) | 23, "stripe_lru"),
        Map.entry((1 << 10) | 24, "casefolding"),
        Map.entry((1 << 10) | 25, "extent_flags"),
        Map.entry((1 << 10) | 26, "snapshot_deletion_v2"),
        Map.entry((1 << 10) | 27, "fast_device_removal"),
        Map.entry((1 << 10) | 28, "inode_has_case_insensitive"),
        Map.entry((1 << 10) | 29, "extent_snapshot_whiteouts"),
        Map.entry((1 << 10) | 30, "31bit_dirent_offset"),
        Map.entry((1 << 10) | 31, "btree_node_accounting"),
        Map.entry((1 << 10) | 32, "sb_field_extent_type_u64s"),
        Map.entry((1 << 10) | 33, "reconcile"),
        Map.entry((1 << 10) | 34, "extented_key_type_error"),
        Map.entry((1 << 10) | 35, "bucket_stripe_index"),
        Map.entry((1 << 10) | 36, "no_sb_user_data_replicas"));

    private Versions() {}

    public static int major(int v) {
        return v >>> 10;
    }

    public static int minor(int v) {
        return v & 0x3ff;
    }

    /** The version's name, or {@code (unknown version)}. */
    public static String name(int v) {
        return NAMES.getOrDefault(v, "(unknown version)");
    }

    /** Upstream's text: {@code name (major.minor)}. */
    public static String toText(int v) {
        return name(v) + " (" + major(v) + "." + minor(v) + ")";
    }
}
