package dev.jbcachefs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (JMH command-line options pass through) and prints each one as a ratio against the
 * baseline measured in the same run, since absolute numbers depend on the machine and its load. Usage:
 * {@code RunAll RESULTS_DIR STAMP [jmh options...]}; writes {@code RESULTS_DIR/jmh-STAMP.json} and
 * {@code RESULTS_DIR/summary-STAMP.txt}.
 */
public final class RunAll {
    private RunAll() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        if (args.length < 2) {
            System.err.println("usage: RunAll RESULTS_DIR STAMP [jmh options...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String stamp = args[1];
        Files.createDirectories(dir);
        String[] jmhArgs = java.util.Arrays.copyOfRange(args, 2, args.length);
        CommandLineOptions cmd = new CommandLineOptions(jmhArgs);
        var opts = new OptionsBuilder().parent(cmd).resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("jmh-" + stamp + ".json").toString()).build();
        Collection<RunResult> results = new Runner(opts).run();
        String table = summary(results);
        System.out.println();
        System.out.print(table);
        Files.writeString(dir.resolve("summary-" + stamp + ".txt"), table);
    }

    /** Benchmark short name (class.method@image) to its primary and {@code bytes} results, as a table of ratios. */
    static String summary(Collection<RunResult> results) {
        Map<String, RunResult> byName = new LinkedHashMap<>();
        for (RunResult r : results) {
            String full = r.getParams().getBenchmark();
            String cls = full.substring(0, full.lastIndexOf('.'));
            String name = cls.substring(cls.lastIndexOf('.') + 1) + "." + full.substring(full.lastIndexOf('.') + 1);
            String image = r.getParams().getParam("image");
            String chunk = r.getParams().getParam("chunk"); // ReadBench's read size, shown when not the default
            byName.put(name + "@" + (image == null ? "" : image) + (chunk == null || chunk.equals("131072") ? "" : "/" + chunk), r);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-32s %-8s %10s %10s   %-18s %10s %10s   %7s %7s   %s%n", "benchmark", "unit", "mean", "best",
                "baseline", "mean", "best", "ratio", "best", "goal"));
        for (String key : byName.keySet()) {
            String image = key.substring(key.indexOf('@'));
            String name = key.substring(0, key.indexOf('@'));
            RunResult r = byName.get(key);
            switch (name) {
                case "UnpackBench.unpack", "UnpackBench.unpackFold" -> row(out, key, result(r, null), "Mkeys/s", "readWords" + image,
                        result(byName.get("UnpackBench.readWords" + image), null), true, "mean >= 20 Mkeys/s/core", 20);
                case "NodeParseBench.parse", "NodeParseBench.copy" -> row(out, key, result(r, "bytes"), "MB/s", "crc32c" + image,
                        result(byName.get("NodeParseBench.crc32c" + image), "bytes"), true, name.endsWith("parse") ? "mean >= 500 MB/s/core" : "", 500);
                case "ListBench.list" -> row(out, key, result(r, null), "ms", "readImage" + image, result(byName.get("ListBench.readImage" + image), null), false,
                        "(time ratio: list / sequential read of the image)", Double.NaN);
                case "ReadBench.read" -> {
                    String img = image.contains("/") ? image.substring(0, image.indexOf('/')) : image;
                    boolean plain = img.equals("@default") || img.equals("@gen-none") || img.equals("@crc64");
                    ratioRow(out, key, result(r, null), "bareCodec" + image, result(byName.get("ReadBench.bareCodec" + image), null),
                            plain ? "(plain: goal >= 1 GB/s, ops/s x file size)" : "ratio >= 0.80", plain ? Double.NaN : 0.80);
                }
                default -> { }
            }
        }
        out.append(String.format(Locale.ROOT, "ratio = score / baseline measured in the same run (for ms: time / time); best = best iteration of each;"
                + " 1 thread = 1 core%nload average at end: %s%n", loadAverage()));
        return out.toString();
    }

    /** One table row; {@code rate} true for ops/s results (scaled to millions), false for times in ms. */
    private static void row(StringBuilder out, String name, Result<?> v, String unit, String baseName, Result<?> base, boolean rate, String goal, double goalValue) {
        double scale = rate ? 1e6 : 1;
        double mean = score(v) / scale, best = best(v, rate) / scale, bMean = score(base) / scale, bBest = best(base, rate) / scale;
        String mark = goal.isEmpty() || Double.isNaN(goalValue) ? "" : (mean >= goalValue ? "  [met]" : best >= goalValue ? "  [met by best iteration]" : "  [not met]");
        out.append(String.format(Locale.ROOT, "%-32s %-8s %10.2f %10.2f   %-18s %10.2f %10.2f   %7.3f %7.3f   %s%s%n", name, unit, mean, best, baseName, bMean, bBest,
                mean / bMean, best / bBest, goal, mark));
    }

    /** A row of ops/s results whose goal is on the ratio of means (or, failing that, of best iterations). */
    private static void ratioRow(StringBuilder out, String name, Result<?> v, String baseName, Result<?> base, String goal, double goalRatio) {
        double mean = score(v), best = best(v, true), bMean = score(base), bBest = best(base, true);
        String mark = Double.isNaN(goalRatio) ? "" : (mean / bMean >= goalRatio ? "  [met]" : best / bBest >= goalRatio ? "  [met by best iteration]" : "  [not met]");
        out.append(String.format(Locale.ROOT, "%-32s %-8s %10.2f %10.2f   %-18s %10.2f %10.2f   %7.3f %7.3f   %s%s%n", name, "ops/s", mean, best, baseName, bMean, bBest,
                mean / bMean, best / bBest, goal, mark));
    }

    private static double score(Result<?> r) {
        return r == null ? Double.NaN : r.getScore();
    }

    private static double best(Result<?> r, boolean rate) {
        if (r == null) return Double.NaN;
        return rate ? r.getStatistics().getMax() : r.getStatistics().getMin();
    }

    /** The primary result, or the named auxiliary counter's. */
    private static Result<?> result(RunResult r, String counter) {
        if (r == null) return null;
        return counter == null ? r.getPrimaryResult() : r.getSecondaryResults().get(counter);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
