package dev.jbcachefs.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Walks a view with readdir + stat + readlink and prints it in the fixtures' {@code files.meta.txt} form
 * (without the source filesystem's {@code blocks512} column, and without directory sizes, which are the
 * source filesystem's too), plus the xattrs in {@code getfattr -d} form.
 */
final class TreeDump {
    private TreeDump() {}

    /** path ("./x") → "t mode=... nlink=... size=... ./x -> target", in C sort order of the path. */
    static TreeMap<String, String> meta(FsView v) {
        TreeMap<String, String> out = new TreeMap<>();
        walk(v, v.rootIno(), ".", out, null);
        return out;
    }

    static String xattrs(FsView v) {
        StringBuilder sb = new StringBuilder();
        walk(v, v.rootIno(), ".", new TreeMap<>(), sb);
        return sb.toString();
    }

    private static void walk(FsView v, long dir, String path, TreeMap<String, String> out, StringBuilder xattrs) {
        List<DirEntry> es = new ArrayList<>(v.readdir(dir));
        es.sort((a, b) -> java.util.Arrays.compareUnsigned(a.rawName(), b.rawName()));
        for (DirEntry e : es) {
            FsView ev = e.isSubvolume() ? v.subvolume(e.subvol()) : v;
            String p = path + "/" + e.name();
            FileStat st = ev.stat(e.ino());
            char t = st.isDirectory() ? 'd' : st.isSymlink() ? 'l' : st.isRegular() ? 'f' : '?';
            String target = st.isSymlink() ? new String(ev.readlink(e.ino()), StandardCharsets.UTF_8) : "";
            String size = st.isDirectory() ? "" : " size=" + st.size();
            out.put(p, t + " mode=" + Integer.toOctalString(st.mode() & 07777) + " nlink=" + st.nlink() + size + " " + p + " -> " + target);
            if (xattrs != null) {
                List<String> names = new ArrayList<>(ev.listxattr(e.ino()));
                if (!names.isEmpty()) {
                    names.sort(null);
                    xattrs.append("# file: ").append(p).append('\n');
                    for (String n : names) {
                        xattrs.append(n).append("=\"").append(new String(ev.getxattr(e.ino(), n), StandardCharsets.UTF_8)).append("\"\n");
                    }
                    xattrs.append('\n');
                }
            }
            if (st.isDirectory()) walk(ev, e.ino(), p, out, xattrs);
        }
    }

    /** Lines that differ ("- expected" / "+ got"), at most 20. */
    static List<String> diff(TreeMap<String, String> expected, TreeMap<String, String> got) {
        List<String> out = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(got.keySet());
        for (String k : keys) {
            String e = expected.get(k), g = got.get(k);
            if (java.util.Objects.equals(e, g)) continue;
            if (out.size() >= 20) break;
            out.add("- " + e + "\n+ " + g);
        }
        return out;
    }

    /** files.meta.txt in the same form: blocks512 dropped, directory sizes dropped. */
    static TreeMap<String, String> expectedMeta(Path file) {
        TreeMap<String, String> out = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                String l = line.replaceFirst(" blocks512=\\d+", "");
                if (l.startsWith("d ")) l = l.replaceFirst(" size=\\d+", "");
                String p = l.substring(l.indexOf(" ./") + 1, l.indexOf(" -> "));
                out.put(p, l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
