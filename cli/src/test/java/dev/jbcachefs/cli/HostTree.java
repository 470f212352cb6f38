package dev.jbcachefs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Describes an extracted host tree in the formats of the fixtures' expected-content files
 * ({@code files.sha256}, {@code files.meta.txt} without its {@code blocks512} column and without directory
 * sizes, {@code files.xattrs.txt} as {@code getfattr -d} prints it), so a test compares text with text.
 */
final class HostTree {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Pattern META = Pattern.compile("(\\S) mode=(\\d+) nlink=(\\d+) size=(\\d+) blocks512=\\d+ (.*) -> (.*)");

    private HostTree() {}

    /** Every path under {@code root} (root excluded) as {@code ./rel}, sorted, skipping paths under {@code exclude} prefixes. */
    static List<Path> entries(Path root, List<String> exclude) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root))
                    .filter(p -> exclude.stream().noneMatch(x -> rel(root, p).equals(x) || rel(root, p).startsWith(x + "/")))
                    .sorted((a, b) -> rel(root, a).compareTo(rel(root, b))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String rel(Path root, Path p) {
        return "./" + root.relativize(p).toString();
    }

    /** {@code sha256  ./path} of every regular file, as {@code sha256sum} prints it, sorted by path. */
    static List<String> sha256(Path root, List<String> exclude) throws Exception {
        List<String> out = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        for (Path p : entries(root, exclude)) {
            if (!Files.isRegularFile(p, NOFOLLOW)) continue;
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(p)) {
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            out.add(HexFormat.of().formatHex(md.digest()) + "  " + rel(root, p));
        }
        return out;
    }

    /** A fixture checksum file's lines in the same order as {@link #sha256}. */
    static List<String> sortedLines(String text) {
        return text.lines().filter(l -> !l.isBlank()).sorted((a, b) -> a.substring(66).compareTo(b.substring(66))).toList();
    }

    /** {@code files.meta.txt} lines normalised: no blocks512, no directory size. */
    static List<String> expectedMeta(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.lines().toList()) {
            Matcher m = META.matcher(l);
            if (!m.matches()) continue;
            out.add(meta(m.group(1), Integer.parseInt(m.group(2), 8), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), m.group(5), m.group(6)));
        }
        return out.stream().sorted((a, b) -> pathOf(a).compareTo(pathOf(b))).toList();
    }

    private static String pathOf(String metaLine) {
        return metaLine.substring(metaLine.indexOf(" ./") + 1);
    }

    private static String meta(String type, int mode, long nlink, long size, String path, String target) {
        return type + " mode=" + Integer.toOctalString(mode) + " nlink=" + nlink + (type.equals("d") ? "" : " size=" + size) + " " + path + " -> " + target;
    }

    /** The same normalised lines for the extracted tree. */
    static List<String> meta(Path root, List<String> exclude) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : entries(root, exclude)) {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,nlink,size", NOFOLLOW);
            int mode = (Integer) a.get("mode");
            String type = Files.isSymbolicLink(p) ? "l" : Files.isDirectory(p, NOFOLLOW) ? "d" : Files.isRegularFile(p, NOFOLLOW) ? "f" : "?";
            String target = type.equals("l") ? Files.readSymbolicLink(p).toString() : "";
            out.add(meta(type, mode & 07777, ((Number) a.get("nlink")).longValue(), (Long) a.get("size"), rel(root, p), target));
        }
        return out;
    }

    /** {@code getfattr -d -R}-style text of the user xattrs of every non-symlink entry. */
    static String xattrs(Path root, List<String> exclude) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : entries(root, exclude)) {
            if (Files.isSymbolicLink(p)) continue;
            UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
            List<String> names = v.list().stream().sorted().toList();
            if (names.isEmpty()) continue;
            sb.append("# file: ").append(rel(root, p)).append('\n');
            for (String n : names) {
                ByteBuffer bb = ByteBuffer.allocate(v.size(n));
                v.read(n, bb);
                sb.append("user.").append(n).append("=\"").append(new String(bb.array(), 0, bb.position(), StandardCharsets.UTF_8)).append("\"\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Allocated 512-byte blocks of a host file, as {@code stat -c %b} reports them. */
    static long blocks(Path p) throws Exception {
        Process pr = new ProcessBuilder("stat", "-c", "%b", p.toString()).redirectErrorStream(true).start();
        String s = new String(pr.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (pr.waitFor() != 0) throw new IOException("stat failed: " + s);
        return Long.parseLong(s);
    }
}
