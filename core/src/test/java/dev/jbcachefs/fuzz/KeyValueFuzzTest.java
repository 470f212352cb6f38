package dev.jbcachefs.fuzz;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.bkey.PrintContext;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.Le;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Key value decoders and printers on arbitrary values: the input's first byte is the key type, the next
 * 20 bytes the position, the rest (whole u64s) the value. Printing must produce text (upstream prints
 * {@code (invalid ...)} for values it cannot decode) or a {@link BcachefsException}, nothing else.
 */
class KeyValueFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void keyToText(byte[] input) {
        if (input.length < 1 + Bpos.BYTES) return;
        int type = input[0] & 0xff;
        Bpos p = Bpos.read(input, 1);
        int valLen = Math.min((input.length - 1 - Bpos.BYTES) / 8, 255 - Bkey.U64S) * 8;
        byte[] buf = new byte[valLen + 8];
        System.arraycopy(input, 1 + Bpos.BYTES, buf, 8, valLen);
        Le.put64(buf, 0, 0);
        Bkey k = new Bkey(Bkey.U64S + valLen / 8, Bkey.U64S, false, type, 0, 0, 0, p);
        try {
            StringBuilder out = new StringBuilder();
            KeyPrinter.keyToText(out, new BkeySC(k, buf, 8, valLen), PrintContext.NONE);
        } catch (BcachefsException expected) {
            // refused with a message: fine
        }
    }
}
