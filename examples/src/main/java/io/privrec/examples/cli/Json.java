package io.privrec.examples.cli;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Minimal JSON (RFC 8259) text for the command line's one-line outputs.
 *
 * <p>A value is a tree of plain objects: {@code null}, a {@link CharSequence}, a {@link Boolean},
 * an {@link Integer} or {@link Long}, a {@link Double} (written by {@link Double#toString(double)},
 * so it reads back as the same double; NaN and ∞ become {@code null}), a {@link Map} with string
 * keys (an object, in iteration order) or an {@link Iterable} (an array).
 */
final class Json {
  private Json() {}

  /** {@code tree} as one line of JSON. */
  static String render(Object tree) {
    StringBuilder out = new StringBuilder();
    append(out, tree);
    return out.toString();
  }

  /** {@code s} as a JSON string literal, or {@code null}. */
  static String str(String s) {
    return render(s);
  }

  /** A finite double as a JSON number; non-finite values become {@code null}. */
  static String num(double d) {
    return render(d);
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence text) {
      quote(out, text);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Double d) {
      out.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> member : map.entrySet()) {
        out.append(separator);
        quote(out, (String) member.getKey());
        out.append(':');
        append(out, member.getValue());
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof Iterable<?> items) {
      out.append('[');
      for (Iterator<?> it = items.iterator(); it.hasNext(); ) {
        append(out, it.next());
        out.append(it.hasNext() ? "," : "");
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  /**
   * Quotes {@code text}: {@code "} and {@code \} get a backslash; control characters, U+2028,
   * U+2029 and unpaired surrogates are written as {@code \}{@code uXXXX}, so the line is safe in
   * any JSON reader and encodable in UTF-8.
   */
  private static void quote(StringBuilder out, CharSequence text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c)
          ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == '\u2028' || c == '\u2029' || !paired) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
