package dev.jbcachefs.cli;

import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.FsView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jbcachefs extract}: copies a tree of a bcachefs filesystem out to a host directory without
 * mounting it — the recovery verb. The devices are only read; the walk itself is {@link TreeExtractor}
 * (against {@link FsView}), this class adds the argument checks, the progress line, the per-entry
 * reports on stderr and the summary line. A file that cannot be read does not stop the run; it makes
 * the exit code 1 at the end.
 */
@Command(name = "extract", mixinStandardHelpOptions = true, description = "Copy files out of a bcachefs filesystem into DESTDIR,"
        + " preserving mode, owner (as root), times, symlinks, hard links, xattrs and holes. Unreadable files are reported"
        + " and the others extracted (exit 1 at the end).")
final class ExtractCommand implements Callable<Integer> {
    /** Most detail lines printed per category of what was not reproduced; the summary has the counts. */
    static final int DETAIL_LINES = 20;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "DEV... DESTDIR", hideParamSyntax = true,
            description = "Devices or image files of the filesystem (several as separate arguments or DEV0:DEV1), then the destination directory.")
    List<String> args;

    @Option(names = "--path", paramLabel = "PATH", description = "Extract only the file or subtree at PATH (relative to the subvolume root).")
    String path;

    @ArgGroup(exclusive = true)
    SubvolChoice subvols = new SubvolChoice();

    static final class SubvolChoice {
        @Option(names = "--subvolume", paramLabel = "N", description = "Extract subvolume N instead of the root subvolume (1).")
        Long subvolume;

        @Option(names = "--all-subvolumes", description = "Descend into subvolumes as directories (otherwise they are created empty and reported).")
        boolean all;
    }

    @Option(names = "--force", description = "Extract into DESTDIR even when it is not empty (existing files are replaced).")
    boolean force;

    @Mixin
    OpenArgs open = new OpenArgs();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Path dest;
        try {
            dest = Path.of(args.get(args.size() - 1));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("bad DESTDIR: " + e.getMessage());
        }
        String refusal = checkDest(dest, force);
        if (refusal != null) {
            err.println("jbcachefs: " + refusal);
            return Main.EXIT_ERROR;
        }
        try (FsView fs = Bcachefs.open(FsArgs.paths(args.subList(0, args.size() - 1)), open.options())) {
            FsView view = subvols.subvolume != null ? fs.subvolume(subvols.subvolume) : fs;
            TreeExtractor.resolve(view, path == null ? "/" : path); // a bad --path fails before DESTDIR is made
            Files.createDirectories(dest);
            ProgressLine progress = ProgressLine.forStderr(err);
            boolean root = HostAttrs.runningAsRoot();
            TreeExtractor ex = new TreeExtractor(new TreeExtractor.Options(subvols.all, root, force), new Reporter(err, progress));
            ExtractStats stats = ex.extract(view, path, dest);
            progress.finish();
            List<String> warnings = fs.warnings();
            for (String w : warnings.subList(0, Math.min(warnings.size(), DETAIL_LINES))) err.println("jbcachefs: " + w);
            if (warnings.size() > DETAIL_LINES) err.println("jbcachefs: (" + (warnings.size() - DETAIL_LINES) + " more warnings)");
            out.println(stats.summary());
            out.flush();
            return stats.errors() > 0 ? Main.EXIT_ERROR : 0;
        }
    }

    /** Why {@code dest} cannot be extracted into, or null when it can (missing, empty, or forced). */
    static String checkDest(Path dest, boolean force) throws IOException {
        if (!Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) return null;
        if (!Files.isDirectory(dest)) return dest + " exists and is not a directory";
        if (force) return null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dest)) {
            if (ds.iterator().hasNext()) return dest + " is not empty (--force extracts into it anyway)";
        }
        return null;
    }

    /** Prints errors and what was not reproduced on stderr, clearing the progress line first. */
    private static final class Reporter implements TreeExtractor.Listener {
        private final PrintWriter err;
        private final ProgressLine progress;
        private final Map<String, Integer> shown = new HashMap<>();

        Reporter(PrintWriter err, ProgressLine progress) {
            this.err = err;
            this.progress = progress;
        }

        @Override
        public void error(String path, String reason) {
            progress.finish();
            err.println("jbcachefs: " + path + ": " + reason);
            err.flush();
        }

        @Override
        public void notReproduced(String path, String category, String what) {
            int n = shown.merge(category, 1, Integer::sum);
            if (n > DETAIL_LINES) return;
            progress.finish();
            err.println("jbcachefs: " + path + ": not reproduced: " + what);
            if (n == DETAIL_LINES) err.println("jbcachefs: (further " + category + " are only counted in the summary)");
            err.flush();
        }

        @Override
        public void progress(ExtractStats s) {
            progress.update(s.files() + s.dirs() + s.symlinks() + s.hardlinks(), s.bytes());
        }
    }
}
