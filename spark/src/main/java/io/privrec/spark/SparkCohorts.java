package io.privrec.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.privrec.dp.kanon.Cohorts;
import io.privrec.dp.kanon.Hierarchy;
import io.privrec.dp.kanon.Table;
import io.privrec.spark.internal.TextHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * k-anonymous customer cohorts ({@link Cohorts}: strict Mondrian) of a DataFrame of customers, with
 * every customer's cohort as a DataFrame.
 *
 * <h2>Where it runs</h2>
 * <ol>
 *   <li>Executors: the histogram of the customers over the quasi-identifiers (one aggregation: the
 *       distinct combinations with their customer counts).
 *   <li>Driver: the histogram (one row per distinct combination, so its size is bounded by the
 *       product of the attributes' domains, not by the number of customers) and dp's weighted fit
 *       on it ({@link Cohorts#fit(Table, int[], List, Map, int)}), which gives exactly the cohorts
 *       of {@link Cohorts#fit(Table, List, Map, int)} on the customers themselves: same partition
 *       tree, cut points, numbering, descriptions, sizes and written bytes.
 *   <li>Executors: every customer's cohort, through a broadcast join with the histogram's cohort
 *       per combination (customers with equal attributes always share a cohort).
 * </ol>
 *
 * <h2>Values</h2>
 * Attribute values are compared as text (Spark's cast to string; null is the empty, missing
 * value), as in a {@link Table} read from a file: integral, fractional, decimal and date columns
 * are numeric attributes (split into ranges, and must not be null), string columns with a
 * hierarchy are split along it, other columns are categorical; see {@link Cohorts}.
 *
 * <h2>Privacy</h2>
 * Every cohort holds at least {@code k} customers (rows of the DataFrame: give one row per
 * customer; a customer listed twice counts twice). The cohort definitions ({@link
 * Result#cohorts()}: the partition tree and descriptions, {@link Cohorts#writeTo}) are a
 * k-anonymous function of the attributes and may be published, as {@link Cohorts} documents. The
 * histogram, the cohort sizes and the assignment of customers to cohorts are about the customers
 * and stay with the caller; none of it is differentially private. Attribute values are never put in
 * a SQL literal: the histogram travels to the executors as the data of a broadcast relation.
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkCohorts {
  /** Column of the cohort number in {@link Result#assignments()}. */
  public static final String COHORT = "cohort";

  private SparkCohorts() {}

  /**
   * Partitions the customers by attributes without hierarchies.
   *
   * @see #fit(Dataset, String, List, Map, int)
   */
  public static Result fit(Dataset<Row> customers, String customer, List<String> quasiIdentifiers, int k) {
    return fit(customers, customer, quasiIdentifiers, Map.of(), k);
  }

  /**
   * Partitions the customers (one row each) into k-anonymous cohorts by {@code quasiIdentifiers}.
   *
   * @param customers one row per customer
   * @param customer the column identifying a customer, copied into {@link Result#assignments()}
   * @param hierarchies hierarchies of (some of) the string attributes
   * @throws IllegalArgumentException if {@code k < 1}, {@code quasiIdentifiers} is empty, holds null
   *     or a name twice, a hierarchy is given for another attribute, {@code customer} or a
   *     quasi-identifier is not a column, {@code customer} is {@value #COHORT} (all before any Spark
   *     job), or as {@link Cohorts#fit(Table, int[], List, Map, int)} (fewer than {@code k}
   *     customers, a null numeric value, a value missing from its hierarchy)
   * @throws NullPointerException if an argument is null
   */
  public static Result fit(Dataset<Row> customers, String customer, List<String> quasiIdentifiers,
      Map<String, Hierarchy> hierarchies, int k) {
    requireNonNull(customers, "customers");
    requireNonNull(customer, "customer");
    requireNonNull(quasiIdentifiers, "quasiIdentifiers");
    requireNonNull(hierarchies, "hierarchies");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1. Provided value: " + k);
    }
    if (quasiIdentifiers.isEmpty() || quasiIdentifiers.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("quasiIdentifiers must be non-empty without null. Provided value: "
          + quasiIdentifiers);
    }
    if (quasiIdentifiers.stream().distinct().count() != quasiIdentifiers.size()) {
      throw new IllegalArgumentException("quasiIdentifiers must be distinct. Provided value: " + quasiIdentifiers);
    }
    for (String h : hierarchies.keySet()) {
      if (!quasiIdentifiers.contains(h)) {
        throw new IllegalArgumentException("hierarchy given for '" + h + "', which is not a quasi-identifier");
      }
    }
    if (customer.equals(COHORT)) {
      throw new IllegalArgumentException("the customer column must not be named '" + COHORT
          + "', the name of the cohort column of the assignments; rename it");
    }
    TextHistogram.requireColumns(customers, List.of(customer), "the customers");
    TextHistogram histogram = TextHistogram.of(customers, quasiIdentifiers, "customers");
    Table table = histogram.table();
    Cohorts cohorts = Cohorts.fit(table, histogram.weights(), quasiIdentifiers, hierarchies, k);
    List<Object[]> cohortOfRow = new ArrayList<>(table.rowCount());
    for (int r = 0; r < table.rowCount(); r++) {
      cohortOfRow.add(new Object[] {cohorts.cohortOf(r)});
    }
    String assigned = "__privrec_cohort";
    Dataset<Row> assignments = histogram
        .join(new StructType().add(assigned, DataTypes.IntegerType, false), cohortOfRow)
        .select(TextHistogram.quoted(customer).as(customer), col(assigned).as(COHORT));
    return new Result(cohorts, assignments);
  }

  /** The outcome of {@link #fit}: the cohorts and every customer's cohort. Immutable. */
  public static final class Result {
    private final Cohorts cohorts;
    private final Dataset<Row> assignments;

    Result(Cohorts cohorts, Dataset<Row> assignments) {
      this.cohorts = cohorts;
      this.assignments = assignments;
    }

    /**
     * The cohorts, fitted on the driver from the customers' histogram: their definitions and
     * lookups (publishable through {@link Cohorts#writeTo}) and sizes in customers (private). Its
     * row-level accessors ({@link Cohorts#cohortOf(int)}, {@link Cohorts#members(int)}) refer to
     * rows of the histogram (distinct combinations of the quasi-identifiers' texts, sorted), not to
     * customers: use {@link #assignments()} for customers.
     */
    public Cohorts cohorts() {
      return cohorts;
    }

    /**
     * Every customer's cohort (lazy): columns {@code customer} (the customer column as given, its
     * name and type kept) and {@value SparkCohorts#COHORT} (int, in {@code [0,
     * cohorts().count())}), one row per row of the customers DataFrame.
     */
    public Dataset<Row> assignments() {
      return assignments;
    }
  }
}
