package dev.jbcachefs.bkey;

import dev.jbcachefs.format.BkeySC;

/**
 * Prints keys exactly as upstream {@code bcachefs list} does: the header ({@code bch2_bkey_to_text}),
 * then {@code ": "} and the value text when the type has a value printer. Value printers per key type
 * live in this package.
 */
public final class KeyPrinter {
    private KeyPrinter() {}

    /** Header plus value, as {@code bch2_bkey_val_to_text} prints it. */
    public static void keyToText(StringBuilder out, BkeySC k, PrintContext ctx) {
        k.k().toText(out);
        int before = out.length();
        out.append(": ");
        int mark = out.length();
        valToText(out, k, ctx);
        if (out.length() == mark) out.setLength(before);
    }

    /** The value text alone. Types without a printer print nothing. */
    public static void valToText(StringBuilder out, BkeySC k, PrintContext ctx) {
        // value printers are added per key type
    }
}
