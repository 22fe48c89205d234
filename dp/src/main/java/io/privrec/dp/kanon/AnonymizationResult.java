package io.privrec.dp.kanon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of {@link Anonymizer#anonymize(Table)} or {@link Anonymizer#evaluate(Table, int...)}:
 * the anonymised table, which records were suppressed, the chosen transformation, the class-size
 * histogram, every quality measure and the re-identification risk.
 *
 * <p>The anonymised table has the input's rows in input order and all columns except identifying
 * ones; quasi-identifiers hold generalised labels ({@link Hierarchy} labels, or {@code [lo, hi]}
 * ranges for numeric Mondrian attributes), and in suppressed records every quasi-identifier is
 * {@code *}. Sensitive and insensitive columns are unchanged.
 *
 * <p>Thread-safety: immutable.
 */
public final class AnonymizationResult {
  private final Table table;
  private final boolean[] suppressed;
  private final int[] classOfRow;
  private final int[] classSize;
  private final List<String> quasiIdentifiers;
  private final List<Integer> transformation;
  private final QualityMetric metric;
  private final double score;
  private final boolean anonymous;
  private final boolean optimal;
  private final int nodesChecked;
  private final QualityReport quality;
  private final RiskReport risk;

  AnonymizationResult(Table table, boolean[] suppressed, int[] classOfRow, int[] classSize,
      List<String> quasiIdentifiers, List<Integer> transformation, QualityMetric metric, double score,
      boolean anonymous, boolean optimal, int nodesChecked, QualityReport quality, RiskReport risk) {
    this.table = table;
    this.suppressed = suppressed;
    this.classOfRow = classOfRow;
    this.classSize = classSize;
    this.quasiIdentifiers = List.copyOf(quasiIdentifiers);
    this.transformation = transformation == null ? null : List.copyOf(transformation);
    this.metric = metric;
    this.score = score;
    this.anonymous = anonymous;
    this.optimal = optimal;
    this.nodesChecked = nodesChecked;
    this.quality = quality;
    this.risk = risk;
  }

  /** The anonymised table (see class doc). */
  public Table table() {
    return table;
  }

  /** The quasi-identifiers in declaration order. */
  public List<String> quasiIdentifiers() {
    return quasiIdentifiers;
  }

  /**
   * The generalisation level of each quasi-identifier (declaration order) for full-domain
   * generalisation; empty for Mondrian, which recodes each class separately.
   */
  public Optional<List<Integer>> transformation() {
    return Optional.ofNullable(transformation);
  }

  /** Whether record {@code row} (input order) was suppressed. */
  public boolean isSuppressed(int row) {
    checkRow(row);
    return suppressed[row];
  }

  /** The indices of suppressed records, ascending (unmodifiable). */
  public List<Integer> suppressedRows() {
    List<Integer> out = new ArrayList<>();
    for (int r = 0; r < suppressed.length; r++) {
      if (suppressed[r]) {
        out.add(r);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Number of suppressed records. */
  public int suppressedCount() {
    int n = 0;
    for (boolean s : suppressed) {
      if (s) {
        n++;
      }
    }
    return n;
  }

  /**
   * The released equivalence class of record {@code row}, an index in {@code [0, classCount())},
   * or -1 if the record was suppressed.
   */
  public int classOf(int row) {
    checkRow(row);
    return suppressed[row] ? -1 : classOfRow[row];
  }

  /** Number of released (non-suppressed) equivalence classes. */
  public int classCount() {
    return classSize.length;
  }

  /** Size of released class {@code cls}. */
  public int classSize(int cls) {
    if (cls < 0 || cls >= classSize.length) {
      throw new IllegalArgumentException("cls must be in [0, classCount()). Provided value: " + cls);
    }
    return classSize[cls];
  }

  /** Released class sizes → number of classes of that size, ascending by size (unmodifiable). */
  public SortedMap<Integer, Integer> classSizeHistogram() {
    TreeMap<Integer, Integer> h = new TreeMap<>();
    for (int s : classSize) {
      h.merge(s, 1, Integer::sum);
    }
    return Collections.unmodifiableSortedMap(h);
  }

  /** The metric that was optimised (for Mondrian: the one reported as {@link #score()}). */
  public QualityMetric metric() {
    return metric;
  }

  /** The value of {@link #metric()} for this result. */
  public double score() {
    return score;
  }

  /**
   * Whether the result satisfies the privacy models within the suppression limit. Always true for
   * {@link Anonymizer#anonymize}; {@link Anonymizer#evaluate} may return a transformation that
   * does not (its measures then count all violating records as suppressed, as ARX does).
   */
  public boolean anonymous() {
    return anonymous;
  }

  /**
   * Whether the search covered the whole lattice, so that the transformation is optimal; false
   * when a node or time limit stopped it (the best transformation found so far is returned).
   * Always true for {@link Anonymizer#evaluate} and Mondrian.
   */
  public boolean optimal() {
    return optimal;
  }

  /**
   * Number of lattice nodes the search checked (0 for Mondrian); the same for every {@link
   * Anonymizer.Builder#threads thread count}: nodes evaluated ahead by helper threads but never
   * asked for are not counted.
   */
  public int nodesChecked() {
    return nodesChecked;
  }

  /** All quality measures. */
  public QualityReport quality() {
    return quality;
  }

  /** Prosecutor re-identification risk of the released records. */
  public RiskReport risk() {
    return risk;
  }

  private void checkRow(int row) {
    if (row < 0 || row >= suppressed.length) {
      // The number of records is private: not stated.
      throw new IllegalArgumentException("row must be in [0, number of records). Provided value: " + row);
    }
  }

  @Override
  public String toString() {
    return "AnonymizationResult{transformation=" + transformation + ", score=" + score + ", classes="
        + classSize.length + ", suppressed=" + suppressedCount() + ", optimal=" + optimal + "}";
  }
}
