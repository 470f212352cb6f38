package dev.jbcachefs.cli;

import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.sb.SbFieldType;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.sb.SuperblockJson;
import dev.jbcachefs.sb.SuperblockText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jbcachefs show-super}: prints the superblock of the first device given, with the same text as
 * upstream's {@code bcachefs show-super} (default fields ext, errors and members; {@code -f} picks fields,
 * {@code -l} adds the layout), or as JSON for scripts. Device arguments may name several devices
 * ({@code a:b}); like upstream, only the first device's superblock is printed, and the others are named
 * {@code dev-N} in btree pointers.
 */
@Command(name = "show-super", mixinStandardHelpOptions = true, description = "Dump superblock information to stdout.")
public final class ShowSuperCommand implements Callable<Integer> {
    @Option(names = {"-f", "--fields"}, paramLabel = "FIELDS", description = "Comma-separated superblock fields to print, or 'all'.")
    String fields;

    @Option(names = "--field-only", paramLabel = "FIELD", description = "Print only this superblock field, no header.")
    String fieldOnly;

    @Option(names = {"-l", "--layout"}, description = "Print the superblock layout.")
    boolean layout;

    @Option(names = "--json", description = "Print the decoded superblock as one JSON object.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "DEV", description = "Device or image file; a:b names several devices.")
    List<String> devices;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Path> paths = new ArrayList<>();
        for (String d : devices) {
            for (String p : d.split(":")) {
                if (p.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), "empty device name in '" + d + "'");
                paths.add(Path.of(p));
            }
        }
        SbFieldType only = fieldOnly != null ? fieldByName(fieldOnly) : null;
        Long sel = fields != null ? parseFields(fields) : null;
        PrintWriter out = spec.commandLine().getOut();
        try (FileBlockDevice dev = FileBlockDevice.openReadOnly(paths.get(0))) {
            Superblock sb = Superblock.read(dev);
            PrintContext ctx = SuperblockText.deviceContext(sb);
            long f = sel != null ? sel : SuperblockText.defaultFields(sb);
            if (json) out.println(SuperblockJson.toJson(sb, f, ctx));
            else if (only != null) out.print(SuperblockText.fieldOnly(sb, only, ctx));
            else out.print(SuperblockText.showSuper(sb, layout, f, ctx));
        }
        out.flush();
        return 0;
    }

    private long parseFields(String s) {
        if (s.equals("all")) return SuperblockText.ALL_FIELDS;
        long v = 0;
        for (String n : s.split(",")) v |= 1L << fieldByName(n).id();
        return v;
    }

    private SbFieldType fieldByName(String n) {
        for (SbFieldType t : SbFieldType.values()) if (t.upstreamName().equals(n)) return t;
        throw new CommandLine.ParameterException(spec.commandLine(), "Bad superblock field " + n);
    }
}
