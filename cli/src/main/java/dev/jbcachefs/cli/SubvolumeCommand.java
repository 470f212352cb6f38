package dev.jbcachefs.cli;

import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.fs.Subvol;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jbcachefs subvolume}: read-only subvolume verbs. {@code list} prints every subvolume — id, path
 * from the filesystem root, snapshot id, parent subvolume, read-only — as a table or as JSON.
 */
@Command(name = "subvolume", description = "Subvolume information.", subcommands = {SubvolumeCommand.ListSubvolumes.class})
final class SubvolumeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (list)");
    }

    @Command(name = "list", description = "List the subvolumes: id, path, snapshot id, parent, read-only.")
    static final class ListSubvolumes implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        FsArgs fsArgs;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (FsView v = Bcachefs.open(fsArgs.paths(), fsArgs.options())) {
                List<Subvol> subs = v.subvolumes();
                if (json) printJson(subs, out);
                else printTable(subs, out);
                for (String w : v.warnings()) spec.commandLine().getErr().println("jbcachefs: " + w);
            }
            out.flush();
            return 0;
        }

        static void printTable(List<Subvol> subs, PrintWriter out) {
            int pathW = 4;
            for (Subvol s : subs) pathW = Math.max(pathW, path(s).length());
            String fmt = "%-6s %-" + pathW + "s %-11s %-6s %s%n";
            out.printf(fmt, "ID", "PATH", "SNAPSHOT", "PARENT", "RO");
            for (Subvol s : subs) {
                out.printf(fmt, s.id(), path(s), s.snapshot(), s.parent(), s.readOnly() ? "yes" : "no");
            }
        }

        static String path(Subvol s) {
            return s.path() == null ? "(unreachable)" : s.path();
        }

        static void printJson(List<Subvol> subs, PrintWriter out) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < subs.size(); i++) {
                Subvol s = subs.get(i);
                if (i > 0) sb.append(',');
                sb.append("\n  {\"id\": ").append(s.id()).append(", \"path\": ");
                if (s.path() == null) sb.append("null");
                else quote(sb, s.path());
                sb.append(", \"snapshot\": ").append(s.snapshot()).append(", \"root_inode\": ").append(Long.toUnsignedString(s.rootInode()))
                        .append(", \"parent\": ").append(s.parent()).append(", \"creation_parent\": ").append(s.creationParent())
                        .append(", \"read_only\": ").append(s.readOnly()).append(", \"is_snapshot\": ").append(s.isSnapshot()).append('}');
            }
            sb.append(subs.isEmpty() ? "]" : "\n]");
            out.println(sb);
        }

        static void quote(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') sb.append('\\').append(c);
                else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                else sb.append(c);
            }
            sb.append('"');
        }
    }
}
