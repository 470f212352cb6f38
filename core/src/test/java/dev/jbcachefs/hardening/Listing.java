package dev.jbcachefs.hardening;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.sb.SuperblockText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * What {@code bcachefs list} of every btree would print, reduced to a digest and a key count: each key is
 * rendered with {@link KeyPrinter#keyToText} (so value decoders run on whatever the node held), and a
 * full listing adds the show-super text of every field (so field decoders run on the chosen superblock).
 * A btree that fails is recorded and the next one is still listed, as the CLI does.
 */
record Listing(long digest, int keys, List<BcachefsException> errors) {
    static Listing of(BchFs fs) {
        return of(fs, null);
    }

    /** Lists only {@code only} (every btree when null). */
    static Listing of(BchFs fs, BtreeId only) {
        CRC32C crc = new CRC32C();
        int keys = 0;
        List<BcachefsException> errors = new ArrayList<>();
        StringBuilder sb = new StringBuilder(256);
        for (BtreeId id : BtreeId.values()) {
            if (only != null && id != only) continue;
            sb.setLength(0);
            sb.append("##### btree ").append(id.upstreamName()).append('\n');
            crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            try {
                BtreeIter it = fs.btree().iter(id, Bpos.POS_MIN, 0);
                for (BkeySC k = it.next(); k != null; k = it.next()) {
                    sb.setLength(0);
                    KeyPrinter.keyToText(sb, k, fs);
                    sb.append('\n');
                    crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
                    keys++;
                }
            } catch (BcachefsException e) {
                errors.add(e);
            }
        }
        if (only == null) {
            try {
                Superblock s = fs.superblock();
                crc.update(SuperblockText.showSuper(s, true, SuperblockText.ALL_FIELDS, SuperblockText.deviceContext(s)).getBytes(StandardCharsets.UTF_8));
            } catch (BcachefsException e) {
                errors.add(e);
            }
        }
        return new Listing(crc.getValue(), keys, errors);
    }
}
