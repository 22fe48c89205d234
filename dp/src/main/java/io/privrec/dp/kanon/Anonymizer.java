package io.privrec.dp.kanon;

import static java.util.Objects.requireNonNull;

import io.privrec.dp.kanon.internal.Cells;
import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.kanon.internal.Column;
import io.privrec.dp.kanon.internal.Criteria;
import io.privrec.dp.kanon.internal.Criterion;
import io.privrec.dp.kanon.internal.Encoded;
import io.privrec.dp.kanon.internal.Measures;
import io.privrec.dp.kanon.internal.Mondrian;
import io.privrec.dp.kanon.internal.OptimalSearch;
import io.privrec.dp.kanon.internal.Partition;
import io.privrec.dp.kanon.internal.Privacy;
import io.privrec.dp.kanon.internal.Weights;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anonymises a {@link Table} so that every released equivalence class (records with equal
 * quasi-identifiers after recoding) satisfies k-anonymity and, if configured, ℓ-diversity and
 * t-closeness of sensitive attributes. Two algorithms ({@link AnonymizationAlgorithm}):
 *
 * <ul>
 *   <li>optimal full-domain generalisation with record suppression, which finds the same optimum as
 *       ARX under the same {@link QualityMetric} (ties: lower score, then fewer generalisation steps,
 *       then the lexicographically smaller level vector);
 *   <li>Mondrian multidimensional partitioning (strict or relaxed).
 * </ul>
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * Anonymizer anonymizer = Anonymizer.builder()
 *     .quasiIdentifier("age", ageHierarchy)
 *     .quasiIdentifier("zip", Hierarchy.masking(table.column("zip")))
 *     .sensitive("diagnosis")
 *     .k(5)
 *     .suppressionLimit(0.04)
 *     .metric(QualityMetric.loss())
 *     .build();
 * AnonymizationResult result = anonymizer.anonymize(table);
 * }</pre>
 *
 * <h2>Roles</h2>
 *
 * Identifying columns are removed from the output; quasi-identifiers are recoded; sensitive
 * columns are kept and checked by ℓ-diversity / t-closeness; every other column is insensitive and
 * kept as is.
 *
 * <h2>Suppression</h2>
 *
 * As in ARX, a transformation is acceptable if the records in classes that violate a privacy model
 * number at most {@code floor(suppressionLimit × N)}; those records are suppressed.
 *
 * <p>k-anonymity is a syntactic guarantee, not differential privacy: it bounds the prosecutor
 * re-identification risk of released records by {@code 1/k} (Sweeney 2002), and offers no
 * guarantee against attackers with other background knowledge.
 *
 * <p>Thread-safety: immutable; {@link #anonymize} may be called concurrently. The optimal search
 * of one call evaluates lattice nodes on up to {@link Builder#threads} threads; its result does not
 * depend on the thread count.
 */
public final class Anonymizer {
  private final Map<String, Hierarchy> quasiIdentifiers;
  private final Set<String> identifying;
  private final Set<String> sensitive;
  private final int k;
  private final Map<String, List<LDiversity>> diversity;
  private final Map<String, List<TCloseness>> closeness;
  private final double suppressionLimit;
  private final QualityMetric metric;
  private final AnonymizationAlgorithm algorithm;
  private final int maxNodes;
  private final Duration timeLimit;
  private final int threads;
  private final double riskThreshold;

  private Anonymizer(Builder b) {
    this.quasiIdentifiers = new LinkedHashMap<>(b.quasiIdentifiers);
    this.identifying = new LinkedHashSet<>(b.identifying);
    this.sensitive = new LinkedHashSet<>(b.sensitive);
    this.k = b.k;
    this.diversity = copy(b.diversity);
    this.closeness = copy(b.closeness);
    this.suppressionLimit = b.suppressionLimit;
    this.metric = b.metric;
    this.algorithm = b.algorithm;
    this.maxNodes = b.maxNodes;
    this.timeLimit = b.timeLimit;
    this.threads = b.threads;
    this.riskThreshold = b.riskThreshold;
  }

  private static <T> Map<String, List<T>> copy(Map<String, List<T>> m) {
    Map<String, List<T>> out = new LinkedHashMap<>();
    m.forEach((key, v) -> out.put(key, List.copyOf(v)));
    return out;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Anonymises {@code table} with the configured algorithm.
   *
   * @throws IllegalArgumentException if a configured column is missing from the table, a value is
   *     missing from its hierarchy (naming attribute and values), a Mondrian quasi-identifier is
   *     neither numeric nor has a hierarchy, the table is empty, or no transformation satisfies the
   *     privacy models
   */
  public AnonymizationResult anonymize(Table table) {
    requireNonNull(table, "table");
    checkColumns(table);
    if (algorithm != AnonymizationAlgorithm.OPTIMAL) {
      return anonymizeMondrian(table);
    }
    return optimal(table, setup(table, null));
  }

  /**
   * Anonymises a weighted table with optimal full-domain generalisation: row {@code r} stands for
   * {@code weights[r]} identical records, e.g. a histogram of the records' {@link
   * #histogramAttributes()} computed elsewhere (on a cluster). The search, its optimum, score,
   * quality report and risk report are those of {@link #anonymize(Table)} on the table with every
   * row repeated {@code weights[r]} times (to floating-point rounding in the scores, whose sums
   * follow the order of the rows); class sizes count records. The result's table, suppression and
   * classes are per row of {@code table}: a suppressed row stands for all its records. The table
   * needs the histogram attributes only; identifying and other columns, if present, are removed
   * and kept as by {@link #anonymize(Table)}.
   *
   * @throws IllegalArgumentException as {@link #anonymize(Table)}, if the algorithm is not {@link
   *     AnonymizationAlgorithm#OPTIMAL}, if {@code weights} does not hold one value {@code >= 1}
   *     per row, or if the weights sum to more than {@code Integer.MAX_VALUE}
   */
  public AnonymizationResult anonymize(Table table, int[] weights) {
    java.util.Objects.requireNonNull(table, "table");
    java.util.Objects.requireNonNull(weights, "weights");
    if (table.rowCount() == 0) {
      throw new IllegalArgumentException("table must have at least one record");
    }
    for (String c : histogramAttributes()) {
      table.columnIndex(c);
    }
    if (algorithm != AnonymizationAlgorithm.OPTIMAL) {
      throw new IllegalArgumentException("weighted tables need the optimal algorithm. Configured: " + algorithm);
    }
    Weights.total(weights, table.rowCount());
    return optimal(table, setup(table, weights));
  }

  /**
   * The attributes the optimal search reads, whose histogram is a sufficient input for {@link
   * #anonymize(Table, int[])}: the quasi-identifiers in declaration order, then the sensitive
   * attributes with an ℓ-diversity or t-closeness model.
   */
  public List<String> histogramAttributes() {
    List<String> out = new ArrayList<>(quasiIdentifiers.keySet());
    out.addAll(modelledAttributes());
    return List.copyOf(out);
  }

  /** The identifying attributes, which anonymisation removes. */
  public Set<String> identifyingAttributes() {
    return Collections.unmodifiableSet(identifying);
  }

  private AnonymizationResult optimal(Table table, Setup s) {
    long deadline = System.nanoTime() + Math.min(timeLimit.toNanos(), Long.MAX_VALUE / 4);
    int searchThreads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    OptimalSearch search = new OptimalSearch(s.encoded, s.privacy, s.measures, metric.kind(),
        metric.gsFactor(), maxNodes, deadline, searchThreads);
    OptimalSearch.Outcome outcome = search.run();
    if (outcome.best == null) {
      throw new IllegalArgumentException("no transformation satisfies the privacy models on this table, "
          + "not even full generalisation of every quasi-identifier (" + describeModels() + ")");
    }
    return result(table, s, outcome.best, outcome.complete, outcome.checks);
  }

  /**
   * Applies one full-domain transformation (a level per quasi-identifier, in declaration order) and
   * reports its classes and measures. If more records violate the privacy models than the
   * suppression limit allows, the result is not {@link AnonymizationResult#anonymous()}, no
   * record is suppressed in its table, and its measures count the violating records as
   * suppressed (as ARX does for every transformation).
   *
   * @throws IllegalArgumentException if the number of levels differs from the number of
   *     quasi-identifiers, a level is outside {@code [0, height]}, or as {@link #anonymize}
   */
  public AnonymizationResult evaluate(Table table, int... levels) {
    requireNonNull(table, "table");
    requireNonNull(levels, "levels");
    checkColumns(table);
    if (levels.length != quasiIdentifiers.size()) {
      throw new IllegalArgumentException("levels must have one entry per quasi-identifier ("
          + quasiIdentifiers.size() + "). Provided: " + Arrays.toString(levels));
    }
    int q = 0;
    for (Map.Entry<String, Hierarchy> e : quasiIdentifiers.entrySet()) {
      Hierarchy h = requireHierarchy(e.getKey(), e.getValue());
      DpPreconditions.checkInRange("level of '" + e.getKey() + "'", levels[q], 0, h.height());
      q++;
    }
    Setup s = setup(table, null);
    Cells cells = s.encoded.cellsAt(levels);
    Partition p = s.privacy.partition(s.encoded, cells, levels);
    return result(table, s, p, true, 1);
  }

  // ---------------------------------------------------------------------------------------------

  private static final class Setup {
    Encoded encoded;
    Privacy privacy;
    Measures measures;
    List<String> qiNames;
  }

  private void checkColumns(Table table) {
    if (table.rowCount() == 0) {
      throw new IllegalArgumentException("table must have at least one record");
    }
    for (String c : quasiIdentifiers.keySet()) {
      table.columnIndex(c);
    }
    for (String c : identifying) {
      table.columnIndex(c);
    }
    for (String c : sensitive) {
      table.columnIndex(c);
    }
  }

  private static Hierarchy requireHierarchy(String attribute, Hierarchy h) {
    if (h == null) {
      throw new IllegalArgumentException("quasi-identifier '" + attribute
          + "' has no hierarchy; optimal generalisation needs one for every quasi-identifier");
    }
    return h;
  }

  /** The encoded table and privacy models; {@code weights} as in {@link #anonymize(Table, int[])} or null. */
  private Setup setup(Table table, int[] weights) {
    List<String> qiNames = new ArrayList<>(quasiIdentifiers.keySet());
    int d = qiNames.size();
    Column[] qiData = new Column[d];
    String[][][] hierarchies = new String[d][][];
    for (int q = 0; q < d; q++) {
      String name = qiNames.get(q);
      qiData[q] = table.columnData(table.columnIndex(name));
      hierarchies[q] = requireHierarchy(name, quasiIdentifiers.get(name)).rowArray();
    }
    List<String> modelled = modelledAttributes();
    Column[] sensData = new Column[modelled.size()];
    List<Comparator<String>> orders = new ArrayList<>();
    for (int j = 0; j < modelled.size(); j++) {
      String name = modelled.get(j);
      int col = table.columnIndex(name);
      sensData[j] = table.columnData(col);
      orders.add(order(name, table.type(col)));
    }
    Encoded encoded = new Encoded(qiNames.toArray(new String[0]), qiData, hierarchies, sensData, orders, weights);
    List<Criterion> criteria = criteria(encoded, modelled);
    int maxOutliers = (int) Math.floor(suppressionLimit * encoded.records);
    Setup s = new Setup();
    s.encoded = encoded;
    s.privacy = new Privacy(k, criteria, maxOutliers);
    s.measures = new Measures(encoded);
    s.qiNames = qiNames;
    return s;
  }

  private List<String> modelledAttributes() {
    Set<String> names = new LinkedHashSet<>();
    names.addAll(diversity.keySet());
    names.addAll(closeness.keySet());
    return new ArrayList<>(names);
  }

  private Comparator<String> order(String attribute, ColumnType type) {
    for (TCloseness t : closeness.getOrDefault(attribute, List.of())) {
      if (t.order().isPresent()) {
        List<String> order = t.order().get();
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
          rank.put(order.get(i), i);
        }
        return Comparator.comparingInt(v -> {
          Integer r = rank.get(v);
          if (r == null) {
            // The record value is private: not quoted.
            throw new IllegalArgumentException("sensitive attribute '" + attribute + "' holds a value that is "
                + "missing from the t-closeness order (every value must be listed; the value is not quoted)");
          }
          return r;
        });
      }
    }
    return valueOrder(type);
  }

  /** Natural order of cell texts of a column type (numeric for numbers and dates). */
  static Comparator<String> valueOrder(ColumnType type) {
    switch (type) {
      case INTEGER:
      case DECIMAL:
        return Comparator.comparingDouble((String v) -> v.isEmpty() ? Double.NEGATIVE_INFINITY
            : Double.parseDouble(v.trim())).thenComparing(Comparator.naturalOrder());
      case DATE:
        return Comparator.comparing((String v) -> v.isEmpty() ? LocalDate.MIN : LocalDate.parse(v.trim()))
            .thenComparing(Comparator.naturalOrder());
      default:
        return Comparator.naturalOrder();
    }
  }

  private List<Criterion> criteria(Encoded e, List<String> modelled) {
    List<Criterion> out = new ArrayList<>();
    for (int j = 0; j < modelled.size(); j++) {
      String name = modelled.get(j);
      for (LDiversity l : diversity.getOrDefault(name, List.of())) {
        switch (l.variant()) {
          case DISTINCT:
            out.add(Criteria.distinctL(j, (int) l.l()));
            break;
          case ENTROPY:
            out.add(Criteria.entropyL(j, l.l()));
            break;
          default:
            out.add(Criteria.recursiveCl(j, l.c(), (int) l.l()));
        }
      }
      double[] global = globalDistribution(e, j);
      for (TCloseness t : closeness.getOrDefault(name, List.of())) {
        switch (t.distance()) {
          case EQUAL:
            out.add(Criteria.equalDistanceT(j, t.t(), global));
            break;
          case ORDERED:
            out.add(Criteria.orderedDistanceT(j, t.t(), global));
            break;
          default:
            out.add(hierarchical(e, j, name, t, global));
        }
      }
    }
    return out;
  }

  private static double[] globalDistribution(Encoded e, int j) {
    double[] g = new double[e.sensitiveSize(j)];
    for (int r = 0; r < e.rows; r++) {
      g[e.rowSensitive[j][r]] += e.weight(r);
    }
    for (int i = 0; i < g.length; i++) {
      g[i] /= e.records;
    }
    return g;
  }

  private static Criterion hierarchical(Encoded e, int j, String name, TCloseness t, double[] global) {
    Hierarchy h = t.hierarchy().orElseThrow();
    String[] values = e.sensitiveLabels[j];
    boolean[] missing = new boolean[values.length];
    boolean anyMissing = false;
    for (int v = 0; v < values.length; v++) {
      missing[v] = !h.contains(values[v]);
      anyMissing |= missing[v];
    }
    if (anyMissing) {
      // Rows, not values: record values are private.
      throw new IllegalArgumentException("sensitive attribute '" + name + "': every value must be in its "
          + "t-closeness hierarchy, but " + DpPreconditions.describeRows(e.rowSensitive[j], missing, 10)
          + " hold values missing from it (values not quoted)");
    }
    int height = h.height();
    int[] levelSizes = new int[height + 1];
    int[][] parent = new int[height][];
    levelSizes[0] = values.length;
    int[] current = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      current[i] = i;
    }
    for (int level = 1; level <= height; level++) {
      Map<String, Integer> ids = new HashMap<>();
      int[] next = new int[values.length];
      int[] up = new int[levelSizes[level - 1]];
      for (int i = 0; i < values.length; i++) {
        String label = h.generalize(values[i], level);
        Integer id = ids.computeIfAbsent(label, x -> ids.size());
        next[i] = id;
        up[current[i]] = id;
      }
      parent[level - 1] = up;
      levelSizes[level] = ids.size();
      current = next;
    }
    return Criteria.hierarchicalDistanceT(j, t.t(), global, parent, levelSizes);
  }

  private String describeModels() {
    StringBuilder sb = new StringBuilder("k=").append(k);
    diversity.forEach((a, l) -> sb.append(", ").append(a).append(": ").append(l));
    closeness.forEach((a, t) -> sb.append(", ").append(a).append(": ").append(t));
    return sb.append(", suppression limit ").append(suppressionLimit).toString();
  }

  private AnonymizationResult result(Table table, Setup s, Partition p, boolean complete, int checks) {
    Encoded e = s.encoded;
    int n = table.rowCount();
    int d = e.dims;
    // Map each record to its class through its base cell.
    int[] classOfCell = e.classOfBaseCells(p);
    int[] classOfRow = new int[n];
    boolean[] suppressed = new boolean[n];
    for (int r = 0; r < n; r++) {
      int c = classOfCell[e.cellOfRow[r]];
      classOfRow[r] = c;
      suppressed[r] = p.anonymous && p.outlier[c];
    }
    // Renumber released classes densely.
    int[] released = new int[p.classes];
    List<Integer> sizes = new ArrayList<>();
    for (int c = 0; c < p.classes; c++) {
      if (p.anonymous && p.outlier[c]) {
        released[c] = -1;
      } else {
        released[c] = sizes.size();
        sizes.add(p.size[c]);
      }
    }
    for (int r = 0; r < n; r++) {
      classOfRow[r] = released[classOfRow[r]];
    }
    Column[] qiOut = new Column[d];
    for (int q = 0; q < d; q++) {
      String[] labels = e.labels[q][p.levels[q]];
      String[] dictionary = Arrays.copyOf(labels, labels.length + 1);
      dictionary[labels.length] = Hierarchy.TOP; // suppressed
      int[] code = e.code[q][p.levels[q]];
      int[] leaf = e.rowLeaf[q];
      int[] codes = new int[n];
      for (int r = 0; r < n; r++) {
        codes[r] = suppressed[r] ? labels.length : code[leaf[r]];
      }
      qiOut[q] = new Column(dictionary, codes);
    }
    Table out = outputTable(table, s.qiNames, qiOut);
    Measures m = s.measures;
    double gs = metric.gsFactor();
    QualityReport quality = new QualityReport(m.discernibility(p), m.discernibilityStar(p), m.aecs(p, 0.5),
        m.precision(p, 0.5), m.loss(p, 0.5), m.nonUniformEntropy(p, 0.5), m.certaintyPenalty(p));
    double score = m.score(metric.kind(), gs, p);
    int[] classSize = sizes.stream().mapToInt(Integer::intValue).toArray();
    List<Integer> transformation = new ArrayList<>();
    for (int l : p.levels) {
      transformation.add(l);
    }
    return new AnonymizationResult(out, suppressed, classOfRow, classSize, s.qiNames, transformation,
        metric, score, p.anonymous, complete, checks, quality, risk(classSize, e.records, riskThreshold));
  }

  private Table outputTable(Table table, List<String> qiNames, Column[] qiOut) {
    List<String> names = new ArrayList<>();
    List<ColumnType> types = new ArrayList<>();
    List<Column> cols = new ArrayList<>();
    for (int c = 0; c < table.columnCount(); c++) {
      String name = table.columnNames().get(c);
      if (identifying.contains(name)) {
        continue;
      }
      names.add(name);
      int q = qiNames.indexOf(name);
      if (q >= 0) {
        types.add(ColumnType.STRING);
        cols.add(qiOut[q]);
      } else {
        types.add(table.type(c));
        cols.add(table.columnData(c));
      }
    }
    return Table.wrap(names, types.toArray(new ColumnType[0]), cols.toArray(new Column[0]));
  }

  /** Prosecutor risk of the released classes; see {@link RiskReport}. */
  static RiskReport risk(int[] classSize, int records, double threshold) {
    int smallest = Integer.MAX_VALUE;
    long releasedRecords = 0;
    long atRisk = 0;
    long uniques = 0;
    for (int s : classSize) {
      smallest = Math.min(smallest, s);
      releasedRecords += s;
      if (1.0 / s > threshold) {
        atRisk += s;
      }
      if (s == 1) {
        uniques++;
      }
    }
    double highest = classSize.length == 0 ? 0 : 1.0 / smallest;
    double average = releasedRecords == 0 ? 0 : (double) classSize.length / releasedRecords;
    return new RiskReport(highest, average, (double) atRisk / records, (double) uniques / records, threshold);
  }

  private AnonymizationResult anonymizeMondrian(Table table) {
    List<String> qiNames = new ArrayList<>(quasiIdentifiers.keySet());
    int d = qiNames.size();
    Mondrian.Attribute[] attributes = new Mondrian.Attribute[d];
    for (int q = 0; q < d; q++) {
      String name = qiNames.get(q);
      int col = table.columnIndex(name);
      Hierarchy h = quasiIdentifiers.get(name);
      if (h != null) {
        attributes[q] = Mondrian.Attribute.hierarchical(name, table.columnData(col), h.rowArray());
      } else if (table.type(col).isNumeric()) {
        double[] values = new double[table.rowCount()];
        for (int r = 0; r < values.length; r++) {
          if (table.text(r, col).isEmpty()) {
            throw new IllegalArgumentException("numeric quasi-identifier '" + name + "' has a missing value in row "
                + r + "; give it a hierarchy that contains the empty value, or clean the data");
          }
          values[r] = table.number(r, col);
        }
        attributes[q] = Mondrian.Attribute.numeric(name, values, table.type(col) == ColumnType.DATE);
      } else {
        throw new IllegalArgumentException("Mondrian quasi-identifier '" + name
            + "' is a STRING column without a hierarchy; give it a hierarchy");
      }
    }
    List<String> modelled = modelledAttributes();
    Column[] sensData = new Column[modelled.size()];
    List<Comparator<String>> orders = new ArrayList<>();
    for (int j = 0; j < modelled.size(); j++) {
      int col = table.columnIndex(modelled.get(j));
      sensData[j] = table.columnData(col);
      orders.add(order(modelled.get(j), table.type(col)));
    }
    // Encode the sensitive attributes only (no quasi-identifier needs a hierarchy here).
    Encoded sens = new Encoded(new String[0], new Column[0], new String[0][][], sensData, orders);
    List<Criterion> criteria = criteria(sens, modelled);
    Mondrian.Outcome m = Mondrian.partition(attributes, sens, new Privacy(k, criteria, 0),
        algorithm == AnonymizationAlgorithm.MONDRIAN_RELAXED);
    int n = table.rowCount();
    Table out = outputTable(table, qiNames, m.labels);
    boolean[] suppressed = new boolean[n];
    double score;
    switch (metric.kind()) {
      case DISCERNIBILITY:
        score = m.discernibility;
        break;
      case DISCERNIBILITY_STAR:
        score = m.discernibility;
        break;
      case AECS:
        score = m.averageClassSize;
        break;
      case LOSS:
        score = m.loss;
        break;
      default:
        score = Double.NaN;
    }
    QualityReport quality = new QualityReport(m.discernibility, m.discernibility, m.averageClassSize,
        Double.NaN, m.loss, Double.NaN, m.certaintyPenalty);
    return new AnonymizationResult(out, suppressed, m.classOfRow, m.classSize, qiNames, null, metric,
        score, true, true, 0, quality, risk(m.classSize, n, riskThreshold));
  }

  /**
   * Configures an {@link Anonymizer}. Not thread-safe; {@link #build()} validates and may be
   * called repeatedly.
   */
  public static final class Builder {
    private final Map<String, Hierarchy> quasiIdentifiers = new LinkedHashMap<>();
    private final Set<String> identifying = new LinkedHashSet<>();
    private final Set<String> sensitive = new LinkedHashSet<>();
    private int k = 0;
    private final Map<String, List<LDiversity>> diversity = new LinkedHashMap<>();
    private final Map<String, List<TCloseness>> closeness = new LinkedHashMap<>();
    private double suppressionLimit = 0;
    private QualityMetric metric = QualityMetric.loss();
    private AnonymizationAlgorithm algorithm = AnonymizationAlgorithm.OPTIMAL;
    private int maxNodes = Integer.MAX_VALUE;
    private Duration timeLimit = Duration.ofDays(365);
    private int threads = 0; // the available processors at each search
    private double riskThreshold = 0.2;

    private Builder() {}

    /**
     * Declares a quasi-identifier with its generalisation hierarchy (declaration order is the
     * order of transformation levels).
     *
     * @throws IllegalArgumentException if the attribute already has a role
     */
    public Builder quasiIdentifier(String attribute, Hierarchy hierarchy) {
      requireNonNull(hierarchy, "hierarchy");
      claim(attribute);
      quasiIdentifiers.put(attribute, hierarchy);
      return this;
    }

    /**
     * Declares a numeric (integer, decimal or date) quasi-identifier without hierarchy; usable by
     * Mondrian only, which splits it by value.
     *
     * @throws IllegalArgumentException if the attribute already has a role
     */
    public Builder quasiIdentifier(String attribute) {
      claim(attribute);
      quasiIdentifiers.put(attribute, null);
      return this;
    }

    /**
     * Declares a directly identifying attribute, removed from the output.
     *
     * @throws IllegalArgumentException if the attribute already has a role
     */
    public Builder identifying(String attribute) {
      claim(attribute);
      identifying.add(attribute);
      return this;
    }

    /**
     * Declares a sensitive attribute (kept in the output; may carry ℓ-diversity / t-closeness).
     *
     * @throws IllegalArgumentException if the attribute already has another role
     */
    public Builder sensitive(String attribute) {
      if (!sensitive.contains(requireNonNull(attribute, "attribute"))) {
        claim(attribute);
        sensitive.add(attribute);
      }
      return this;
    }

    private void claim(String attribute) {
      requireNonNull(attribute, "attribute");
      if (quasiIdentifiers.containsKey(attribute) || identifying.contains(attribute) || sensitive.contains(attribute)) {
        throw new IllegalArgumentException("attribute '" + attribute + "' already has a role");
      }
    }

    /**
     * Requires every released class to have at least {@code k} records.
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public Builder k(int k) {
      this.k = DpPreconditions.checkAtLeast("k", k, 1);
      return this;
    }

    /** Adds an ℓ-diversity requirement on a sensitive attribute (declared sensitive if not yet). */
    public Builder lDiversity(String attribute, LDiversity model) {
      requireNonNull(model, "model");
      sensitive(attribute);
      diversity.computeIfAbsent(attribute, a -> new ArrayList<>()).add(model);
      return this;
    }

    /** Adds a t-closeness requirement on a sensitive attribute (declared sensitive if not yet). */
    public Builder tCloseness(String attribute, TCloseness model) {
      requireNonNull(model, "model");
      sensitive(attribute);
      closeness.computeIfAbsent(attribute, a -> new ArrayList<>()).add(model);
      return this;
    }

    /**
     * Fraction of records that may be suppressed instead of generalised (default 0). Ignored by
     * Mondrian, which never suppresses.
     *
     * @throws IllegalArgumentException if not in [0, 1] (NaN included)
     */
    public Builder suppressionLimit(double fraction) {
      this.suppressionLimit = DpPreconditions.checkInRange("suppressionLimit", fraction, 0, 1);
      return this;
    }

    /** The measure to minimise (default {@link QualityMetric#loss()}). */
    public Builder metric(QualityMetric metric) {
      this.metric = requireNonNull(metric, "metric");
      return this;
    }

    /** The algorithm (default {@link AnonymizationAlgorithm#OPTIMAL}). */
    public Builder algorithm(AnonymizationAlgorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Stops the optimal search after evaluating this many lattice nodes and returns the best
     * transformation found so far (default: no limit).
     *
     * @throws IllegalArgumentException if {@code maxNodes < 1}
     */
    public Builder maxNodes(int maxNodes) {
      this.maxNodes = DpPreconditions.checkAtLeast("maxNodes", maxNodes, 1);
      return this;
    }

    /**
     * Stops the optimal search after this time and returns the best transformation found so far
     * (default: no limit).
     *
     * @throws IllegalArgumentException if the duration is not positive
     */
    public Builder timeLimit(Duration timeLimit) {
      requireNonNull(timeLimit, "timeLimit");
      if (timeLimit.isNegative() || timeLimit.isZero()) {
        throw new IllegalArgumentException("timeLimit must be > 0. Provided value: " + timeLimit);
      }
      this.timeLimit = timeLimit;
      return this;
    }

    /**
     * Threads evaluating lattice nodes in the optimal search: the calling thread and {@code
     * threads - 1} daemon helpers started for each {@link Anonymizer#anonymize} call and stopped
     * when it returns (default: {@link Runtime#availableProcessors()} at each call). Helpers
     * evaluate ahead the nodes the search is predicted to check next; the search applies every
     * evaluation in the one-thread order, so the result (transformation, classes, suppressed
     * records, score and {@link AnonymizationResult#nodesChecked()}) is the same for every thread
     * count. Evaluations made ahead but never used cost CPU time and are not counted. Mondrian and
     * {@link Anonymizer#evaluate} run on the calling thread whatever this setting.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Builder threads(int threads) {
      this.threads = DpPreconditions.checkAtLeast("threads", threads, 1);
      return this;
    }

    /**
     * Risk above which a record counts as at risk in {@link RiskReport#recordsAtRisk()} (default
     * 0.2, i.e. classes smaller than 5).
     *
     * @throws IllegalArgumentException if not in (0, 1]
     */
    public Builder riskThreshold(double threshold) {
      this.riskThreshold = DpPreconditions.checkInRangeExcludingLower("riskThreshold", threshold, 0, 1);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if there is no quasi-identifier or no privacy model, or a
     *     sensitive attribute has no model and ℓ/t were requested for none
     */
    public Anonymizer build() {
      if (quasiIdentifiers.isEmpty()) {
        throw new IllegalArgumentException("at least one quasi-identifier is required");
      }
      if (k == 0 && diversity.isEmpty() && closeness.isEmpty()) {
        throw new IllegalArgumentException("no privacy model: set k, ℓ-diversity or t-closeness");
      }
      Builder copy = new Builder();
      copy.quasiIdentifiers.putAll(quasiIdentifiers);
      copy.identifying.addAll(identifying);
      copy.sensitive.addAll(sensitive);
      copy.k = Math.max(1, k);
      copy.diversity.putAll(diversity);
      copy.closeness.putAll(closeness);
      copy.suppressionLimit = suppressionLimit;
      copy.metric = metric;
      copy.algorithm = algorithm;
      copy.maxNodes = maxNodes;
      copy.timeLimit = timeLimit;
      copy.threads = threads;
      copy.riskThreshold = riskThreshold;
      return new Anonymizer(copy);
    }
  }
}
