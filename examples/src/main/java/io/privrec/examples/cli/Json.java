package io.privrec.examples.cli;

/** Minimal JSON text helpers for the command line's one-line outputs. */
final class Json {
  private Json() {}

  /** {@code s} as a JSON string literal (escaped as every PrivRec JSON is), or {@code null}. */
  static String str(String s) {
    return s == null ? "null" : io.privrec.dp.internal.JsonWriter.quote(s);
  }

  /** A finite double as a JSON number; non-finite values become {@code null}. */
  static String num(double d) {
    return Double.isFinite(d) ? Double.toString(d) : "null";
  }
}
