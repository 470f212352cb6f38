package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jbcachefs} program: one picocli command per bcachefs-tools verb. Errors end as one line on
 * stderr and a non-zero exit: a {@link BcachefsException} prints its message (exit 1), a bad option prints
 * picocli's usage hint (exit 2), and anything unexpected prints its type and message (exit 70), never a
 * stack trace unless {@code JBCACHEFS_DEBUG} is set.
 */
@Command(name = "jbcachefs", mixinStandardHelpOptions = true, version = "jbcachefs 0.1.0 (bcachefs on-disk format 1.36)",
        description = "bcachefs in userspace Java: read real bcachefs disks (format 1.36).",
        subcommands = {FormatCommand.class, ListCommand.class, ShowSuperCommand.class, ListJournalCommand.class, LsCommand.class, CatCommand.class, SubvolumeCommand.class, ExtractCommand.class, MountCommand.class, UmountCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this in-process). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (System.getenv("JBCACHEFS_DEBUG") != null) ex.printStackTrace();
            return report(cmd, ex);
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("jbcachefs: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }

    static int report(CommandLine cmd, Throwable ex) {
        Throwable t = ex;
        while (!(t instanceof BcachefsException) && t.getCause() != null && t.getCause() != t) t = t.getCause();
        if (t instanceof BcachefsException be) {
            cmd.getErr().println("jbcachefs: " + be.getMessage());
            return EXIT_ERROR;
        }
        if (ex instanceof IllegalArgumentException) {
            cmd.getErr().println("jbcachefs: " + ex.getMessage());
            return EXIT_USAGE;
        }
        if (ex instanceof OutOfMemoryError) {
            cmd.getErr().println("jbcachefs: out of memory (raise the heap with JBCACHEFS_JAVA_OPTS=-Xmx...)");
            return EXIT_INTERNAL;
        }
        cmd.getErr().println("jbcachefs: internal error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + " (set JBCACHEFS_DEBUG=1 for a trace)");
        return EXIT_INTERNAL;
    }
}
