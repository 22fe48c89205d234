package io.privrec.core.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.dp.internal.DpPreconditions;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument checks of the {@code io.privrec.core} packages, each rule said once. Numeric rules
 * that the DP library states too are delegated to {@link DpPreconditions}, so both modules word
 * them alike; callers in core use only this class.
 *
 * <p><b>Messages.</b> One format: {@code "<name> <rule>. Provided value: <value>"}, e.g. {@code
 * "k must be >= 1. Provided value: 0"} or {@code "testFraction must be in (0, 1). Provided value:
 * 1.0"}: intervals in interval notation, integer lower bounds as {@code ">= 1"}, floating-point
 * rules that exclude NaN and ±∞ as {@code "finite and ..."}. Checks of text never quote the text,
 * which may be a customer's id or attribute: they give its length ({@code ". Provided length:
 * 3"}), the position of the offending character or element, or end in {@code "(the value is not
 * quoted)"}. {@link #failUnquoted} and {@link #checkDistinctUnquoted} are the variants of the
 * generic builders that name the parameter and the rule but never the value.
 *
 * <p>Floating-point checks are written in accepting form, so NaN fails every one of them. Checks
 * return their argument, for use in field initialisers. A null text or collection throws {@link
 * NullPointerException} naming the parameter.
 *
 * <p><b>Not API</b>: public only for use by the other core packages. Stateless and thread-safe.
 */
public final class CorePreconditions {

  /** Longest accepted customer id, item id, attribute name or value, source or reason, in chars. */
  public static final int MAX_TEXT_LENGTH = 1024;

  private CorePreconditions() {}

  // ---------------------------------------------------------------- messages

  /**
   * The exception for a broken rule that no check here states, with the message {@code "<name>
   * <rule>. Provided value: <value>"}; the caller throws it.
   *
   * @param name the parameter, as the caller knows it
   * @param rule what it must be, starting with "must", e.g. {@code "must be a power of 2"}
   * @param value the provided value; never private data (use {@link #failUnquoted})
   * @return the exception, not thrown
   */
  public static IllegalArgumentException fail(String name, String rule, Object value) {
    return DpPreconditions.fail(name, rule, value);
  }

  /**
   * The exception for a broken rule whose text already says all there is (e.g. which positions
   * differ), with the message {@code "<name> <rule>"}; the caller throws it.
   *
   * @param name the parameter, as the caller knows it
   * @param rule what it must be ("must ..."), and how it is broken
   * @return the exception, not thrown
   */
  public static IllegalArgumentException fail(String name, String rule) {
    return new IllegalArgumentException(name + " " + rule);
  }

  /**
   * The exception for a text or array of the wrong length, with the message {@code "<name> <rule>.
   * Provided length: <length>"} (for text, the length is shown instead of the value); the caller
   * throws it.
   *
   * @param name the parameter, as the caller knows it
   * @param rule what its length must be, e.g. {@code "must have length rows = 5"}
   * @param length the provided length
   * @return the exception, not thrown
   */
  public static IllegalArgumentException failLength(String name, String rule, long length) {
    return fail(name, rule + ". Provided length: " + length);
  }

  /**
   * The exception for a broken rule whose value must not be repeated (an id, an attribute value, a
   * count of a customer's data), with the message {@code "<name> <rule> (the value is not
   * quoted)"}; the caller throws it.
   *
   * @param name the parameter, as the caller knows it
   * @param rule what it must be ("must ...") or why it is refused; must not hold the value
   * @return the exception, not thrown
   */
  public static IllegalArgumentException failUnquoted(String name, String rule) {
    return new IllegalArgumentException(unquoted(name, rule));
  }

  /**
   * The exception for a name or key that is not one of a known, public set (a metric key, a
   * purpose, a key id), with the message {@code "unknown <what> '<value>'; expected one of
   * <known>"}; the caller throws it.
   *
   * @param what what the value names, e.g. {@code "metric key"}
   * @param value the provided value; never private data
   * @param known the accepted values, listed in the message
   * @return the exception, not thrown
   */
  public static IllegalArgumentException unknown(String what, Object value, Collection<?> known) {
    return new IllegalArgumentException("unknown " + what + " '" + value + "'; expected one of " + known);
  }

  /**
   * The exception for a customer id that names no customer the caller knows, with the message
   * {@code "<name> is unknown: <why> (the value is not quoted)"}; the caller throws it.
   *
   * @param name the parameter, e.g. {@code "customerId"} or {@code "customerIds[3]"}
   * @param why what is missing, e.g. {@code "nothing is held about her"}; must not hold the id
   * @return the exception, not thrown
   */
  public static IllegalArgumentException unknownCustomer(String name, String why) {
    return failUnquoted(name, "is unknown: " + why);
  }

  /**
   * Checks a condition that no other check here states.
   *
   * @param ok the condition
   * @param message the whole message, naming the parameter and the rule
   * @throws IllegalArgumentException with {@code message} unless {@code ok}
   */
  public static void checkArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Checks a condition that no other check here states, building the message only on failure:
   * each {@code %s} of {@code template} is replaced by the next argument ({@link
   * String#valueOf(Object)}, independent of the locale); arguments left over are appended in
   * brackets. Not for hot loops: the arguments are boxed on every call.
   *
   * @param ok the condition
   * @param template the message, naming the parameter and the rule
   * @param args the values for the {@code %s} placeholders
   * @throws IllegalArgumentException with the message unless {@code ok}
   */
  public static void checkArgument(boolean ok, String template, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(format(template, args));
    }
  }

  // ---------------------------------------------------------------- numbers

  /**
   * Checks that an integer parameter is {@code >= 1}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be >= 1. Provided value: <value>"}
   */
  public static int checkPositive(String name, int value) {
    return DpPreconditions.checkPositive(name, value);
  }

  /**
   * Checks that a long parameter is {@code >= 1}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be >= 1. Provided value: <value>"}
   */
  public static long checkPositive(String name, long value) {
    return DpPreconditions.checkPositive(name, value);
  }

  /**
   * Checks that {@code value} is finite and {@code > 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be finite and > 0. Provided
   *     value: <value>"}
   */
  public static double checkPositive(String name, double value) {
    return DpPreconditions.checkPositive(name, value);
  }

  /**
   * Checks that {@code value} is finite and {@code > 0}; the message shows the float as a float.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be finite and > 0. Provided
   *     value: <value>"}
   */
  public static float checkPositive(String name, float value) {
    if (!(value > 0 && Float.isFinite(value))) {
      throw fail(name, "must be finite and > 0", value);
    }
    return value;
  }

  /**
   * Checks that a duration is longer than zero.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if it is zero or negative: {@code "<name> must be > 0.
   *     Provided value: <value>"}
   */
  public static Duration checkPositive(String name, Duration value) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw fail(name, "must be > 0", value);
    }
    return value;
  }

  /**
   * Checks that a period is longer than zero: no unit negative, not all zero.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException otherwise: {@code "<name> must be > 0. Provided value:
   *     <value>"}
   */
  public static Period checkPositive(String name, Period value) {
    requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw fail(name, "must be > 0", value);
    }
    return value;
  }

  /**
   * Checks that an integer parameter is {@code >= 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be >= 0. Provided value: <value>"}
   */
  public static int checkNonNegative(String name, int value) {
    return DpPreconditions.checkNonNegative(name, value);
  }

  /**
   * Checks that a long parameter is {@code >= 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be >= 0. Provided value: <value>"}
   */
  public static long checkNonNegative(String name, long value) {
    return DpPreconditions.checkNonNegative(name, value);
  }

  /**
   * Checks that {@code value} is finite and {@code >= 0}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be finite and >= 0. Provided
   *     value: <value>"}
   */
  public static double checkNonNegative(String name, double value) {
    return DpPreconditions.checkNonNegative(name, value);
  }

  /**
   * Checks that an integer parameter is {@code >= min}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be >= <min>. Provided value:
   *     <value>"}
   */
  public static int checkAtLeast(String name, int value, int min) {
    return DpPreconditions.checkAtLeast(name, value, min);
  }

  /**
   * Checks that {@code value} is finite (neither NaN nor ±∞).
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be finite. Provided value:
   *     <value>"}
   */
  public static double checkFinite(String name, double value) {
    return DpPreconditions.checkFinite(name, value);
  }

  /**
   * Checks that {@code value} is finite (neither NaN nor ±∞).
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be finite. Provided value:
   *     <value>"}
   */
  public static float checkFinite(String name, float value) {
    if (!Float.isFinite(value)) {
      throw fail(name, "must be finite", value);
    }
    return value;
  }

  /**
   * Checks that an integer parameter lies in {@code [lo, hi]}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise: {@code "<name> must be in [<lo>, <hi>]. Provided
   *     value: <value>"}
   */
  public static int checkInRange(String name, int value, int lo, int hi) {
    return DpPreconditions.checkInRange(name, value, lo, hi);
  }

  /**
   * Checks that {@code value} lies in the closed interval {@code [lo, hi]}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise, always for NaN: {@code "<name> must be in [<lo>,
   *     <hi>]. Provided value: <value>"}
   */
  public static double checkInRange(String name, double value, double lo, double hi) {
    return DpPreconditions.checkInRange(name, value, lo, hi);
  }

  /**
   * Checks that {@code value} lies in the open interval {@code (lo, hi)}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise, always for NaN: {@code "<name> must be in (<lo>,
   *     <hi>). Provided value: <value>"}
   */
  public static double checkInOpenRange(String name, double value, double lo, double hi) {
    return DpPreconditions.checkInOpenRange(name, value, lo, hi);
  }

  /**
   * Checks that {@code value} lies in {@code [lo, hi)}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise, always for NaN: {@code "<name> must be in [<lo>,
   *     <hi>). Provided value: <value>"}
   */
  public static double checkInRangeExcludingUpper(String name, double value, double lo, double hi) {
    return DpPreconditions.checkInRangeExcludingUpper(name, value, lo, hi);
  }

  /**
   * Checks a fraction or probability that must lie in {@code (0, 1]}.
   *
   * @return {@code value}
   * @throws IllegalArgumentException otherwise, always for NaN: {@code "<name> must be in (0, 1].
   *     Provided value: <value>"}
   */
  public static double checkProbability(String name, double value) {
    return DpPreconditions.checkProbability(name, value);
  }

  /**
   * Checks a privacy parameter ε.
   *
   * @return {@code epsilon}
   * @throws IllegalArgumentException unless finite and {@code > 0}: {@code "epsilon must be finite
   *     and > 0. Provided value: <epsilon>"}
   */
  public static double checkEpsilon(double epsilon) {
    return DpPreconditions.checkEpsilon(epsilon);
  }

  /**
   * Checks a privacy parameter δ of an (ε, δ) guarantee that must be positive.
   *
   * @return {@code delta}
   * @throws IllegalArgumentException unless {@code 0 < delta < 1}: {@code "<name> must be in (0,
   *     1). Provided value: <delta>"}
   */
  public static double checkPositiveDelta(String name, double delta) {
    return DpPreconditions.checkPositiveDelta(name, delta);
  }

  /**
   * Checks an index into something of {@code size} elements.
   *
   * @return {@code index}
   * @throws IllegalArgumentException unless {@code 0 <= index < size}: {@code "<name> must be in
   *     [0, <size>). Provided value: <index>"}
   */
  public static int checkIndex(String name, int index, int size) {
    if (index < 0 || index >= size) {
      throw fail(name, "must be in [0, " + size + ")", index);
    }
    return index;
  }

  /**
   * Checks that every element of an int array is {@code >= 0}, naming a bad one {@code
   * name[i]}.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException otherwise: {@code "<name>[<i>] must be >= 0. Provided value:
   *     <value>"}
   */
  public static int[] checkNonNegativeElements(String name, int[] values) {
    return checkElementsAtLeast(name, values, 0);
  }

  /**
   * Checks that every element of an int array is {@code >= 1}, naming a bad one {@code
   * name[i]}.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException otherwise: {@code "<name>[<i>] must be >= 1. Provided value:
   *     <value>"}
   */
  public static int[] checkPositiveElements(String name, int[] values) {
    return checkElementsAtLeast(name, values, 1);
  }

  /**
   * Checks that every element of a float array is finite and {@code > 0}, naming a bad one {@code
   * name[i]}.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException otherwise: {@code "<name>[<i>] must be finite and > 0.
   *     Provided value: <value>"}
   */
  public static float[] checkPositiveElements(String name, float[] values) {
    requireNonNull(values, name);
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] > 0 && Float.isFinite(values[i]))) {
        throw fail(name + "[" + i + "]", "must be finite and > 0", values[i]);
      }
    }
    return values;
  }

  /**
   * Checks that every element of a double array is finite and {@code >= 0}, naming a bad one
   * {@code name[i]}.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException otherwise: {@code "<name>[<i>] must be finite and >= 0.
   *     Provided value: <value>"}
   */
  public static double[] checkNonNegativeElements(String name, double[] values) {
    requireNonNull(values, name);
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] >= 0 && Double.isFinite(values[i]))) {
        throw fail(name + "[" + i + "]", "must be finite and >= 0", values[i]);
      }
    }
    return values;
  }

  /**
   * Checks that the elements {@code [from, to)} of an index array lie in {@code [0, size)},
   * naming a bad one {@code name[i]}.
   *
   * @param from the first element checked; {@code [from, to)} must lie within the array
   * @param to one past the last element checked
   * @param size the number of valid indices
   * @throws NullPointerException if {@code indices} is null
   * @throws IllegalArgumentException otherwise: {@code "<name>[<i>] must be in [0, <size>).
   *     Provided value: <value>"}
   */
  public static void checkIndexElements(String name, int[] indices, int from, int to, int size) {
    requireNonNull(indices, name);
    for (int i = from; i < to; i++) {
      if (indices[i] < 0 || indices[i] >= size) {
        checkIndex(name + "[" + i + "]", indices[i], size);
      }
    }
  }

  // ---------------------------------------------------------------- sizes

  /**
   * Checks that two arrays that go together have the same length.
   *
   * @throws IllegalArgumentException otherwise: {@code "<nameA> and <nameB> must have equal
   *     lengths. Provided lengths: <lengthA> and <lengthB>"}
   */
  public static void checkSameLength(String nameA, int lengthA, String nameB, int lengthB) {
    if (lengthA != lengthB) {
      throw fail(nameA + " and " + nameB, "must have equal lengths. Provided lengths: " + lengthA + " and " + lengthB);
    }
  }

  /**
   * Checks that an array has the length that something else fixes (e.g. a score buffer sized by
   * the model's number of items).
   *
   * @param name the array
   * @param length its length
   * @param what what fixes the length, e.g. {@code "numItems()"}
   * @param expected the required length
   * @throws IllegalArgumentException otherwise: {@code "<name> must have length <what> =
   *     <expected>. Provided length: <length>"}
   */
  public static void checkLength(String name, int length, String what, int expected) {
    if (length != expected) {
      throw failLength(name, "must have length " + what + " = " + expected, length);
    }
  }

  /**
   * Checks that a collection is not empty.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException if it is empty: {@code "<name> must not be empty"}
   */
  public static <C extends Collection<?>> C checkNotEmpty(String name, C values) {
    requireNonNull(values, name);
    if (values.isEmpty()) {
      throw fail(name, "must not be empty");
    }
    return values;
  }

  /**
   * Checks that an array is not empty.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException if it is empty: {@code "<name> must not be empty"}
   */
  public static int[] checkNotEmpty(String name, int[] values) {
    requireNonNull(values, name);
    if (values.length == 0) {
      throw fail(name, "must not be empty");
    }
    return values;
  }

  /**
   * Checks that an array is not empty.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException if it is empty: {@code "<name> must not be empty"}
   */
  public static long[] checkNotEmpty(String name, long[] values) {
    requireNonNull(values, name);
    if (values.length == 0) {
      throw fail(name, "must not be empty");
    }
    return values;
  }

  /**
   * Checks that an array is not empty.
   *
   * @return {@code values}
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException if it is empty: {@code "<name> must not be empty"}
   */
  public static double[] checkNotEmpty(String name, double[] values) {
    requireNonNull(values, name);
    if (values.length == 0) {
      throw fail(name, "must not be empty");
    }
    return values;
  }

  /**
   * Checks that no element of {@code values} occurs twice, naming the first repetition by
   * positions and quoting the repeated value (for values that are not private, such as attribute
   * names).
   *
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException {@code "<name> must be distinct, but <name>[j] repeats
   *     <name>[i]. Provided value: <value>"}
   */
  public static void checkDistinct(String name, List<?> values) {
    int[] repeat = firstRepeat(requireNonNull(values, name));
    if (repeat != null) {
      throw fail(name, distinctRule(name, repeat[0], repeat[1]), values.get(repeat[1]));
    }
  }

  /**
   * Checks that no element of {@code values} occurs twice, naming the first repetition by
   * positions only (for values that may be private, such as customer ids).
   *
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException {@code "<name> must be distinct, but <name>[j] repeats
   *     <name>[i] (the value is not quoted)"}
   */
  public static void checkDistinctUnquoted(String name, List<?> values) {
    int[] repeat = firstRepeat(requireNonNull(values, name));
    if (repeat != null) {
      throw failRepeated(name, repeat[0], repeat[1]);
    }
  }

  /**
   * The exception of {@link #checkDistinctUnquoted}, for callers that find the repetition
   * themselves (e.g. while indexing): {@code "<name> must be distinct, but <name>[<repeat>] repeats
   * <name>[<first>] (the value is not quoted)"}; the caller throws it.
   *
   * @param first the position of the earlier occurrence
   * @param repeat the position of the repetition
   * @return the exception, not thrown
   */
  public static IllegalArgumentException failRepeated(String name, int first, int repeat) {
    return failUnquoted(name, distinctRule(name, first, repeat));
  }

  // ---------------------------------------------------------------- text

  /**
   * Checks that a text is not empty; white space is accepted.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if it is empty: {@code "<name> must not be empty"}
   */
  public static String checkNotEmpty(String name, String value) {
    requireNonNull(value, name);
    if (value.isEmpty()) {
      throw fail(name, "must not be empty");
    }
    return value;
  }

  /**
   * Checks that a text holds something other than white space, without quoting it.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if it is empty or blank: {@code "<name> must not be empty or
   *     blank. Provided length: <length>"}
   */
  public static String checkNotBlank(String name, String value) {
    requireNonNull(value, name);
    if (value.isBlank()) {
      throw failLength(name, "must not be empty or blank", value.length());
    }
    return value;
  }

  /**
   * Checks that a text is at most {@code max} chars long, without quoting it.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if it is longer: {@code "<name> must be at most <max>
   *     characters long. Provided length: <length>"}
   */
  public static String checkMaxLength(String name, String value, int max) {
    requireNonNull(value, name);
    if (value.length() > max) {
      throw failLength(name, "must be at most " + max + " characters long", value.length());
    }
    return value;
  }

  /**
   * Checks that a text holds no NUL, CR or LF, the characters that would break a line of a
   * delimited or line-based file. Names the first offending character by position and kind, never
   * quoting the text.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException {@code "<name> must not contain NUL, CR or LF characters, but
   *     character <i> is <kind> (the value is not quoted)"}
   */
  public static String checkNoNulCrLf(String name, String value) {
    String problem = nulCrLfProblem(name, requireNonNull(value, name));
    checkArgument(problem == null, problem);
    return value;
  }

  /**
   * The message {@link #checkNoNulCrLf} would throw for {@code value}, or null if it holds no NUL,
   * CR or LF: for callers that report the problem in another form (e.g. as a data error).
   *
   * @param value not null
   */
  public static String nulCrLfProblem(String name, String value) {
    int bad = firstNulCrLf(value);
    if (bad < 0) {
      return null;
    }
    char c = value.charAt(bad);
    return unquoted(name, "must not contain NUL, CR or LF characters, but character " + bad + " is "
        + (c == '\0' ? "NUL" : c == '\r' ? "CR" : "LF"));
  }

  /** Index of the first NUL, CR or LF character of {@code value}, or -1. */
  private static int firstNulCrLf(String value) {
    for (int k = 0, n = value.length(); k < n; k++) {
      char c = value.charAt(k);
      if (c == '\0' || c == '\r' || c == '\n') {
        return k;
      }
    }
    return -1;
  }

  /**
   * Checks a text kept on one line of a store's files (a customer or item id, an attribute name):
   * not empty, at most {@link #MAX_TEXT_LENGTH} chars and without NUL, CR or LF. Never quotes it.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException as {@link #checkId} and {@link #checkMaxLength} do
   */
  public static String checkLineText(String name, String value) {
    checkId(name, value);
    return checkMaxLength(name, value, MAX_TEXT_LENGTH);
  }

  /**
   * Checks an id of an interaction matrix or table: not empty and without NUL, CR or LF (of any
   * length). Never quotes it.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException as {@link #checkNotEmpty(String, String)} and {@link
   *     #checkNoNulCrLf} do
   */
  public static String checkId(String name, String value) {
    checkNotEmpty(name, value);
    return checkNoNulCrLf(name, value);
  }

  /**
   * Checks a free text of the consent register (a customer id, a source, a reason): not blank and
   * at most {@link #MAX_TEXT_LENGTH} chars. Never quotes it.
   *
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException as {@link #checkNotBlank} and {@link #checkMaxLength} do
   */
  public static String checkText(String name, String value) {
    checkNotBlank(name, value);
    return checkMaxLength(name, value, MAX_TEXT_LENGTH);
  }

  /**
   * Checks every element of {@code values} as {@link #checkText} does, naming a bad one by its
   * position ({@code name[i]}), never by its value.
   *
   * @return an immutable copy of the values, in iteration order
   * @throws NullPointerException if {@code values} or an element is null
   * @throws IllegalArgumentException if an element is blank or too long
   */
  public static List<String> checkTexts(String name, Collection<String> values) {
    requireNonNull(values, name);
    List<String> copy = new ArrayList<>(values);
    for (int i = 0; i < copy.size(); i++) {
      checkText(name + "[" + i + "]", copy.get(i));
    }
    return List.copyOf(copy);
  }

  // ---------------------------------------------------------------- helpers

  private static int[] checkElementsAtLeast(String name, int[] values, int min) {
    requireNonNull(values, name);
    for (int i = 0; i < values.length; i++) {
      if (values[i] < min) {
        throw fail(name + "[" + i + "]", "must be >= " + min, values[i]);
      }
    }
    return values;
  }

  private static String unquoted(String name, String rule) {
    return name + " " + rule + " (the value is not quoted)";
  }

  /** Positions {@code {first, repeat}} of the first element equal to an earlier one, or null. */
  private static int[] firstRepeat(List<?> values) {
    Map<Object, Integer> seen = new HashMap<>(values.size() * 2);
    for (int i = 0; i < values.size(); i++) {
      Integer first = seen.putIfAbsent(values.get(i), i);
      if (first != null) {
        return new int[] {first, i};
      }
    }
    return null;
  }

  private static String distinctRule(String name, int first, int repeat) {
    return "must be distinct, but " + name + "[" + repeat + "] repeats " + name + "[" + first + "]";
  }

  private static String format(String template, Object... args) {
    StringBuilder sb = new StringBuilder(template.length() + 16 * args.length);
    int from = 0;
    int used = 0;
    while (used < args.length) {
      int at = template.indexOf("%s", from);
      if (at < 0) {
        break;
      }
      sb.append(template, from, at).append(args[used++]);
      from = at + 2;
    }
    sb.append(template, from, template.length());
    if (used < args.length) {
      sb.append(" [");
      for (int i = used; i < args.length; i++) {
        sb.append(i > used ? ", " : "").append(args[i]);
      }
      sb.append(']');
    }
    return sb.toString();
  }
}
