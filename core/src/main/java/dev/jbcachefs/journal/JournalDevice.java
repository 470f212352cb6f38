package dev.jbcachefs.journal;

import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.sb.Superblock;

/** A device to read the journal from, with its own superblock (which lists its journal buckets). */
public record JournalDevice(BlockDevice dev, Superblock sb) {
    public int idx() {
        return sb.devIdx();
    }

    public String name() {
        return dev.name();
    }
}
