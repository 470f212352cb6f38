package dev.jbcachefs.hardening;

import dev.jbcachefs.btree.BtreeNode;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.sb.JournalV2;
import dev.jbcachefs.sb.Members;
import dev.jbcachefs.sb.Superblock;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the metadata of a pristine image lives, found by opening it cleanly: the superblock layout and
 * every superblock copy per device, every btree node replica (with the extent of its first bset), and
 * the journal buckets. The sweep aims its faults at these regions, because flips in unused space
 * exercise nothing.
 */
final class ImageMap {
    record Region(String what, int dev, long off, int len) {}

    /** A btree node replica: written bytes and where the first bset's keys end. */
    record Node(String what, BtreeId btree, int dev, long off, int written, int firstEnd) {}

    final List<Region> layouts = new ArrayList<>();
    final List<Region> superblocks = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final List<Region> journal = new ArrayList<>();
    long lastSbEnd;

    static ImageMap of(List<ImagePages> devs) {
        ImageMap m = new ImageMap();
        Mutation none = new Mutation("none");
        for (int i = 0; i < devs.size(); i++) {
            BlockDevice d = devs.get(i).device(none, i);
            Superblock sb = Superblock.read(d);
            m.layouts.add(new Region("sb layout", i, Superblock.LAYOUT_OFFSET, Superblock.LAYOUT_BYTES));
            for (long sector : sb.layout().sbOffsets()) {
                int len = sb.bytes().length;
                m.superblocks.add(new Region("sb copy at sector " + sector, i, sector * 512, len));
                m.lastSbEnd = Math.max(m.lastSbEnd, sector * 512 + len);
            }
            Members.Member me = sb.members().get(sb.devIdx());
            long bucketBytes = (long) me.bucketSize() * 512;
            for (JournalV2.Range r : sb.journalBuckets()) {
                for (long b = r.start(); b < r.start() + r.nr(); b++) {
                    m.journal.add(new Region("journal bucket " + b, i, b * bucketBytes, (int) bucketBytes));
                }
            }
        }
        List<BlockDevice> opened = new ArrayList<>();
        for (int i = 0; i < devs.size(); i++) opened.add(devs.get(i).device(none, i));
        // device index inside the filesystem (member idx) -> index into devs
        try (BchFs fs = BchFs.openDevices(opened, OpenOptions.DEFAULTS)) {
            for (BtreeId id : BtreeId.values()) {
                fs.btree().forEachNode(id, Bpos.POS_MIN, Bpos.SPOS_MAX, 0, n -> m.addNode(n, fs, opened, devs));
            }
        }
        return m;
    }

    private void addNode(BtreeNode n, BchFs fs, List<BlockDevice> opened, List<ImagePages> devs) {
        for (ExtentPtr p : n.ptr().ptrs()) {
            int dev = opened.indexOf(fs.device(p.dev()));
            if (dev < 0) continue;
            long off = p.offset() * 512;
            int written = n.sectorsRead() * 512;
            byte[] hdr = new byte[160];
            devs.get(dev).read(off, hdr, 0, hdr.length);
            int firstEnd = Math.min(written, 160 + Le.u16(hdr, 158) * 8);
            nodes.add(new Node("btree " + n.btree().upstreamName() + " level " + n.level() + " node " + n.maxKey() + " dev " + dev
                    + " sector " + p.offset(), n.btree(), dev, off, written, firstEnd));
        }
    }
}
