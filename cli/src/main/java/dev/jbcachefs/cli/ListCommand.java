package dev.jbcachefs.cli;

import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.btree.BtreeNode;
import dev.jbcachefs.btree.BtreeNodeText;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.init.BchFs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jbcachefs list}: prints the keys of a btree exactly as upstream {@code bcachefs list} does (journal
 * keys overlaid), or its node pointers ({@code -m nodes}) or per-node formats ({@code -m formats}), so the
 * two outputs can be diffed.
 */
@Command(name = "list", description = "List the keys (or nodes) of a btree, as upstream 'bcachefs list' prints them.")
final class ListCommand implements Callable<Integer> {
    enum Mode { keys, formats, nodes }

    @Spec
    CommandSpec spec;

    @Mixin
    FsArgs fsArgs;

    @Option(names = {"-b", "--btree"}, defaultValue = "extents", paramLabel = "BTREE", description = "Btree to list (default: ${DEFAULT-VALUE}); 'all' lists every btree.")
    String btree;

    @Option(names = {"-k", "--bkey-type"}, paramLabel = "TYPE", description = "Only keys of this type.")
    String keyType;

    @Option(names = {"-l", "--level"}, defaultValue = "0", description = "Btree level (0 = leaves).")
    int level;

    @Option(names = {"-s", "--start"}, defaultValue = "POS_MIN", paramLabel = "POS", description = "Start position (inode:offset[:snapshot]).")
    String start;

    @Option(names = {"-e", "--end"}, defaultValue = "SPOS_MAX", paramLabel = "POS", description = "End position.")
    String end;

    @Option(names = {"-m", "--mode"}, defaultValue = "keys", description = "keys, nodes or formats (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Override
    public Integer call() {
        Bpos s = Bpos.parse(start);
        Bpos e = Bpos.parse(end);
        if (level < 0 || level > 3) throw new IllegalArgumentException("level " + level + " out of range 0..3");
        Integer type = null;
        if (keyType != null) {
            KeyType t = null;
            for (KeyType kt : KeyType.values()) if (kt.upstreamName().equals(keyType)) t = kt;
            if (t == null) throw new IllegalArgumentException("unknown key type '" + keyType + "'");
            type = t.id();
        }
        PrintWriter out = spec.commandLine().getOut();
        try (BchFs fs = fsArgs.open()) {
            if (btree.equals("all")) {
                for (BtreeId id : BtreeId.values()) {
                    out.println("##### btree " + id.upstreamName());
                    list(fs, id, s, e, type, out);
                }
            } else {
                BtreeId id = BtreeId.byName(btree);
                if (id == null) throw new IllegalArgumentException("unknown btree '" + btree + "'");
                list(fs, id, s, e, type, out);
            }
            for (String w : fs.warnings()) spec.commandLine().getErr().println("jbcachefs: " + w);
        }
        out.flush();
        return 0;
    }

    private void list(BchFs fs, BtreeId id, Bpos s, Bpos e, Integer type, PrintWriter out) {
        StringBuilder sb = new StringBuilder(256);
        switch (mode) {
            case keys -> {
                BtreeIter it = fs.btree().iter(id, s, level);
                for (BkeySC k = it.next(); k != null; k = it.next()) {
                    if (k.pos().compareTo(e) > 0) break;
                    if (type != null && k.k().type() != type) continue;
                    sb.setLength(0);
                    KeyPrinter.keyToText(sb, k, fs);
                    out.println(sb);
                }
            }
            case nodes -> fs.btree().forEachNode(id, s, e, level, (BtreeNode n) -> {
                sb.setLength(0);
                KeyPrinter.keyToText(sb, n.ptrKey(), fs);
                out.println(sb);
            });
            case formats -> fs.btree().forEachNode(id, s, e, level, (BtreeNode n) -> {
                sb.setLength(0);
                BtreeNodeText.toText(sb, n, fs);
                out.println(sb);
            });
        }
    }
}
