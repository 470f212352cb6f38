package dev.jbcachefs.sb;

/**
 * A text buffer with the layout rules of upstream's {@code printbuf}, so that our text lines up with
 * upstream's byte for byte: an indent applied after every newline, up to 8 tabstops (columns counted from
 * the start of the line), {@code \t} inside formatted text that pads to one column before the current
 * tabstop (or is dropped when the text is already past it, or stays a literal tab when no tabstop is
 * left), an explicit {@link #tab()} that pads to the tabstop itself, and {@code \r} that right-justifies
 * the last field. Raw writes ({@link #raw}) bypass all of it, like upstream's {@code prt_char}.
 */
public final class PrintBuf {
    private static final int MAX_TABSTOPS = 8;
    private final StringBuilder b = new StringBuilder();
    private int lastNewline;
    private int lastField;
    private int indent;
    private int curTabstop;
    private final int[] tabstops = new int[MAX_TABSTOPS];
    private int nrTabstops;
    private boolean layout;
    private boolean humanReadableUnits;

    public PrintBuf humanReadableUnits(boolean on) {
        humanReadableUnits = on;
        return this;
    }

    public int nrTabstops() {
        return nrTabstops;
    }

    /** Adds a tabstop {@code spaces} columns after the previous one (ignored past 8, like upstream). */
    public PrintBuf tabstopPush(int spaces) {
        if (nrTabstops >= MAX_TABSTOPS) return this;
        int prev = nrTabstops > 0 ? tabstops[nrTabstops - 1] : 0;
        tabstops[nrTabstops++] = prev + spaces;
        layout = true;
        return this;
    }

    public PrintBuf tabstopsReset() {
        nrTabstops = 0;
        return this;
    }

    private int curTab() {
        return curTabstop < nrTabstops ? tabstops[curTabstop] : 0;
    }

    /** Formatted text ({@code prt_printf}/{@code prt_str}): honours newline, tab and right-justify. */
    public PrintBuf str(String s) {
        int start = b.length();
        b.append(s);
        if (layout) doIndent(start);
        return this;
    }

    /** Text written as is ({@code prt_char}/{@code prt_bytes}), no indent or tab handling. */
    public PrintBuf raw(String s) {
        b.append(s);
        return this;
    }

    public PrintBuf raw(char c) {
        b.append(c);
        return this;
    }

    private void doIndent(int pos) {
        while (true) {
            int n = indexOf('\n', pos);
            if (curTab() != 0) {
                n = Math.min(n, indexOf('\r', pos));
                n = Math.min(n, indexOf('\t', pos));
            }
            pos = n;
            if (pos == b.length()) break;
            char c = b.charAt(n);
            if (c == '\n') {
                pos++;
                lastNewline = pos;
                b.insert(pos, " ".repeat(indent));
                pos = Math.min(pos + indent, b.length());
                lastField = pos;
                curTabstop = 0;
            } else if (c == '\r') {
                b.deleteCharAt(n);
                int pad = curTab() - (pos - lastNewline);
                if (pad > 0) {
                    b.insert(lastField, " ".repeat(pad));
                    pos += pad;
                }
                lastField = pos;
                curTabstop++;
            } else {
                int pad = curTab() - (pos - lastNewline) - 1;
                if (pad > 0) {
                    b.setCharAt(n, ' ');
                    b.insert(pos, " ".repeat(pad - 1));
                    pos += pad;
                } else {
                    b.deleteCharAt(n);
                }
                lastField = pos;
                curTabstop++;
            }
        }
    }

    private int indexOf(char c, int from) {
        int i = b.indexOf(String.valueOf(c), from);
        return i < 0 ? b.length() : i;
    }

    /** {@code prt_newline}: a newline, then the current indent. */
    public PrintBuf newline() {
        b.append('\n');
        lastNewline = b.length();
        b.append(" ".repeat(indent));
        lastField = b.length();
        curTabstop = 0;
        return this;
    }

    /** {@code prt_tab}: pads with spaces up to the current tabstop. */
    public PrintBuf tab() {
        if (curTab() == 0) return this;
        int spaces = Math.max(0, curTab() - (b.length() - lastNewline));
        b.append(" ".repeat(spaces));
        lastField = b.length();
        curTabstop++;
        return this;
    }

    /** {@code prt_tab_rjust}: right-justifies the text since the last field at the current tabstop. */
    public PrintBuf tabRjust() {
        if (curTab() == 0) return this;
        int pad = curTab() - (b.length() - lastNewline);
        if (pad > 0) b.insert(lastField, " ".repeat(pad));
        lastField = b.length();
        curTabstop++;
        return this;
    }

    /** Adds to the indent, and indents the current line right away by writing the spaces. */
    public PrintBuf indentAdd(int spaces) {
        indent += spaces;
        b.append(" ".repeat(spaces));
        layout = true;
        return this;
    }

    /** Removes from the indent; trailing indent spaces of an empty current line are taken back. */
    public PrintBuf indentSub(int spaces) {
        spaces = Math.min(spaces, indent);
        if (lastNewline + indent == b.length()) b.setLength(b.length() - spaces);
        indent -= spaces;
        if (indent == 0 && nrTabstops == 0) layout = false;
        return this;
    }

    /** {@code prt_human_readable_u64}: binary units with three significant digits, e.g. {@code 4.00k}. */
    public PrintBuf humanReadableU64(long v) {
        final String units = "\0kMGTPEZY";
        int u = 0;
        long r = 0;
        while (u + 1 < units.length() && Long.compareUnsigned(v, 1024) >= 0) {
            r = Long.remainderUnsigned(v, 1024);
            v = Long.divideUnsigned(v, 1024);
            u++;
        }
        String num = Long.toUnsignedString(v);
        str(num);
        if (u > 0) {
            int prec = 3 - num.length();
            if (prec > 0) {
                long frac = (r * 1000) >>> 10;
                String f = String.format("%03d", frac);
                raw('.');
                str(f.substring(0, Math.min(f.length(), prec)));
            }
            raw(units.charAt(u));
        }
        return this;
    }

    /** {@code prt_units_u64}: human readable when enabled, else the plain number. */
    public PrintBuf unitsU64(long v) {
        return humanReadableUnits ? humanReadableU64(v) : str(Long.toUnsignedString(v));
    }

    /** {@code prt_bitflags}: names of the set bits, comma separated, stopping at the first unnamed bit. */
    public PrintBuf bitflags(String[] names, long flags) {
        boolean first = true;
        while (flags != 0) {
            int bit = Long.numberOfTrailingZeros(flags);
            if (bit >= names.length) break;
            if (!first) str(",");
            first = false;
            str(names[bit]);
            flags ^= 1L << bit;
        }
        return this;
    }

    /** {@code prt_string_option}: every choice, the selected one in brackets, each followed by a space. */
    public PrintBuf stringOption(String[] choices, long selected) {
        for (int i = 0; i < choices.length; i++) str(i == selected ? "[" + choices[i] + "] " : choices[i] + " ");
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
