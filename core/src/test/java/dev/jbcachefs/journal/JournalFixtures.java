package dev.jbcachefs.journal;

import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens a reference image's devices and reads its journal, for the journal tests. */
final class JournalFixtures {
    private JournalFixtures() {}

    static JournalRead read(String image, JournalCrypto crypto) {
        List<BlockDevice> devs = new ArrayList<>();
        for (Path p : Fixtures.devices(image)) devs.add(FileBlockDevice.openReadOnly(p));
        try {
            return JournalReader.read(devs, crypto);
        } finally {
            for (BlockDevice d : devs) d.close();
        }
    }

    static String listJournal(String image, JournalCrypto crypto) {
        JournalRead r = read(image, crypto);
        StringBuilder sb = new StringBuilder();
        ListJournal.print(r, true, ListJournal.printContext(r), sb);
        return sb.toString();
    }
}
