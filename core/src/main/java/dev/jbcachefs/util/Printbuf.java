package dev.jbcachefs.util;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * A text buffer that follows upstream's {@code printbuf} layout rules, so that superblocks, keys and
 * journal entries come out byte for byte as the tools print them: an indent level applied after every
 * newline (including newlines embedded in printed strings), up to 8 tabstops counted in columns from the
 * start of the line ({@code \t} inside printed text pads to one column before the current tabstop, or is
 * dropped when the text is already past it, or stays a literal tab when no tabstop is left; {@link #tab()}
 * pads to the tabstop itself; {@code \r} and {@link #tabRjust()} right-justify the current field), and the
 * trimming of a trailing indent when the indent level drops. Text written with {@link #raw} skips that
 * processing, as upstream's byte and char output does. It also carries upstream's number and flag
 * formatting helpers (human readable units, bitflags, string options, datetime) that the printers share.
 */
public final class Printbuf {
    /** Upstream's {@code PRINTBUF_INLINE_TABSTOPS}: further pushes are refused. */
    private static final int MAX_TABSTOPS = 8;
    private final StringBuilder sb;
    private int indent;
    private int lastNewline;
    private int lastField;
    private int curTabstop;
    private final int[] tabstops = new int[MAX_TABSTOPS];
    private int nrTabstops;
    private boolean hasIndentOrTabstops;
    private boolean humanReadableUnits;

    public Printbuf() {
        this(new StringBuilder());
    }

    /** Appends to {@code sb}; line lengths count from its last newline. */
    public Printbuf(StringBuilder sb) {
        this.sb = sb;
        this.lastNewline = sb.lastIndexOf("\n") + 1;
        this.lastField = sb.length();
    }

    public StringBuilder builder() {
        return sb;
    }

    public int length() {
        return sb.length();
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** Drops everything after {@code length} (used to replace a partly printed value). */
    public void truncate(int length) {
        sb.setLength(length);
        lastNewline = Math.min(lastNewline, sb.lastIndexOf("\n") + 1);
        lastField = Math.min(lastField, length);
    }

    /** Selects human readable output for {@link #unitsU64} ({@code printbuf.human_readable_units}). */
    public Printbuf humanReadableUnits(boolean on) {
        humanReadableUnits = on;
        return this;
    }

    public int nrTabstops() {
        return nrTabstops;
    }

    private int curTabstopValue() {
        return curTabstop < nrTabstops ? tabstops[curTabstop] : 0;
    }

    /** Formatted/string output ({@code prt_printf}/{@code prt_str}): newlines and (with tabstops) tabs are processed. */
    public Printbuf prt(String s) {
        int from = sb.length();
        sb.append(s);
        if (hasIndentOrTabstops) doIndent(from);
        return this;
    }

    public Printbuf prt(long v) {
        return prt(Long.toString(v));
    }

    /** Unsigned decimal ({@code %llu}/{@code %u} of an unsigned value). */
    public Printbuf prtU(long v) {
        return prt(Long.toUnsignedString(v));
    }

    /** Raw output (upstream's {@code prt_char}/{@code prt_bytes}): no newline or tab processing. */
    public Printbuf raw(String s) {
        sb.append(s);
        return this;
    }

    public Printbuf raw(char c) {
        sb.append(c);
        return this;
    }

    private void insertSpaces(int pos, int n) {
        if (n > 0) sb.insert(pos, " ".repeat(n));
    }

    private void doIndent(int pos) {
        while (true) {
            int n = -1;
            boolean tabs = curTabstopValue() != 0;
            for (int i = pos; i < sb.length(); i++) {
                char c = sb.charAt(i);
                if (c == '\n' || (tabs && (c == '\r' || c == '\t'))) {
                    n = i;
                    break;
                }
            }
            if (n < 0) return;
            pos = n;
            char c = sb.charAt(n);
            if (c == '\n') {
                pos++;
                lastNewline = pos;
                insertSpaces(pos, indent);
                pos = Math.min(pos + indent, sb.length());
                lastField = pos;
                curTabstop = 0;
            } else if (c == '\r') {
                sb.deleteCharAt(n);
                int pad = curTabstopValue() - (pos - lastNewline);
                if (pad > 0) {
                    insertSpaces(lastField, pad);
                    pos += pad;
                }
                lastField = pos;
                curTabstop++;
            } else {
                int pad = curTabstopValue() - (pos - lastNewline) - 1;
                if (pad > 0) {
                    sb.setCharAt(n, ' ');
                    insertSpaces(pos, pad - 1);
                    pos += pad;
                } else {
                    sb.deleteCharAt(n);
                }
                lastField = pos;
                curTabstop++;
            }
        }
    }

    /** Increases the indent and prints that many spaces now ({@code printbuf_indent_add}). */
    public Printbuf indentAdd(int spaces) {
        indent += spaces;
        sb.append(" ".repeat(spaces));
        hasIndentOrTabstops = true;
        return this;
    }

    /** Increases the indent for following lines only. */
    public Printbuf indentAddNextline(int spaces) {
        indent += spaces;
        hasIndentOrTabstops = true;
        return this;
    }

    /** Decreases the indent, taking back the current line's indent if nothing follows it yet. */
    public Printbuf indentSub(int spaces) {
        if (spaces > indent) spaces = indent;
        if (lastNewline + indent == sb.length()) sb.setLength(sb.length() - spaces);
        indent -= spaces;
        if (indent == 0 && nrTabstops == 0) hasIndentOrTabstops = false;
        return this;
    }

    /** {@code prt_newline}: a newline, then the current indent. */
    public Printbuf newline() {
        sb.append('\n');
        lastNewline = sb.length();
        sb.append(" ".repeat(indent));
        lastField = sb.length();
        curTabstop = 0;
        return this;
    }

    /** Adds a tabstop {@code spaces} columns after the previous one (refused past 8, like upstream). */
    public Printbuf tabstopPush(int spaces) {
        if (nrTabstops >= MAX_TABSTOPS) return this;
        int prev = nrTabstops > 0 ? tabstops[nrTabstops - 1] : 0;
        tabstops[nrTabstops++] = prev + spaces;
        hasIndentOrTabstops = true;
        return this;
    }

    public Printbuf tabstopsReset() {
        nrTabstops = 0;
        return this;
    }

    /** {@code prt_tab}: pads with spaces to the current tabstop. */
    public Printbuf tab() {
        if (curTabstopValue() == 0) return this;
        int spaces = Math.max(0, curTabstopValue() - (sb.length() - lastNewline));
        sb.append(" ".repeat(spaces));
        lastField = sb.length();
        curTabstop++;
        return this;
    }

    /** {@code prt_tab_rjust}: right-justifies the field since the previous tabstop to the current one. */
    public Printbuf tabRjust() {
        if (curTabstopValue() == 0) return this;
        int pad = curTabstopValue() - (sb.length() - lastNewline);
        if (pad > 0) insertSpaces(lastField, pad);
        lastField = sb.length();
        curTabstop++;
        return this;
    }

    /** {@code prt_human_readable_u64}: binary units with three significant digits, e.g. {@code 4.00k}. */
    public Printbuf humanReadableU64(long v) {
        final String units = "\0kMGTPEZY";
        int u = 0;
        long r = 0;
        while (u + 1 < units.length() && Long.compareUnsigned(v, 1024) >= 0) {
            r = Long.remainderUnsigned(v, 1024);
            v = Long.divideUnsigned(v, 1024);
            u++;
        }
        String num = Long.toUnsignedString(v);
        prt(num);
        if (u > 0) {
            int prec = 3 - num.length();
            if (prec > 0) {
                long frac = (r * 1000) >>> 10;
                String f = String.format("%03d", frac);
                raw('.');
                prt(f.substring(0, Math.min(f.length(), prec)));
            }
            raw(units.charAt(u));
        }
        return this;
    }

    /** {@code prt_units_u64}: human readable when enabled, else the plain number. */
    public Printbuf unitsU64(long v) {
        return humanReadableUnits ? humanReadableU64(v) : prtU(v);
    }

    /** {@code prt_bitflags}: names of the set bits, comma separated, stopping at the first unnamed bit. */
    public Printbuf bitflags(String[] names, long flags) {
        boolean first = true;
        while (flags != 0) {
            int bit = Long.numberOfTrailingZeros(flags);
            if (bit >= names.length) break;
            if (!first) prt(",");
            first = false;
            prt(names[bit]);
            flags ^= 1L << bit;
        }
        return this;
    }

    /** {@code prt_string_option}: every choice, the selected one in brackets, each followed by a space. */
    public Printbuf stringOption(String[] choices, long selected) {
        for (int i = 0; i < choices.length; i++) prt(i == selected ? "[" + choices[i] + "] " : choices[i] + " ");
        return this;
    }

    /** Seconds a UTC date-time can hold (narrower than {@link Instant}'s range, whose ends have no calendar date). */
    private static final long MAX_INSTANT_SECONDS = java.time.LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC),
            MIN_INSTANT_SECONDS = java.time.LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC);

    /**
     * The text of {@code bch2_prt_datetime} in the tools' build: {@code ctime()} text ({@code Sun Nov 22
     * 17:21:59 2026}, day padded to 2, year unpadded), here always in UTC. Times beyond any calendar print
     * as the raw seconds, as the kernel build of that function does.
     */
    public static String datetime(long sec) {
        if (sec > MAX_INSTANT_SECONDS || sec < MIN_INSTANT_SECONDS) return Long.toString(sec);
        var t = Instant.ofEpochSecond(sec).atOffset(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%s %s %2d %02d:%02d:%02d %d", t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT),
                t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(),
                t.getYear());
    }
}
