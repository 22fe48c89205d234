package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A generalisation hierarchy for one attribute: for each value, its chain of ever coarser values
 * from the value itself (level 0) up to the fully suppressed value {@value #TOP} (level
 * {@link #levels()}), e.g. postcode → city → region → country → {@code *}. Used to form
 * k-anonymous cohorts: customers whose values generalise to the same value at a level share a
 * cohort at that level.
 *
 * <h2>Kinds</h2>
 * <ul>
 *   <li>{@link #prefixes(int...)}: codes such as zip codes, generalised by keeping a shorter and
 *       shorter prefix and masking every later character with {@code *}. Every value is covered.
 *   <li>{@link #of(Map)}: explicit chains, one per known value, all of the same length. A value
 *       without a chain (an unknown value) generalises to {@code *} at every level {@code >= 1}.
 * </ul>
 *
 * <h2>Levels</h2>
 * Levels run from 0 (the value unchanged) to {@link #levels()} inclusive (always {@code *}); a
 * level outside {@code [0, levels()]} is rejected. Every value has a chain of exactly
 * {@code levels() + 1} entries.
 *
 * <p>Values are compared exactly (case- and whitespace-sensitive); the empty string is a value
 * like any other. Immutable and thread-safe.
 */
public final class AttributeHierarchy {
  /** The fully generalised (suppressed) value, the last entry of every chain. */
  public static final String TOP = "*";

  /** Prefix lengths, strictly decreasing, for {@link #prefixes}; {@code null} for explicit chains. */
  private final int[] prefixLengths;
  /** Explicit chains (value → full chain starting with the value); empty for prefixes. */
  private final Map<String, List<String>> chains;
  /** Explicit chains: each label of a level in {@code [1, levels)} → the chain from that level. */
  private final Map<String, List<String>> labels;
  private final int levels;

  private AttributeHierarchy(int[] prefixLengths, Map<String, List<String>> chains, int levels) {
    this.prefixLengths = prefixLengths;
    this.chains = chains;
    this.levels = levels;
    Map<String, List<String>> l = new HashMap<>();
    for (List<String> chain : chains.values()) {
      for (int level = 1; level < chain.size() - 1; level++) {
        l.putIfAbsent(chain.get(level), chain.subList(level, chain.size()));
      }
    }
    this.labels = l;
  }

  /**
   * A hierarchy of codes generalised by prefix: level {@code i} ({@code 1 <= i <=
   * lengths.length}) keeps the first {@code lengths[i - 1]} characters of the value and replaces
   * each later character by {@code *}, so the value keeps its length; level
   * {@code lengths.length + 1} is {@code *}. For example {@code prefixes(3, 1)} has 3 levels and
   * maps {@code 55105} → {@code 551**} → {@code 5****} → {@code *}.
   *
   * <p>Every character counts the same: letters, digits and others are masked alike, so a
   * non-numeric code such as the Canadian {@code T8H1N} maps to {@code T8H**} → {@code T****} →
   * {@code *} (it can never share a cohort with a numeric code below the top level). A value not
   * longer than a prefix is kept unchanged at that level ({@code 551} → {@code 551} → {@code 5**}
   * → {@code *}; the empty string stays empty until {@code *}); values of different lengths thus
   * never meet below the top level. Characters are Unicode code points (a surrogate pair is never
   * split).
   *
   * @param lengths prefix lengths, each {@code >= 1}, strictly decreasing (finest level first);
   *     may be empty, giving one level (every value → {@code *})
   * @return the hierarchy, with {@code lengths.length + 1} levels
   * @throws IllegalArgumentException if a length is {@code < 1} or the lengths do not strictly
   *     decrease, naming the position and value
   */
  public static AttributeHierarchy prefixes(int... lengths) {
    requireNonNull(lengths, "lengths");
    int[] copy = CorePreconditions.checkPositiveElements("lengths", lengths.clone());
    for (int i = 1; i < copy.length; i++) {
      CorePreconditions.checkArgument(copy[i] < copy[i - 1],
          "lengths must strictly decrease (finest level first), but lengths[%s] = %s is not < lengths[%s] = %s", i,
          copy[i], i - 1, copy[i - 1]);
    }
    return new AttributeHierarchy(copy, Map.of(), copy.length + 1);
  }

  /**
   * A hierarchy of explicit chains. Each entry maps a value to its full chain: the value itself
   * first, then its generalisations from finest to coarsest, ending with {@code *}, e.g.
   * {@code "Leith" → [Leith, Edinburgh, Scotland, UK, *]}.
   *
   * <p>Rules: at least one chain; every chain has the same length, at least 2 (a value and
   * {@code *}), so every value has the same height; a chain starts with its key, ends with
   * {@code *} and holds no {@code *} before its end; no entry is null or holds NUL, CR or LF; and
   * the chains form a tree: two chains that agree at a level {@code >= 1} agree at every higher
   * level. A value absent from the map is unknown and generalises to {@code *} at every level
   * {@code >= 1}.
   *
   * @param chains value → full chain; copied, iteration order irrelevant
   * @return the hierarchy, with {@code chainLength - 1} levels
   * @throws IllegalArgumentException naming the chain position and rule when a rule is broken
   */
  public static AttributeHierarchy of(Map<String, List<String>> chains) {
    requireNonNull(chains, "chains");
    CorePreconditions.checkArgument(!chains.isEmpty(),
        "chains must not be empty (use prefixes() for a hierarchy of codes)");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    int length = -1;
    // Parent of each generalised value at each level, to check the chains form a tree.
    List<Map<String, String>> parents = new ArrayList<>();
    int position = 0;
    for (Map.Entry<String, List<String>> e : chains.entrySet()) {
      String value = e.getKey();
      List<String> chain = e.getValue();
      String where = "chain " + position + " (in the map's iteration order)";
      CorePreconditions.checkArgument(value != null, "%s: the value (map key) must not be null", where);
      CorePreconditions.checkArgument(chain != null, "%s: the chain must not be null", where);
      if (length < 0) {
        length = chain.size();
        CorePreconditions.checkArgument(length >= 2,
            "%s: a chain needs at least the value and '*', so at least 2 entries. Provided length: %s", where, length);
        for (int level = 0; level < length; level++) {
          parents.add(new HashMap<>());
        }
      } else {
        CorePreconditions.checkArgument(chain.size() == length, "%s: every chain must have the same length (%s, the"
            + " length of chain 0), so every value has the same height. Provided length: %s", where, length,
            chain.size());
      }
      for (int level = 0; level < length; level++) {
        String g = chain.get(level);
        String entry = where + ", level " + level;
        CorePreconditions.checkArgument(g != null, "%s: entry must not be null", entry);
        CorePreconditions.checkNoNulCrLf(entry + ": entry", g);
        if (level < length - 1) {
          CorePreconditions.checkArgument(!TOP.equals(g), "%s: '*' may only be the last entry of a chain", entry);
        } else if (!TOP.equals(g)) {
          throw CorePreconditions.fail(entry + ": a chain", "must end with '*'", "'" + g + "'");
        }
      }
      CorePreconditions.checkArgument(chain.get(0).equals(value),
          "%s, level 0: a chain must start with its value (the map key)", where);
      for (int level = 1; level < length - 1; level++) {
        String parent = chain.get(level + 1);
        String earlier = parents.get(level).putIfAbsent(chain.get(level), parent);
        CorePreconditions.checkArgument(earlier == null || earlier.equals(parent), "%s, level %s: '%s' generalises to"
            + " '%s' at level %s but to '%s' in an earlier chain (the chains must form a tree)", where, level,
            chain.get(level), parent, level + 1, earlier);
      }
      copy.put(value, List.copyOf(chain));
      position++;
    }
    return new AttributeHierarchy(null, Collections.unmodifiableMap(copy), length - 1);
  }

  /** The number of generalisation levels above the value: level {@code levels()} is always {@code *}; {@code >= 1}. */
  public int levels() {
    return levels;
  }

  /**
   * Whether {@code value} has a chain of its own: always true for {@link #prefixes}; for
   * {@link #of} true only for the map's keys.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public boolean covers(String value) {
    requireNonNull(value, "value");
    return prefixLengths != null || chains.containsKey(value);
  }

  /**
   * The generalisation of {@code value} at {@code level}: the value itself at level 0, {@code *}
   * at level {@link #levels()}. An unknown value (not {@link #covers covered}) is returned
   * unchanged at level 0 and as {@code *} at every level {@code >= 1}.
   *
   * @param value the value, not null
   * @param level in {@code [0, levels()]}
   * @throws IllegalArgumentException if {@code level} is out of range
   * @throws NullPointerException if {@code value} is null
   */
  public String generalise(String value, int level) {
    requireNonNull(value, "value");
    CorePreconditions.checkInRange("level", level, 0, levels);
    if (level == 0) {
      return value;
    }
    if (level == levels) {
      return TOP;
    }
    if (prefixLengths != null) {
      return mask(value, prefixLengths[level - 1]);
    }
    List<String> chain = chains.get(value);
    return chain == null ? TOP : chain.get(level);
  }

  /**
   * The full chain of {@code value}: {@code levels() + 1} entries, the value first and {@code *}
   * last ({@code [value, *, ..., *]} for an unknown value). Immutable.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public List<String> chain(String value) {
    requireNonNull(value, "value");
    List<String> known = prefixLengths == null ? chains.get(value) : null;
    if (known != null) {
      return known;
    }
    String[] out = new String[levels + 1];
    for (int level = 0; level <= levels; level++) {
      out[level] = generalise(value, level);
    }
    return List.of(out);
  }

  /**
   * The chain of a value or of a coarser label, from its own level up to {@code *}: for a value
   * of level 0, its {@link #chain}; for a label of a higher level, the rest of the chain from that
   * level (e.g. {@code [North-West, North, *]} for a region in a postcode → district → region →
   * macro-region → {@code *} hierarchy; for {@link #prefixes} a masked code such as {@code 551**}
   * is the label of the level that keeps its unmasked prefix). A text that is both a value and a
   * label is taken as the value. Empty for {@code *}, for a blank text and, with explicit chains,
   * for a text that is neither a value nor a label.
   *
   * @throws NullPointerException if {@code valueOrLabel} is null
   */
  public Optional<List<String>> chainFrom(String valueOrLabel) {
    requireNonNull(valueOrLabel, "valueOrLabel");
    if (TOP.equals(valueOrLabel) || valueOrLabel.isBlank()) {
      return Optional.empty();
    }
    if (prefixLengths == null) {
      List<String> known = chains.get(valueOrLabel);
      return Optional.ofNullable(known != null ? known : labels.get(valueOrLabel));
    }
    List<String> full = chain(valueOrLabel);
    int level = 0;
    if (valueOrLabel.indexOf('*') >= 0) {
      for (int l = 1; l < levels; l++) {
        if (full.get(l).equals(valueOrLabel)) {
          level = l; // the coarsest level at which masking leaves the text unchanged
        }
      }
    }
    return Optional.of(full.subList(level, full.size()));
  }

  private static String mask(String value, int keep) {
    int codePoints = value.codePointCount(0, value.length());
    if (codePoints <= keep) {
      return value;
    }
    int cut = value.offsetByCodePoints(0, keep);
    return value.substring(0, cut) + "*".repeat(codePoints - keep);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AttributeHierarchy)) {
      return false;
    }
    AttributeHierarchy other = (AttributeHierarchy) o;
    return Arrays.equals(prefixLengths, other.prefixLengths) && chains.equals(other.chains);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(prefixLengths) + chains.hashCode();
  }

  @Override
  public String toString() {
    return prefixLengths != null ? "AttributeHierarchy{prefixes " + Arrays.toString(prefixLengths) + "}"
        : "AttributeHierarchy{" + chains.size() + " explicit chains, " + levels + " levels}";
  }
}
