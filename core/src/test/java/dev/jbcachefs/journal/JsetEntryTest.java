package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.util.Printbuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jset_entry codec on hand-built entries: every payload type and each kind of damage. */
class JsetEntryTest {
    private static void header(byte[] b, int off, int u64s, int btree, int level, int type) {
        Le.put16(b, off, u64s);
        b[off + 2] = (byte) btree;
        b[off + 3] = (byte) level;
        b[off + 4] = (byte) type;
    }

    private static void key(byte[] b, int off, int u64s, int type, Bpos p) {
        new Bkey(u64s, Bkey.U64S, false, type, 0, 0, 0, p).writeUnpacked(b, off);
    }

    private static String text(JsetEntry e) {
        Printbuf pb = new Printbuf();
        JsetEntryText.toText(pb, e, PrintContext.NONE);
        return pb.toString();
    }

    @Test
    void keysAreDecodedAndDamageIsReportedNotThrown() {
        byte[] b = new byte[8 + 5 * 8 + 6 * 8 + 5 * 8];
        header(b, 0, 16, BtreeId.INODES.id(), 0, JsetEntryType.BTREE_KEYS.id());
        key(b, 8, 5, KeyType.DELETED.id(), new Bpos(0, 4096, -1));
        key(b, 48, 6, KeyType.INODE_V3.id(), new Bpos(0, 4097, -1));
        key(b, 96, 5, KeyType.DELETED.id(), new Bpos(0, 4098, -1));
        b[97] = 0; // bad format: skipped
        List<String> problems = new ArrayList<>();
        JsetEntry e = JsetEntry.walk(b, 0, b.length, problems, "t").get(0);
        List<BkeySC> keys = e.keys(problems, "t");
        assertThat(keys).extracting(BkeySC::pos).containsExactly(new Bpos(0, 4096, -1), new Bpos(0, 4097, -1));
        assertThat(keys.get(1).valLen()).isEqualTo(8);
        assertThat(problems).singleElement().asString().contains("bad format 0");

        problems.clear();
        b[96] = 0; // u64s 0 ends the list
        b[97] = 1;
        assertThat(e.keys(problems, "t")).hasSize(2);
        assertThat(problems).singleElement().asString().contains("k->u64s 0");
        assertThat(text(e)).endsWith("btree_keys: (invalid, k->u64s 0)");

        problems.clear();
        b[96] = 9; // overruns the entry
        assertThat(e.keys(problems, "t")).hasSize(2);
        assertThat(problems).singleElement().asString().contains("extends past end of journal entry");
        assertThat(text(e)).endsWith("btree_keys: (invalid, bkey overruns jset_entry)");
        assertThat(text(e)).startsWith("btree_keys: btree=inodes level=0 u64s 5 type deleted 0:4096:U32_MAX len 0 ver 0\nbtree_keys: btree=inodes");
    }

    @Test
    void entryOverrunningTheRangeStopsTheWalk() {
        byte[] b = new byte[32];
        header(b, 0, 1, 0, 0, JsetEntryType.DATETIME.id());
        header(b, 16, 5, 0, 0, JsetEntryType.LOG.id());
        List<String> problems = new ArrayList<>();
        List<JsetEntry> es = JsetEntry.walk(b, 0, b.length, problems, "t");
        assertThat(es).hasSize(1);
        assertThat(problems).singleElement().asString().contains("extends past end");
    }

    @Test
    void payloadTexts() {
        byte[] b = new byte[8 + 24];
        header(b, 0, 1, 2, 0, JsetEntryType.USAGE.id());
        Le.put64(b, 8, 1131);
        assertThat(text(JsetEntry.read(b, 0))).isEqualTo("usage: type=key_version v=1131");
        header(b, 0, 2, 0, 0, JsetEntryType.CLOCK.id());
        b[8] = 1;
        Le.put64(b, 16, 11488);
        assertThat(text(JsetEntry.read(b, 0))).isEqualTo("clock: write=11488");
        header(b, 0, 1, 0, 0, JsetEntryType.DATETIME.id());
        Le.put64(b, 8, 1795368119L);
        assertThat(text(JsetEntry.read(b, 0))).isEqualTo("datetime: Sun Nov 22 17:21:59 2026");
        assertThat(Printbuf.datetime(1795368119L - 20 * 86400)).isEqualTo("Mon Nov  2 17:21:59 2026");
        header(b, 0, 1, 0, 0, JsetEntryType.BLACKLIST.id());
        Le.put64(b, 8, 77);
        assertThat(text(JsetEntry.read(b, 0))).isEqualTo("blacklist: seq=77");
        header(b, 0, 2, 0, 0, JsetEntryType.BLACKLIST_V2.id());
        Le.put64(b, 16, 80);
        assertThat(text(JsetEntry.read(b, 0))).isEqualTo("blacklist_v2: start=77 end=80");
        header(b, 0, 2, 0, 1, JsetEntryType.LOG.id());
        byte[] msg = "copygc\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(msg, 0, b, 8, msg.length);
        JsetEntry log = JsetEntry.read(b, 0);
        assertThat(log.logMessage()).isEqualTo("copygc");
        assertThat(log.isTransactionStart()).isFalse();
        header(b, 0, 3, 0, 0, JsetEntryType.DATA_USAGE.id());
        Le.put64(b, 8, 42);
        b[16] = 4; b[17] = 2; b[18] = 1; b[19] = 0; b[20] = 1;
        assertThat(text(JsetEntry.read(b, 0))).isEqualTo("data_usage: user: 1/2 [0 1]=42");
        header(b, 0, 0, 0, 0, 14);
        assertThat(text(JsetEntry.read(b, 0))).isEqualTo("(unknown jset_entry_type 14)");
        header(b, 0, 0, 0, 0, 200);
        assertThat(JsetEntry.read(b, 0).type()).isNull();
    }

    @Test
    void perTypeValidation() {
        byte[] b = new byte[8 + 24];
        List<String> problems = new ArrayList<>();
        header(b, 0, 2, 0, 0, JsetEntryType.CLOCK.id());
        b[8] = 2;
        assertThat(JsetEntry.read(b, 0).validate(problems, "t")).isFalse();
        header(b, 0, 2, 0, 0, JsetEntryType.BLACKLIST_V2.id());
        Le.put64(b, 8, 10);
        Le.put64(b, 16, 9);
        assertThat(JsetEntry.read(b, 0).validate(problems, "t")).isFalse();
        Le.put64(b, 16, 12);
        JsetEntry bl = JsetEntry.read(b, 0);
        assertThat(bl.validate(problems, "t")).isTrue();
        assertThat(bl.blacklistStart()).isEqualTo(10);
        assertThat(bl.blacklistEnd()).isEqualTo(12);
        header(b, 0, 3, 0, 0, JsetEntryType.BTREE_ROOT.id());
        b[8] = 2;
        assertThat(JsetEntry.read(b, 0).validate(problems, "t")).isFalse();
        header(b, 0, 0, 0, 0, JsetEntryType.DATETIME.id());
        assertThat(JsetEntry.read(b, 0).validate(problems, "t")).isFalse();
        header(b, 0, 0, 0, 0, 99);
        assertThat(JsetEntry.read(b, 0).validate(problems, "t")).isTrue();
        assertThat(problems).hasSize(4).allMatch(p -> p.contains("invalid journal entry"));
    }

    @Test
    void devUsagePrintsOneIndentedLinePerDataType() {
        byte[] b = new byte[8 + 24 + 2 * 24];
        header(b, 0, (b.length - 8) / 8, 0, 0, JsetEntryType.DEV_USAGE.id());
        Le.put32(b, 8, 1);
        Le.put64(b, 32, 5);
        Le.put64(b, 56 + 8, 9);
        Printbuf pb = new Printbuf();
        pb.indentAdd(4);
        JsetEntryText.toText(pb, JsetEntry.read(b, 0), PrintContext.NONE);
        pb.newline();
        pb.indentSub(4);
        assertThat(pb.toString()).isEqualTo("    dev_usage: dev=1  \n      free: buckets=5 sectors=0 fragmented=0\n      sb: buckets=0 sectors=9 fragmented=0\n");
    }
}
