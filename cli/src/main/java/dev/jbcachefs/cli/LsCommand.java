package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.DirEntry;
import dev.jbcachefs.fs.FileStat;
import dev.jbcachefs.fs.FsView;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jbcachefs ls}: lists a directory of the filesystem like {@code ls -1} (names sorted bytewise),
 * with {@code -l} the mode string, link count, owner, group, size, mtime (UTC) and symlink targets, with
 * {@code -R} every directory below it. Subvolume entries are followed like directories.
 */
@Command(name = "ls", description = "List a directory of the filesystem (read-only, without mounting).")
final class LsCommand implements Callable<Integer> {
    /**
     * Arguments of the verbs that name a file: devices then the path (the last positional), the subvolume
     * the path starts in, {@code --degraded} and the passphrase.
     */
    static final class PathArgs {
        @Parameters(arity = "2..*", paramLabel = "DEV... PATH", description = "Devices or image files of the filesystem (or DEV0:DEV1), then the path inside it.")
        List<String> args = new ArrayList<>();

        @Option(names = "--subvolume", paramLabel = "ID", defaultValue = "1", description = "Subvolume the path starts in (default: ${DEFAULT-VALUE}, the root).")
        long subvolume;

        @Mixin
        OpenArgs open = new OpenArgs();

        String path() {
            return args.get(args.size() - 1);
        }

        FsView open() {
            List<Path> devs = FsArgs.paths(args.subList(0, args.size() - 1));
            return Bcachefs.open(devs, open.options(), subvolume);
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    PathArgs pathArgs;

    @Option(names = "-l", description = "Long listing: mode, links, uid, gid, size, mtime (UTC), name, symlink target.")
    boolean longFormat;

    @Option(names = "-R", description = "List subdirectories recursively.")
    boolean recursive;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (FsView root = pathArgs.open()) {
            String path = pathArgs.path();
            FsView.Node n = root.resolve(path);
            FileStat st = n.stat();
            if (!st.isDirectory()) {
                out.println(longFormat ? line(n.view(), n.ino(), st, path) : path);
            } else {
                list(n.view(), n.ino(), path, out, recursive);
            }
            for (String w : root.warnings()) spec.commandLine().getErr().println("jbcachefs: " + w);
        }
        out.flush();
        return 0;
    }

    private void list(FsView v, long dir, String path, PrintWriter out, boolean header) {
        List<DirEntry> es = new ArrayList<>(v.readdir(dir));
        es.sort((a, b) -> Arrays.compareUnsigned(a.rawName(), b.rawName()));
        if (header) out.println(path + ":");
        List<DirEntry> dirs = new ArrayList<>();
        for (DirEntry e : es) {
            FsView ev = e.isSubvolume() ? v.subvolume(e.subvol()) : v;
            if (longFormat || recursive) {
                FileStat st = ev.stat(e.ino());
                if (st.isDirectory()) dirs.add(e);
                out.println(longFormat ? line(ev, e.ino(), st, e.name()) : e.name());
            } else {
                out.println(e.name());
            }
        }
        if (!recursive) return;
        String base = path.endsWith("/") ? path : path + "/";
        for (DirEntry d : dirs) {
            out.println();
            list(d.isSubvolume() ? v.subvolume(d.subvol()) : v, d.ino(), base + d.name(), out, true);
        }
    }

    static String line(FsView v, long ino, FileStat st, String name) {
        StringBuilder sb = new StringBuilder();
        sb.append(modeString(st.mode())).append(' ').append(st.nlink()).append(' ').append(st.uid()).append(' ')
                .append(st.gid()).append(' ').append(st.size()).append(' ')
                .append(TIME.format(Instant.ofEpochSecond(Math.floorDiv(st.mtimeNs(), 1_000_000_000L)))).append(' ').append(name);
        if (st.isSymlink()) sb.append(" -> ").append(new String(v.readlink(ino), StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** {@code ls -l}'s ten-character mode: type, then rwx triplets with setuid/setgid/sticky folded in. */
    static String modeString(int mode) {
        char type = switch (mode & FileStat.S_IFMT) {
            case FileStat.S_IFDIR -> 'd';
            case FileStat.S_IFLNK -> 'l';
            case FileStat.S_IFREG -> '-';
            case 0020000 -> 'c';
            case 0060000 -> 'b';
            case 0010000 -> 'p';
            case 0140000 -> 's';
            default -> '?';
        };
        char[] c = new char[10];
        c[0] = type;
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) c[1 + i] = (mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-';
        if ((mode & 04000) != 0) c[3] = c[3] == 'x' ? 's' : 'S';
        if ((mode & 02000) != 0) c[6] = c[6] == 'x' ? 's' : 'S';
        if ((mode & 01000) != 0) c[9] = c[9] == 'x' ? 't' : 'T';
        return new String(c);
    }

    static BcachefsException isDirectory(String path) {
        return new BcachefsException(ErrorCode.INVALID_ARGUMENT, path + ": is a directory");
    }
}
