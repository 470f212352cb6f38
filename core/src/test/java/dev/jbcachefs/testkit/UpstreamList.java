package dev.jbcachefs.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what upstream {@code bcachefs list} printed ({@code outputs/NAME.list.txt.zst}) into btree
 * sections of keys, each key being its header line plus its continuation lines, with the mount's log
 * lines dropped. Lets tests compare our output key by key.
 */
public final class UpstreamList {
    private UpstreamList() {}

    /** btree name → keys, each key the full text (header + continuation lines joined by '\n'). */
    public static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> cur = null;
        StringBuilder key = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("##### btree ")) {
                if (key != null) cur.add(key.toString());
                key = null;
                String name = line.substring("##### btree ".length()).split(" ")[0];
                cur = new ArrayList<>();
                out.put(name, cur);
                continue;
            }
            if (cur == null || isLogLine(line)) continue;
            if (line.startsWith("u64s ")) {
                if (key != null) cur.add(key.toString());
                key = new StringBuilder(line);
            } else if (key != null && !line.isEmpty()) {
                key.append('\n').append(line);
            }
        }
        if (key != null) cur.add(key.toString());
        return out;
    }

    public static boolean isLogLine(String line) {
        return line.startsWith("Using encoding") || line.startsWith("starting version") || line.startsWith("  with options")
                || line.startsWith("recovering from") || line.endsWith(" done (0 seconds)") || line.contains("... done")
                || line.startsWith("journal read") || line.startsWith("Doing compatible") || line.startsWith("mounting")
                || line.startsWith("going read") || line.startsWith("superblock") || line.startsWith("Version upgrade")
                || line.startsWith("  running") || line.startsWith("dropping") || line.startsWith("journal_replay");
    }

    /** The header line of a key text. */
    public static String header(String keyText) {
        int nl = keyText.indexOf('\n');
        String h = nl < 0 ? keyText : keyText.substring(0, nl);
        int c = h.indexOf("  : ");
        return (c < 0 ? h : h.substring(0, c)).stripTrailing();
    }
}
