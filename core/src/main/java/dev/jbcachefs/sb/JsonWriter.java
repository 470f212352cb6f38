package dev.jbcachefs.sb;

/**
 * A small streaming JSON writer (objects, arrays, strings, numbers, booleans) for the machine-readable
 * superblock dump; written by hand so the project needs no JSON dependency. Numbers that are unsigned
 * 64-bit on disk are written with their unsigned decimal value. Output is compact, one line.
 */
public final class JsonWriter {
    private final StringBuilder b = new StringBuilder();
    /** Whether the next value at the current nesting level needs a leading comma. */
    private boolean comma;

    public JsonWriter beginObject() {
        sep();
        b.append('{');
        comma = false;
        return this;
    }

    public JsonWriter endObject() {
        b.append('}');
        comma = true;
        return this;
    }

    public JsonWriter beginArray() {
        sep();
        b.append('[');
        comma = false;
        return this;
    }

    public JsonWriter endArray() {
        b.append(']');
        comma = true;
        return this;
    }

    /** A member name inside an object; the next call writes its value. */
    public JsonWriter name(String n) {
        sep();
        quote(n);
        b.append(':');
        comma = false;
        return this;
    }

    public JsonWriter value(String s) {
        sep();
        if (s == null) b.append("null");
        else quote(s);
        comma = true;
        return this;
    }

    public JsonWriter value(long v) {
        sep();
        b.append(v);
        comma = true;
        return this;
    }

    public JsonWriter unsigned(long v) {
        sep();
        b.append(Long.toUnsignedString(v));
        comma = true;
        return this;
    }

    public JsonWriter value(boolean v) {
        sep();
        b.append(v);
        comma = true;
        return this;
    }

    public JsonWriter field(String n, String v) {
        return name(n).value(v);
    }

    public JsonWriter field(String n, long v) {
        return name(n).value(v);
    }

    public JsonWriter fieldUnsigned(String n, long v) {
        return name(n).unsigned(v);
    }

    public JsonWriter field(String n, boolean v) {
        return name(n).value(v);
    }

    private void sep() {
        if (comma) b.append(',');
        comma = false;
    }

    private void quote(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
