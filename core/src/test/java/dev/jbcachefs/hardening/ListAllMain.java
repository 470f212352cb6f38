package dev.jbcachefs.hardening;

import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Lists every key of every btree of the given devices with value text and prints one line {@code keys N
 * digest D heap-peak-mib P}: run by {@link HeapBudgetTest} in a JVM of its own with a small heap.
 */
public final class ListAllMain {
    private ListAllMain() {}

    public static void main(String[] args) {
        List<Path> paths = Arrays.stream(args).map(Path::of).toList();
        try (BchFs fs = BchFs.open(paths, OpenOptions.DEFAULTS)) {
            Listing l = Listing.of(fs);
            if (!l.errors().isEmpty()) throw l.errors().get(0);
            long peak = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) peak += p.getPeakUsage().getUsed();
            }
            System.out.println("keys " + l.keys() + " digest " + l.digest() + " heap-peak-mib " + (peak >> 20) + " cache-mib "
                    + (fs.btree().cache().bytes() >> 20));
        }
    }
}
