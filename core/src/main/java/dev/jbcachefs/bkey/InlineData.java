package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.util.Printbuf;
import java.util.HexFormat;

/**
 * File data stored in the key ({@code inline_data}), or shared inline data in the reflink btree
 * ({@code indirect_inline_data}, which starts with a reference count). The data is the value minus
 * trailing zero padding is not recorded on disk, so readers take the key size to know the file's bytes.
 *
 * <p>Upstream's userspace tools print the data with the kernel format {@code %*phN}, which their printf
 * renders as a pointer; we print the hex bytes the kernel would, so these lines cannot equal the tools'.
 */
public record InlineData(long refcount, byte[] data) {
    public InlineData {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static InlineData decode(BkeySC k) {
        ValReader r = new ValReader(k);
        if (k.type() == KeyType.INDIRECT_INLINE_DATA) {
            r.need(8);
            return new InlineData(r.u64(0), r.bytes(8, r.len - 8));
        }
        return new InlineData(0, r.bytes(0, r.len));
    }

    void toText(Printbuf out, boolean indirect) {
        if (indirect) out.prt("refcount " + Long.toUnsignedString(refcount) + " ");
        int n = Math.min(data.length, 32);
        out.prt("datalen " + data.length + ": " + HexFormat.of().formatHex(data, 0, n));
    }
}
