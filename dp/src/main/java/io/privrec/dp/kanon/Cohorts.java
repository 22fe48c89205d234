package io.privrec.dp.kanon;

import static io.privrec.dp.kanon.internal.Checks.notNull;

import io.privrec.dp.kanon.internal.Checks;
import io.privrec.dp.kanon.internal.Column;
import io.privrec.dp.kanon.internal.Encoded;
import io.privrec.dp.kanon.internal.Mondrian;
import io.privrec.dp.kanon.internal.Privacy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customer cohorts for "popular with customers like you": a partition of the customers into groups
 * of at least {@code k} by their quasi-identifiers (strict Mondrian, LeFevre et al. 2006), so that
 * a segment statistic never singles anyone out, plus membership lookup for a new customer.
 *
 * <p>Attributes: integer, decimal and date columns are split by value into ranges; string columns
 * with a {@link Hierarchy} are split along the hierarchy's subtrees; string columns without one are
 * categorical: unordered, split into two disjoint, non-empty sets of categories (never into ranges
 * of text). The categorical split rule: of all divisions of the cohort's categories into two
 * non-empty sets with at least {@code k} customers each, take the most balanced (the smallest
 * difference between the two sides' customer counts; among equally balanced ones, the smaller left
 * side first, and the set is chosen deterministically from the categories ordered by count, largest
 * first, ties by {@link String#compareTo}). A cohort that no attribute can split that way stays
 * whole.
 *
 * <p><b>Descriptions</b> ({@link #describe(int)}): a numeric attribute is its value, or {@code [min,
 * max]} (both inclusive); a hierarchical attribute is the hierarchy label; a categorical attribute
 * is the single category, {@code *} when the cohort holds every category of the training column,
 * and otherwise the set of the cohort's categories as {@code {a, b}} (sorted by {@link
 * String#compareTo}, separated by {@code ", "}; the category texts are not escaped). A categorical
 * description lists exactly the categories held by the cohort's members.
 *
 * <p><b>Lookup of new customers</b> ({@link #cohortOf(Map)}) follows the partition tree: a numeric
 * value below the training minimum or above the training maximum joins the cohort at that end of
 * the range (cut points are closed on the left branch: {@code value <= cut} goes left); a training
 * category follows the side whose set contains it, so a customer whose categories and numbers all
 * occur in one cohort's description joins that cohort; a category unseen in training, or absent
 * from a region being split, follows the side with more training customers; a hierarchy value whose
 * subtree had no training customers in a region joins the region's largest sub-cohort. A string
 * value missing from its hierarchy, a missing attribute or a value of the wrong type is an error.
 *
 * <p>Determinism: the same table (same row order), attributes, hierarchies and {@code k} give the
 * same cohorts, numbering and descriptions.
 *
 * <p>Guarantee: each cohort of the training table has at least {@code k} members (k-anonymity of
 * the cohort assignment); cohort sizes and aggregates are not differentially private.
 *
 * <p>Thread-safety: immutable after {@link #fit}; lookups may run concurrently.
 */
public final class Cohorts {
  private final List<String> quasiIdentifiers;
  private final List<ColumnType> types;
  private final Mondrian.Outcome outcome;
  private final List<Map<String, String>> descriptions;

  private Cohorts(List<String> quasiIdentifiers, List<ColumnType> types, Mondrian.Outcome outcome) {
    this.quasiIdentifiers = List.copyOf(quasiIdentifiers);
    this.types = List.copyOf(types);
    this.outcome = outcome;
    List<Map<String, String>> d = new ArrayList<>();
    for (int c = 0; c < outcome.classSize.length; c++) {
      d.add(null);
    }
    for (int row = 0; row < outcome.classOfRow.length; row++) {
      int c = outcome.classOfRow[row];
      if (d.get(c) == null) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int q = 0; q < quasiIdentifiers.size(); q++) {
          labels.put(quasiIdentifiers.get(q), outcome.labels[q].text(row));
        }
        d.set(c, Collections.unmodifiableMap(labels));
      }
    }
    this.descriptions = List.copyOf(d);
  }

  /**
   * Partitions the customers of {@code table} by the given attributes (none with a hierarchy).
   *
   * @see #fit(Table, List, Map, int)
   */
  public static Cohorts fit(Table table, List<String> quasiIdentifiers, int k) {
    return fit(table, quasiIdentifiers, Map.of(), k);
  }

  /**
   * Partitions the customers of {@code table} into cohorts of at least {@code k}.
   *
   * @param hierarchies hierarchies of (some of) the string attributes
   * @throws IllegalArgumentException if {@code k < 1}, the table has fewer than {@code k} rows, an
   *     attribute is unknown, listed twice or has a missing numeric value, or a value is missing
   *     from its hierarchy
   */
  public static Cohorts fit(Table table, List<String> quasiIdentifiers, Map<String, Hierarchy> hierarchies, int k) {
    notNull(table, "table");
    Checks.nonEmptyNoNulls(quasiIdentifiers, "quasiIdentifiers");
    notNull(hierarchies, "hierarchies");
    Checks.atLeast(k, 1, "k");
    if (quasiIdentifiers.stream().distinct().count() != quasiIdentifiers.size()) {
      throw new IllegalArgumentException("quasiIdentifiers must be distinct. Provided value: " + quasiIdentifiers);
    }
    for (String h : hierarchies.keySet()) {
      if (!quasiIdentifiers.contains(h)) {
        throw new IllegalArgumentException("hierarchy given for '" + h + "', which is not a quasi-identifier");
      }
    }
    if (table.rowCount() < k) {
      // The row count is private: not stated.
      throw new IllegalArgumentException("table must have at least k = " + k + " rows");
    }
    Mondrian.Attribute[] attributes = new Mondrian.Attribute[quasiIdentifiers.size()];
    List<ColumnType> types = new ArrayList<>();
    for (int q = 0; q < attributes.length; q++) {
      String name = quasiIdentifiers.get(q);
      int col = table.columnIndex(name);
      ColumnType type = table.type(col);
      Hierarchy h = hierarchies.get(name);
      if (h != null) {
        attributes[q] = Mondrian.Attribute.hierarchical(name, table.columnData(col), h.rowArray());
        type = ColumnType.STRING;
      } else if (type.isNumeric()) {
        double[] v = new double[table.rowCount()];
        for (int r = 0; r < v.length; r++) {
          if (table.text(r, col).isEmpty()) {
            throw new IllegalArgumentException("attribute '" + name + "' has a missing value in row " + r);
          }
          v[r] = table.number(r, col);
        }
        attributes[q] = Mondrian.Attribute.numeric(name, v, type == ColumnType.DATE);
      } else {
        attributes[q] = Mondrian.Attribute.categorical(name, table.columnData(col));
      }
      types.add(type);
    }
    Encoded none = new Encoded(new String[0], new Column[0], new String[0][][], new Column[0], List.of());
    Mondrian.Outcome outcome = Mondrian.partition(attributes, none, new Privacy(k, List.of(), 0), false);
    return new Cohorts(quasiIdentifiers, types, outcome);
  }

  /** The attributes cohorts are defined on, in order. */
  public List<String> quasiIdentifiers() {
    return quasiIdentifiers;
  }

  /** Number of cohorts (at least 1). */
  public int count() {
    return outcome.classSize.length;
  }

  /** Number of training customers in cohort {@code cohort} (at least k). */
  public int size(int cohort) {
    return outcome.classSize[checkCohort(cohort)];
  }

  /** The cohort of training row {@code row}. */
  public int cohortOf(int row) {
    if (row < 0 || row >= outcome.classOfRow.length) {
      throw new IllegalArgumentException("row must be in [0, number of training rows). Provided value: " + row);
    }
    return outcome.classOfRow[row];
  }

  /** Training rows of cohort {@code cohort}, ascending. */
  public List<Integer> members(int cohort) {
    checkCohort(cohort);
    List<Integer> out = new ArrayList<>();
    for (int r = 0; r < outcome.classOfRow.length; r++) {
      if (outcome.classOfRow[r] == cohort) {
        out.add(r);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The cohort's generalised description: attribute → label (value, {@code [min, max]} range,
   * hierarchy label, category, {@code {a, b}} set of categories or {@code *}); see the class doc.
   */
  public Map<String, String> describe(int cohort) {
    return descriptions.get(checkCohort(cohort));
  }

  /**
   * The cohort of a customer with the given attributes (extra entries are ignored). Numeric
   * attributes accept {@link Number}s or numeric strings, date attributes {@link LocalDate}s or ISO
   * strings, other attributes strings. See the class doc for values outside the training data.
   *
   * @throws IllegalArgumentException if an attribute is missing or null, of the wrong type, or a
   *     string missing from its hierarchy
   */
  public int cohortOf(Map<String, ?> attributes) {
    notNull(attributes, "attributes");
    Object[] values = new Object[quasiIdentifiers.size()];
    for (int q = 0; q < values.length; q++) {
      String name = quasiIdentifiers.get(q);
      Object v = attributes.get(name);
      if (v == null) {
        throw new IllegalArgumentException("attributes must contain a non-null '" + name + "'");
      }
      values[q] = convert(name, types.get(q), v);
    }
    return outcome.classOf(values);
  }

  private static Object convert(String name, ColumnType type, Object v) {
    try {
      switch (type) {
        case INTEGER:
        case DECIMAL: {
          double d = v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(v.toString().trim());
          if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("attribute '" + name + "' must be finite. Provided value: " + v);
          }
          return d;
        }
        case DATE:
          return (double) (v instanceof LocalDate ? (LocalDate) v : LocalDate.parse(v.toString().trim())).toEpochDay();
        default:
          return v.toString();
      }
    } catch (RuntimeException e) {
      // Rethrow only our own finiteness message: a parser's message quotes the value.
      if (e instanceof IllegalArgumentException && e.getCause() == null && !(e instanceof NumberFormatException)
          && e.getMessage() != null && e.getMessage().startsWith("attribute '" + name + "'")) {
        throw e;
      }
      // Neither the value nor the parser's message (which quotes it): a record's attribute is private.
      throw new IllegalArgumentException("attribute '" + name + "' must be a " + type + " value"
          + (type == ColumnType.DATE ? " (yyyy-MM-dd)" : "") + "; the given value is not one (not quoted)");
    }
  }

  private int checkCohort(int cohort) {
    if (cohort < 0 || cohort >= count()) {
      throw new IllegalArgumentException("cohort must be in [0, count()). Provided value: " + cohort);
    }
    return cohort;
  }

  @Override
  public String toString() {
    return "Cohorts(" + count() + " cohorts over " + quasiIdentifiers + ")";
  }
}
