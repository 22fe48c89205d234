package io.privrec.examples.cli;

import java.util.Locale;

/** Minimal JSON text helpers for the command line's one-line outputs. */
final class Json {
  private Json() {}

  /** {@code s} as a JSON string literal, or {@code null}. */
  static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A finite double as a JSON number; non-finite values become {@code null}. */
  static String num(double d) {
    return Double.isFinite(d) ? Double.toString(d) : "null";
  }
}
