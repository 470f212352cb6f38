package dev.jbcachefs.cli;

import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.journal.JournalCrypto;
import dev.jbcachefs.journal.JournalRead;
import dev.jbcachefs.journal.JournalReader;
import dev.jbcachefs.journal.KeyedJournalCrypto;
import dev.jbcachefs.journal.ListJournal;
import dev.jbcachefs.sb.Superblock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jbcachefs list_journal}: prints every journal entry and key exactly as upstream
 * {@code bcachefs list_journal} does, so the two outputs can be diffed. Reads the journal only; the
 * btrees are not opened. Encrypted filesystems are unlocked with the passphrase first.
 */
@Command(name = "list_journal", description = "Print the contents of the journal, as upstream 'bcachefs list_journal' does.")
final class ListJournalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Read the entire journal, not just the contiguous entries.")
    boolean all;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "Devices or image files of the filesystem (several as separate arguments or DEV0:DEV1).")
    List<String> devices = new ArrayList<>();

    @Mixin
    Passphrase passphrase = new Passphrase();

    @Override
    public Integer call() {
        List<BlockDevice> devs = new ArrayList<>();
        try {
            for (Path p : FsArgs.paths(devices)) devs.add(FileBlockDevice.openReadOnly(p));
            JournalCrypto crypto = KeyedJournalCrypto.open(Superblock.read(devs.get(0)), passphrase::read);
            JournalRead r = JournalReader.read(devs, crypto);
            PrintWriter out = spec.commandLine().getOut();
            ListJournal.print(r, all, ListJournal.printContext(r), out);
            out.flush();
            for (String p : r.problems()) spec.commandLine().getErr().println("jbcachefs: " + p);
        } finally {
            for (BlockDevice d : devs) d.close();
        }
        return 0;
    }
}
