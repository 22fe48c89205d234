package io.privrec.dp.kanon;

import static java.util.Objects.requireNonNull;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.kanon.internal.Delimited;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A value generalisation hierarchy for one attribute: every original value (level 0) has exactly
 * one generalised label on each level {@code 1..height()}. This is the row format of ARX's CSV
 * hierarchies: one row per original value, one column per level.
 *
 * <p>Invariants checked on construction: at least one row; all rows have the same number of levels
 * (at least one); original values are distinct; no label is null; and the hierarchy is a tree: a
 * label on level {@code l} has the same label on level {@code l + 1} in every row it appears in.
 * Labels are compared as exact strings, per level (the same text on two levels is allowed).
 *
 * <p>Builders: {@link #readCsv(Path, char)} (ARX format), {@link #intervals(double, double)}
 * (numeric bands grouped into coarser bands), {@link #ordered(List)} (ordered groupings), {@link
 * #masking(Collection)} (postcodes masked from the right), {@link #dates(Collection)} (day → month →
 * year → {@code *}), {@link #tree(Map)} (category trees) and {@link #flat(Collection)}.
 *
 * <p>Thread-safety: immutable.
 */
public final class Hierarchy {
  /** The label of the fully generalised value used by the builders. */
  public static final String TOP = "*";

  private final String[][] rows;
  private final Map<String, Integer> leafIndex;

  private Hierarchy(String[][] rows, String source) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("hierarchy" + source + " must have at least one row");
    }
    int levels = rows[0].length;
    if (levels == 0) {
      throw new IllegalArgumentException("hierarchy" + source + " rows must have at least one level");
    }
    Map<String, Integer> leaves = new HashMap<>();
    List<Map<String, String>> parents = new ArrayList<>();
    for (int l = 0; l + 1 < levels; l++) {
      parents.add(new HashMap<>());
    }
    for (int r = 0; r < rows.length; r++) {
      String[] row = rows[r];
      if (row.length != levels) {
        // Row numbers, not values: hierarchies are often built from a table's values.
        throw new IllegalArgumentException("hierarchy" + source + " rows must all have " + levels
            + " levels; row " + r + " has " + row.length);
      }
      for (String s : row) {
        if (s == null) {
          throw new IllegalArgumentException("hierarchy" + source + " must not contain null labels: row " + r
              + " does");
        }
      }
      Integer earlier = leaves.put(row[0], r);
      if (earlier != null) {
        throw new IllegalArgumentException("hierarchy" + source + " must list each original value once, but row " + r
            + " repeats the value of row " + earlier + " (the value is not quoted)");
      }
      for (int l = 0; l + 1 < levels; l++) {
        String prev = parents.get(l).putIfAbsent(row[l], row[l + 1]);
        if (prev != null && !prev.equals(row[l + 1])) {
          int first = 0;
          while (!rows[first][l].equals(row[l])) {
            first++;
          }
          throw new IllegalArgumentException("hierarchy" + source + " is not a tree: rows " + first + " and " + r
              + " share their level-" + l + " label but generalise it differently on level " + (l + 1)
              + " (labels not quoted)");
        }
      }
    }
    this.rows = rows;
    this.leafIndex = leaves;
  }

  /**
   * A hierarchy from rows (original value first, then one label per level).
   *
   * @throws IllegalArgumentException if the rows violate an invariant (see class doc), naming the
   *     values involved
   */
  public static Hierarchy of(List<? extends List<String>> rows) {
    requireNonNull(rows, "rows");
    String[][] copy = new String[rows.size()][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = requireNonNull(rows.get(i), "rows element").toArray(new String[0]);
    }
    return new Hierarchy(copy, "");
  }

  /**
   * Reads an ARX-format hierarchy file (UTF-8): one line per original value, levels separated by
   * {@code separator}.
   *
   * @throws IllegalArgumentException if the content violates an invariant; the message names the
   *     file and the values
   * @throws IOException if the file cannot be read
   */
  public static Hierarchy readCsv(Path file, char separator) throws IOException {
    requireNonNull(file, "file");
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new Hierarchy(Delimited.parse(r, separator).toArray(new String[0][]), " " + file);
    }
  }

  /**
   * Reads an ARX-format hierarchy from {@code reader} (not closed).
   *
   * @see #readCsv(Path, char)
   */
  public static Hierarchy readCsv(Reader reader, char separator) throws IOException {
    requireNonNull(reader, "reader");
    return new Hierarchy(Delimited.parse(reader, separator).toArray(new String[0][]), "");
  }

  /** Number of generalisation steps: levels are {@code 0..height()}. */
  public int height() {
    return rows[0].length - 1;
  }

  /** The original values (level 0), in row order (unmodifiable). */
  public List<String> values() {
    List<String> out = new ArrayList<>(rows.length);
    for (String[] row : rows) {
      out.add(row[0]);
    }
    return List.copyOf(out);
  }

  /** True if {@code value} is an original value of this hierarchy. */
  public boolean contains(String value) {
    return leafIndex.containsKey(requireNonNull(value, "value"));
  }

  /**
   * The label of {@code value} on {@code level}.
   *
   * @throws IllegalArgumentException if the value is not in the hierarchy or the level is outside
   *     {@code [0, height()]}
   */
  public String generalize(String value, int level) {
    Integer r = leafIndex.get(requireNonNull(value, "value"));
    if (r == null) {
      // A record's value (private): not quoted.
      throw new IllegalArgumentException("value must be an original value of the hierarchy; the given one is not "
          + "(not quoted)");
    }
    DpPreconditions.checkInRange("level", level, 0, height());
    return rows[r][level];
  }

  /** All rows (original value first), as unmodifiable lists. */
  public List<List<String>> rows() {
    List<List<String>> out = new ArrayList<>(rows.length);
    for (String[] row : rows) {
      out.add(List.of(row));
    }
    return List.copyOf(out);
  }

  /** Internal: the row array (not copied; must not be modified). */
  String[][] rowArray() {
    return rows;
  }

  @Override
  public String toString() {
    return "Hierarchy(" + rows.length + " values, height " + height() + ")";
  }

  // ---------------------------------------------------------------------------------------------
  // Builders

  /**
   * A hierarchy that generalises every value straight to {@link #TOP}.
   *
   * @throws IllegalArgumentException if {@code values} is empty or contains null
   */
  public static Hierarchy flat(Collection<String> values) {
    DpPreconditions.checkNonEmptyNoNulls("values", values);
    List<String[]> rows = new ArrayList<>();
    for (String v : new LinkedHashSet<>(values)) {
      rows.add(new String[] {v, TOP});
    }
    return new Hierarchy(rows.toArray(new String[0][]), "");
  }

  /**
   * Masks values from the right, one character per level, with {@code '*'}: {@code 81667 → 8166*
   * → 816** → 81*** → 8**** → *****}. The height is the length of the longest value; a shorter
   * value is fully masked from level {@code length} on. Values of equal length share one root.
   *
   * @throws IllegalArgumentException if {@code values} is empty, contains null or only empty
   *     strings
   */
  public static Hierarchy masking(Collection<String> values) {
    DpPreconditions.checkNonEmptyNoNulls("values", values);
    Set<String> distinct = new LinkedHashSet<>(values);
    int height = 0;
    for (String v : distinct) {
      height = Math.max(height, v.length());
    }
    if (height == 0) {
      throw new IllegalArgumentException("values to mask must not all be empty");
    }
    List<String[]> rows = new ArrayList<>();
    for (String v : distinct) {
      String[] row = new String[height + 1];
      for (int l = 0; l <= height; l++) {
        int keep = Math.max(0, v.length() - l);
        row[l] = v.substring(0, keep) + "*".repeat(v.length() - keep);
      }
      rows.add(row);
    }
    return new Hierarchy(rows.toArray(new String[0][]), "");
  }

  /**
   * Generalises ISO dates ({@code yyyy-MM-dd}) to month ({@code yyyy-MM}), year ({@code yyyy}) and
   * {@link #TOP}.
   *
   * @throws IllegalArgumentException if a value is not an ISO date, naming its position (not the value)
   */
  public static Hierarchy dates(Collection<String> values) {
    DpPreconditions.checkNonEmptyNoNulls("values", values);
    List<String[]> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int position = -1;
    for (String v : values) {
      position++;
      if (!seen.add(v)) {
        continue;
      }
      LocalDate d;
      try {
        d = LocalDate.parse(v.trim());
      } catch (DateTimeParseException e) {
        // Position, not the value, and no cause (its message quotes it): values come from records.
        throw new IllegalArgumentException("dates hierarchy: values must be ISO dates yyyy-MM-dd, but the value at "
            + "position " + position + " (in iteration order) is not (not quoted)");
      }
      String month = d.toString().substring(0, 7);
      rows.add(new String[] {v, month, month.substring(0, 4), TOP});
    }
    return new Hierarchy(rows.toArray(new String[0][]), "");
  }

  /**
   * A category tree given as child → parent links. Original values are the nodes that are nobody's
   * parent. Each original value's path to its root forms its row; a path shorter than the longest
   * is padded by repeating the original value at the lowest levels (as ARX does). If there is more
   * than one root, a common root {@link #TOP} is added.
   *
   * @throws IllegalArgumentException if the links contain a cycle, null, or a self-link
   */
  public static Hierarchy tree(Map<String, String> parentOf) {
    requireNonNull(parentOf, "parentOf");
    if (parentOf.isEmpty()) {
      throw new IllegalArgumentException("parentOf must not be empty");
    }
    Set<String> parents = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : parentOf.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("parentOf must not contain null. Provided entry: " + e);
      }
      if (e.getKey().equals(e.getValue())) {
        throw new IllegalArgumentException("parentOf links '" + e.getKey() + "' to itself");
      }
      parents.add(e.getValue());
    }
    List<List<String>> paths = new ArrayList<>();
    Set<String> roots = new LinkedHashSet<>();
    int height = 0;
    for (String leaf : parentOf.keySet()) {
      if (parents.contains(leaf)) {
        continue;
      }
      List<String> path = new ArrayList<>();
      String node = leaf;
      while (node != null) {
        if (path.contains(node)) {
          throw new IllegalArgumentException("parentOf has a cycle through '" + node + "'");
        }
        path.add(node);
        node = parentOf.get(node);
      }
      roots.add(path.get(path.size() - 1));
      paths.add(path);
      height = Math.max(height, path.size() - 1);
    }
    boolean addTop = roots.size() > 1;
    List<String[]> rows = new ArrayList<>();
    for (List<String> path : paths) {
      int levels = height + 1 + (addTop ? 1 : 0);
      String[] row = new String[levels];
      int pad = height + 1 - path.size();
      int i = 0;
      for (int p = 0; p < pad; p++) {
        row[i++] = path.get(0);
      }
      for (String s : path) {
        row[i++] = s;
      }
      if (addTop) {
        row[i] = TOP;
      }
      rows.add(row);
    }
    return new Hierarchy(rows.toArray(new String[0][]), "");
  }

  /**
   * Starts a numeric interval hierarchy: level 1 puts {@code x} into the band {@code [lower + i *
   * width, lower + (i + 1) * width)} ({@code i} may be negative), each {@link
   * IntervalBuilder#group(int)} adds a level merging that many consecutive bands, and the top level
   * is {@link #TOP}.
   *
   * @throws IllegalArgumentException if {@code lower} is not finite or {@code width} is not finite
   *     and {@code > 0}
   */
  public static IntervalBuilder intervals(double lower, double width) {
    return new IntervalBuilder(lower, width);
  }

  /**
   * Starts an ordered-grouping hierarchy over {@code order} (distinct values, in their natural
   * order): each {@link OrderedBuilder#group(int)} adds a level merging that many consecutive
   * groups of the level below, labelled {@code {first..last}}; the top level is {@link #TOP}.
   *
   * @throws IllegalArgumentException if {@code order} is empty, has null or duplicates
   */
  public static OrderedBuilder ordered(List<String> order) {
    return new OrderedBuilder(order);
  }

  /** Builder of numeric interval hierarchies; see {@link Hierarchy#intervals(double, double)}. */
  public static final class IntervalBuilder {
    private final double lower;
    private final double width;
    private final List<Integer> groups = new ArrayList<>();

    private IntervalBuilder(double lower, double width) {
      this.lower = DpPreconditions.checkFinite("lower", lower);
      this.width = DpPreconditions.checkPositive("width", width);
    }

    /**
     * Adds a level on which {@code size} consecutive bands of the level below form one band.
     *
     * @throws IllegalArgumentException if {@code size < 2}
     */
    public IntervalBuilder group(int size) {
      groups.add(DpPreconditions.checkAtLeast("size", size, 2));
      return this;
    }

    /**
     * Builds the hierarchy for the given original values (numbers as text; duplicates ignored).
     *
     * @throws IllegalArgumentException if a value is not a finite number, naming its position (not the value)
     */
    public Hierarchy build(Collection<String> values) {
      DpPreconditions.checkNonEmptyNoNulls("values", values);
      List<String[]> rows = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      int position = -1;
      for (String v : values) {
        position++;
        if (!seen.add(v)) {
          continue;
        }
        double x;
        try {
          x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
          // Position, not the value, and no cause (its message quotes it): values come from records.
          throw new IllegalArgumentException("intervals hierarchy: values must be numbers, but the value at position "
              + position + " (in iteration order) is not (not quoted)");
        }
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException("intervals hierarchy: values must be finite, but the value at position "
              + position + " (in iteration order) is " + x);
        }
        String[] row = new String[groups.size() + 3];
        row[0] = v;
        long band = (long) Math.floor((x - lower) / width);
        long span = 1;
        row[1] = label(band, span);
        for (int g = 0; g < groups.size(); g++) {
          span *= groups.get(g);
          row[g + 2] = label(Math.floorDiv(band, span) * span, span);
        }
        row[row.length - 1] = TOP;
        rows.add(row);
      }
      return new Hierarchy(rows.toArray(new String[0][]), "");
    }

    private String label(long firstBand, long span) {
      return "[" + format(lower + firstBand * width) + ", " + format(lower + (firstBand + span) * width) + ")";
    }

    private static String format(double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
  }

  /** Builder of ordered-grouping hierarchies; see {@link Hierarchy#ordered(List)}. */
  public static final class OrderedBuilder {
    private final List<String> order;
    private final List<Integer> groups = new ArrayList<>();

    private OrderedBuilder(List<String> order) {
      DpPreconditions.checkNonEmptyNoNulls("order", order);
      if (new LinkedHashSet<>(order).size() != order.size()) {
        throw new IllegalArgumentException("order must not contain duplicates. Provided value: " + order);
      }
      this.order = List.copyOf(order);
    }

    /**
     * Adds a level on which {@code size} consecutive groups of the level below form one group.
     *
     * @throws IllegalArgumentException if {@code size < 2}
     */
    public OrderedBuilder group(int size) {
      groups.add(DpPreconditions.checkAtLeast("size", size, 2));
      return this;
    }

    /** Builds the hierarchy over all values of the order. */
    public Hierarchy build() {
      String[][] rows = new String[order.size()][groups.size() + 2];
      long span = 1;
      for (int i = 0; i < order.size(); i++) {
        rows[i][0] = order.get(i);
        rows[i][groups.size() + 1] = TOP;
      }
      for (int g = 0; g < groups.size(); g++) {
        span *= groups.get(g);
        Map<Long, String> labels = new TreeMap<>();
        for (int i = 0; i < order.size(); i++) {
          long start = i / span * span;
          long end = Math.min(order.size(), start + span) - 1;
          String label = labels.computeIfAbsent(start, s -> start == end
              ? "{" + order.get((int) start) + "}"
              : "{" + order.get((int) start) + ".." + order.get((int) end) + "}");
          rows[i][g + 1] = label;
        }
      }
      return new Hierarchy(rows, "");
    }
  }
}
