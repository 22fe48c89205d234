package io.privrec.dp.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A small streaming JSON (RFC 8259) writer, used for ledger and data exports.
 *
 * <p>Example:
 *
 * <pre>{@code
 * StringBuilder out = new StringBuilder();
 * JsonWriter.to(out).beginObject().name("epsilon").value(0.5).endObject().finish();
 * // out is {"epsilon":0.5}
 * }</pre>
 *
 * <p>Strings are escaped as RFC 8259 requires ({@code "}, {@code \}, control characters below
 * U+0020); U+2028, U+2029 and unpaired surrogates are also written as {@code \}{@code uXXXX} so the
 * output is safe to embed in JavaScript and encodable in UTF-8. Doubles are written with {@link
 * Double#toString(double)}, whose output parses back to the identical double (round trip), e.g.
 * {@code 1.0E-6}; JSON has no NaN or ∞, so those are rejected. The writer checks the document's
 * structure and throws {@link IllegalStateException} on misuse (a value where a name is expected, an
 * unbalanced end, a second top-level value). {@link IOException}s of the underlying {@link
 * Appendable} are rethrown as {@link UncheckedIOException}.
 *
 * <p><b>Not API</b>: public only for use by other {@code io.privrec} modules. Not thread-safe.
 */
public final class JsonWriter {

  private enum Scope {
    EMPTY_OBJECT,
    OBJECT_AFTER_NAME,
    NONEMPTY_OBJECT,
    EMPTY_ARRAY,
    NONEMPTY_ARRAY
  }

  private final Appendable out;
  private final Deque<Scope> stack = new ArrayDeque<>();
  private boolean topLevelWritten;

  private JsonWriter(Appendable out) {
    this.out = out;
  }

  /** Returns a writer appending to {@code out}. */
  public static JsonWriter to(Appendable out) {
    return new JsonWriter(Objects.requireNonNull(out, "out must not be null"));
  }

  /** Starts an object (<code>{</code>). */
  public JsonWriter beginObject() {
    beforeValue();
    stack.push(Scope.EMPTY_OBJECT);
    return raw("{");
  }

  /**
   * Ends the current object.
   *
   * @throws IllegalStateException if the innermost open value is not an object, or a name is
   *     waiting for its value
   */
  public JsonWriter endObject() {
    Scope scope = stack.peek();
    if (scope != Scope.EMPTY_OBJECT && scope != Scope.NONEMPTY_OBJECT) {
      throw new IllegalStateException("endObject() without a matching beginObject(): " + scope);
    }
    stack.pop();
    return raw("}");
  }

  /** Starts an array ({@code [}). */
  public JsonWriter beginArray() {
    beforeValue();
    stack.push(Scope.EMPTY_ARRAY);
    return raw("[");
  }

  /**
   * Ends the current array.
   *
   * @throws IllegalStateException if the innermost open value is not an array
   */
  public JsonWriter endArray() {
    Scope scope = stack.peek();
    if (scope != Scope.EMPTY_ARRAY && scope != Scope.NONEMPTY_ARRAY) {
      throw new IllegalStateException("endArray() without a matching beginArray(): " + scope);
    }
    stack.pop();
    return raw("]");
  }

  /**
   * Writes a member name inside an object.
   *
   * @throws IllegalStateException if not directly inside an object awaiting a name
   */
  public JsonWriter name(String name) {
    Objects.requireNonNull(name, "name must not be null");
    Scope scope = stack.peek();
    if (scope == Scope.NONEMPTY_OBJECT) {
      raw(",");
    } else if (scope != Scope.EMPTY_OBJECT) {
      throw new IllegalStateException("name(\"" + name + "\") is only allowed inside an object");
    }
    stack.pop();
    stack.push(Scope.OBJECT_AFTER_NAME);
    writeString(name);
    return raw(":");
  }

  /** Writes a string value, or {@code null} if {@code value} is null. */
  public JsonWriter value(String value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    writeString(value);
    return this;
  }

  /**
   * Writes a finite double so that it parses back to the identical double.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite (JSON cannot express them)
   */
  public JsonWriter value(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "value must be finite: JSON has no NaN or infinity. Provided value: " + value);
    }
    beforeValue();
    return raw(Double.toString(value));
  }

  /** Writes an integer value. */
  public JsonWriter value(long value) {
    beforeValue();
    return raw(Long.toString(value));
  }

  /** Writes {@code true} or {@code false}. */
  public JsonWriter value(boolean value) {
    beforeValue();
    return raw(value ? "true" : "false");
  }

  /**
   * Writes a value given as a tree of plain Java objects: {@code null}; a {@link CharSequence}; a
   * {@link Boolean}; a {@link Byte}, {@link Short}, {@link Integer} or {@link Long} (as an
   * integer); a {@link Float} (shortest decimal that reads back as the same float) or {@link
   * Double} (as {@link #value(double)}); a {@link java.util.Map} with {@link String} keys (an
   * object, members in the map's iteration order); or an {@link Iterable} (an array).
   *
   * @throws IllegalArgumentException for any other type, a non-string key, or a non-finite number;
   *     the message names the type, never the value
   */
  public JsonWriter tree(Object value) {
    if (value == null) {
      return nullValue();
    } else if (value instanceof CharSequence text) {
      return value(text.toString());
    } else if (value instanceof Boolean b) {
      return value(b.booleanValue());
    } else if (value instanceof Byte || value instanceof Short || value instanceof Integer
        || value instanceof Long) {
      return value(((Number) value).longValue());
    } else if (value instanceof Float f) {
      if (!Float.isFinite(f)) {
        throw new IllegalArgumentException("value must be finite: JSON has no NaN or infinity");
      }
      beforeValue();
      return raw(Float.toString(f));
    } else if (value instanceof Double d) {
      return value(d.doubleValue());
    } else if (value instanceof java.util.Map<?, ?> map) {
      beginObject();
      for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("a JSON object's keys must be strings, not "
              + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
        }
        name(key).tree(e.getValue());
      }
      return endObject();
    } else if (value instanceof Iterable<?> items) {
      beginArray();
      for (Object item : items) {
        tree(item);
      }
      return endArray();
    }
    throw new IllegalArgumentException("a JSON tree holds maps, iterables, strings, booleans and"
        + " numbers (Byte, Short, Integer, Long, Float, Double), not " + value.getClass().getName());
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    beforeValue();
    return raw("null");
  }

  /**
   * Checks that the document is complete (one top-level value, every object and array closed).
   *
   * @throws IllegalStateException otherwise
   */
  public void finish() {
    if (!stack.isEmpty() || !topLevelWritten) {
      throw new IllegalStateException(
          "incomplete JSON document: " + stack.size() + " unclosed value(s)");
    }
  }

  /** Returns {@code s} as a quoted, escaped JSON string literal. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    to(sb).writeString(s);
    return sb.toString();
  }

  private void beforeValue() {
    Scope scope = stack.peek();
    if (scope == null) {
      if (topLevelWritten) {
        throw new IllegalStateException("a JSON document holds a single top-level value");
      }
      topLevelWritten = true;
      return;
    }
    switch (scope) {
      case OBJECT_AFTER_NAME -> {
        stack.pop();
        stack.push(Scope.NONEMPTY_OBJECT);
      }
      case EMPTY_ARRAY -> {
        stack.pop();
        stack.push(Scope.NONEMPTY_ARRAY);
      }
      case NONEMPTY_ARRAY -> raw(",");
      default -> throw new IllegalStateException("a value inside an object needs a name() first");
    }
  }

  private void writeString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || isUnpairedSurrogate(s, i)) {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
    raw(sb);
  }

  private static boolean isUnpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private JsonWriter raw(CharSequence text) {
    try {
      out.append(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
