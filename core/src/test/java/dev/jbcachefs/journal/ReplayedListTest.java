package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.btree.Btree;
import dev.jbcachefs.btree.BtreeCache;
import dev.jbcachefs.btree.BtreeContext;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.btree.NodeCrypto;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import dev.jbcachefs.testkit.UpstreamList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The journal replay wired into the btree code the way the filesystem open will do it (roots from the
 * replayed entries, {@link JournalOverlay}, bsets of blacklisted seqs ignored): on the unclean image the
 * key headers of every btree must equal upstream's {@code list} (which overlays the journal the same way).
 */
class ReplayedListTest {
    private static Map<String, List<String>> listHeaders(String image, boolean overlay) {
        return listKeys(image, overlay, false);
    }

    private static Map<String, List<String>> listKeys(String image, boolean overlay, boolean full) {
        List<BlockDevice> devs = new ArrayList<>();
        for (var p : Fixtures.devices(image)) devs.add(FileBlockDevice.openReadOnly(p));
        try {
            JournalRead r = JournalReader.read(devs, null);
            JournalReplay rp = JournalReplay.of(r);
            Superblock sb = r.superblock();
            BlockDevice[] byIdx = new BlockDevice[64];
            for (JournalDevice d : r.devices()) byIdx[d.idx()] = d.dev();
            BtreeContext ctx = new BtreeContext() {
                public BlockDevice device(int idx) {
                    return idx >= 0 && idx < 64 ? byIdx[idx] : null;
                }

                public int nodeBytes() {
                    return sb.btreeNodeSize() * 512;
                }

                public int blockBytes() {
                    return sb.blockSize() * 512;
                }

                public long uuidLe64() {
                    return sb.uuidLe64();
                }

                public boolean journalSeqIgnored(long seq) {
                    return rp.seqBlacklisted(seq);
                }

                public NodeCrypto crypto() {
                    return null;
                }

                public int version() {
                    return sb.version();
                }
            };
            Map<BtreeId, dev.jbcachefs.btree.BtreeRoot> roots = rp.roots();
            Btree bt = new Btree(ctx, roots, overlay ? new JournalOverlay(rp) : dev.jbcachefs.btree.KeyOverlay.NONE, new BtreeCache(16 << 20));
            dev.jbcachefs.bkey.PrintContext pc = ListJournal.printContext(r);
            Map<String, List<String>> out = new java.util.LinkedHashMap<>();
            for (BtreeId id : BtreeId.values()) {
                List<String> keys = new ArrayList<>();
                BtreeIter it = bt.iter(id, Bpos.POS_MIN, 0);
                for (BkeySC k = it.next(); k != null; k = it.next()) {
                    StringBuilder sb2 = new StringBuilder();
                    KeyPrinter.keyToText(sb2, k, pc);
                    keys.add(full ? sb2.toString().stripTrailing() : UpstreamList.header(sb2.toString()));
                }
                out.put(id.upstreamName(), keys);
            }
            return out;
        } finally {
            for (BlockDevice d : devs) d.close();
        }
    }

    @Test
    void dirtyJournalFullKeyTextAfterReplay() {
        Map<String, List<String>> expected = UpstreamList.parse(Fixtures.output("dirty-journal.list.txt.zst"));
        Map<String, List<String>> actual = listKeys("dirty-journal", true, true);
        int total = 0, same = 0, inline = 0;
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> exp = e.getValue();
            List<String> act = actual.get(e.getKey());
            assertThat(act).as(e.getKey()).hasSameSizeAs(exp);
            for (int i = 0; i < exp.size(); i++) {
                total++;
                String x = exp.get(i).stripTrailing();
                if (x.equals(act.get(i))) {
                    same++;
                } else {
                    // upstream prints inline_data values as a pointer (MANIFEST); everything else must be equal
                    assertThat(x).as(e.getKey() + " key " + i).contains("type inline_data");
                    inline++;
                }
            }
        }
        System.out.println("dirty-journal list after replay, full key text: " + same + "/" + total + " equal, " + inline + " inline_data (pointer in upstream)");
    }

    @Test
    void dirtyJournalAfterReplayListsWhatUpstreamListed() {
        Map<String, List<String>> expected = UpstreamList.parse(Fixtures.output("dirty-journal.list.txt.zst"));
        Map<String, List<String>> actual = listHeaders("dirty-journal", true);
        int total = 0, same = 0;
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> exp = e.getValue().stream().map(UpstreamList::header).toList();
            List<String> act = actual.getOrDefault(e.getKey(), List.of());
            total += exp.size();
            int m = 0;
            for (int i = 0; i < Math.min(exp.size(), act.size()); i++) if (exp.get(i).equals(act.get(i))) m++;
            same += m;
            if (m != exp.size() || act.size() != exp.size()) {
                System.out.println("dirty-journal btree " + e.getKey() + ": " + m + "/" + exp.size() + " headers match, ours " + act.size());
            }
        }
        System.out.println("dirty-journal list after replay: " + same + "/" + total + " key headers match");
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as("btree " + e.getKey())
                    .isEqualTo(e.getValue().stream().map(UpstreamList::header).toList());
        }
        // and the overlay is what makes the difference: without it the btrees alone differ from upstream
        Map<String, List<String>> nodesOnly = listHeaders("dirty-journal", false);
        assertThat(nodesOnly).isNotEqualTo(actual);
    }
}
