package io.privrec.dp.kanon;

import static java.util.Objects.requireNonNull;

import io.privrec.dp.internal.DpPreconditions;
import io.privrec.dp.kanon.internal.Column;
import io.privrec.dp.kanon.internal.Encoded;
import io.privrec.dp.kanon.internal.Mondrian;
import io.privrec.dp.kanon.internal.Privacy;
import io.privrec.dp.kanon.internal.Weights;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

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
 * <p><b>Partial lookup</b> ({@link #cohortsOf(Map)}) serves visitors of whom only some attributes
 * are known: it returns every cohort consistent with what is known, and {@link #describe(int[])}
 * describes such a set of cohorts.
 *
 * <p>Determinism: the same table (same row order), attributes, hierarchies and {@code k} give the
 * same cohorts, numbering and descriptions.
 *
 * <p><b>Weighted fit</b> ({@link #fit(Table, int[], List, Map, int)}): the table may be a histogram,
 * one row per distinct combination of the attributes with the number of customers holding it (as
 * computed on a cluster). Every count of the partitioning (medians, categorical subset sums, the
 * k rule, the side with more customers) is in customers, so the cohorts (partition tree, cut
 * points, numbering, descriptions, sizes and the written bytes) are exactly those of {@link
 * #fit(Table, List, Map, int)} on the table with every row repeated by its count, in any row order.
 * Customers with equal attributes always share a cohort, so {@link #cohortOf(int)} of a histogram
 * row is the cohort of every customer it counts. The row-level accessors ({@link #cohortOf(int)},
 * {@link #members(int)}) then refer to histogram rows, and {@link #size(int)} counts customers.
 *
 * <p>Guarantee: each cohort of the training table has at least {@code k} members (k-anonymity of
 * the cohort assignment); cohort sizes and aggregates are not differentially private.
 *
 * <p><b>Saving</b> ({@link #writeTo}, {@link #readFrom}): the cohort definitions are a k-anonymous
 * function of the attributes and may be published. The written form holds only what lookups and
 * descriptions need: the attribute names and types, the hierarchies as given to {@link #fit} (all
 * their rows; a hierarchy built from the training values therefore publishes those values), the
 * partition tree and each cohort's description. It holds no training row, no row → cohort
 * assignment and no cohort size. A restored instance answers {@link #quasiIdentifiers()}, {@link
 * #count()}, {@link #cohortOf(Map)}, {@link #cohortsOf(Map)}, {@link #describe(int)} and {@link
 * #describe(int[])} exactly as the saved one (for any input, including values unseen in training);
 * {@link #size(int)}, {@link #members(int)} and {@link #cohortOf(int)} throw {@link
 * IllegalStateException} on it.
 *
 * <p>Format, version 1 (big-endian, as {@link java.io.DataOutputStream} writes; a text is an
 * {@code int} byte length then that many bytes of UTF-8; an {@code int} count {@code n} is followed
 * by {@code n} items):
 *
 * <ol>
 *   <li>magic: the 8 ASCII bytes {@code PRCOHORT}; {@code int} version {@code 1};
 *   <li>{@code int} attribute count; per attribute: text name, text {@link ColumnType} name, byte
 *       {@code 1} if it has a hierarchy (then {@code int} levels, {@code int} rows, and row by row
 *       the level texts, original value first) else {@code 0};
 *   <li>per categorical attribute (a string attribute without hierarchy), in attribute order:
 *       {@code int} number of categories in the training column;
 *   <li>{@code int} cohort count; {@code int} node count; the partition tree's nodes in
 *       breadth-first order, root first, children referring to later nodes by index: byte kind
 *       then {@code 0} leaf: {@code int} cohort; {@code 1} numeric split: {@code int} attribute,
 *       {@code double} cut ({@code value <= cut} goes left), {@code int} left, {@code int} right;
 *       {@code 2} categorical split: {@code int} attribute, the category texts going left, the
 *       category texts going right, byte side of every other category ({@code 1} left, {@code 2}
 *       right), {@code int} left, {@code int} right; {@code 3} hierarchical split: {@code int}
 *       attribute, {@code int} level of the children's labels, count of children and per child its
 *       label text and {@code int} node, {@code int} position of the child taking values whose
 *       subtree has no child;
 *   <li>per cohort, per attribute: numeric, {@code double} minimum and maximum; categorical, the
 *       count ({@code -1} for every category, {@code *}) and texts (ascending) of its categories;
 *       hierarchical, {@code int} level ({@code height + 1} for {@code *}) and, below that, the
 *       label text;
 *   <li>{@code int} CRC-32 of every preceding byte, magic included.
 * </ol>
 *
 * <p>Thread-safety: immutable after {@link #fit} or {@link #readFrom}; every method may run
 * concurrently.
 */
public final class Cohorts {
  private static final byte[] MAGIC = "PRCOHORT".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final String NOT_KEPT = " is not available on cohorts read from a file: training rows and sizes "
      + "are not kept";

  private final List<String> quasiIdentifiers;
  private final List<ColumnType> types;
  private final Hierarchy[] hierarchies; // by attribute, null without one
  private final Mondrian.Tree tree;
  private final Mondrian.Outcome outcome; // null when read from a file
  private final List<Map<String, String>> descriptions;

  private Cohorts(List<String> quasiIdentifiers, List<ColumnType> types, Hierarchy[] hierarchies, Mondrian.Tree tree,
      Mondrian.Outcome outcome) {
    this.quasiIdentifiers = List.copyOf(quasiIdentifiers);
    this.types = List.copyOf(types);
    this.hierarchies = hierarchies;
    this.tree = tree;
    this.outcome = outcome;
    List<Map<String, String>> d = new ArrayList<>();
    for (int c = 0; c < tree.classes(); c++) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (int q = 0; q < quasiIdentifiers.size(); q++) {
        labels.put(quasiIdentifiers.get(q), tree.label(c, q));
      }
      d.add(Collections.unmodifiableMap(labels));
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
    requireNonNull(table, "table");
    return fitRows(table, null, quasiIdentifiers, hierarchies, k);
  }

  /**
   * Partitions the customers counted by a weighted table into cohorts of at least {@code k}
   * customers: row {@code r} stands for {@code weights[r]} customers with its attribute values,
   * typically one row per distinct combination of the quasi-identifiers with its customer count
   * (a histogram computed elsewhere, on a cluster). The result equals {@link #fit(Table, List, Map,
   * int)} on the table with every row repeated {@code weights[r]} times (same partition tree, cut
   * points, numbering, descriptions, sizes in customers, and bytes written by {@link #writeTo}),
   * whatever the order of the rows; see the class doc. {@link #cohortOf(int)} and {@link
   * #members(int)} refer to rows of {@code table}. Columns other than the quasi-identifiers are
   * ignored; rows need not be distinct. {@code weights} is copied.
   *
   * @param weights customers per row, each {@code >= 1}, summing to at most {@code
   *     Integer.MAX_VALUE}
   * @param hierarchies hierarchies of (some of) the string attributes
   * @throws IllegalArgumentException if {@code weights} does not hold one value {@code >= 1} per
   *     row or sums to more than {@code Integer.MAX_VALUE}, if the weights sum to less than {@code
   *     k}, or as {@link #fit(Table, List, Map, int)} for the other arguments (a missing numeric
   *     value is reported by histogram row)
   */
  public static Cohorts fit(Table table, int[] weights, List<String> quasiIdentifiers,
      Map<String, Hierarchy> hierarchies, int k) {
    requireNonNull(table, "table");
    requireNonNull(weights, "weights");
    return fitRows(table, weights.clone(), quasiIdentifiers, hierarchies, k);
  }

  /** Both forms of {@link #fit}; {@code weights} (owned, not yet checked) null for one customer per row. */
  private static Cohorts fitRows(Table table, int[] weights, List<String> quasiIdentifiers,
      Map<String, Hierarchy> hierarchies, int k) {
    DpPreconditions.checkNonEmptyNoNulls("quasiIdentifiers", quasiIdentifiers);
    requireNonNull(hierarchies, "hierarchies");
    DpPreconditions.checkAtLeast("k", k, 1);
    if (quasiIdentifiers.stream().distinct().count() != quasiIdentifiers.size()) {
      throw new IllegalArgumentException("quasiIdentifiers must be distinct. Provided value: " + quasiIdentifiers);
    }
    for (String h : hierarchies.keySet()) {
      if (!quasiIdentifiers.contains(h)) {
        throw new IllegalArgumentException("hierarchy given for '" + h + "', which is not a quasi-identifier");
      }
    }
    int customers = weights == null ? table.rowCount() : Weights.total(weights, table.rowCount());
    if (customers < k) {
      // The row count is private: not stated.
      throw new IllegalArgumentException(weights == null ? "table must have at least k = " + k + " rows"
          : "weights must sum to at least k = " + k + " customers");
    }
    Mondrian.Attribute[] attributes = new Mondrian.Attribute[quasiIdentifiers.size()];
    Hierarchy[] used = new Hierarchy[attributes.length];
    List<ColumnType> types = new ArrayList<>();
    for (int q = 0; q < attributes.length; q++) {
      String name = quasiIdentifiers.get(q);
      int col = table.columnIndex(name);
      ColumnType type = table.type(col);
      Hierarchy h = hierarchies.get(name);
      if (h != null) {
        attributes[q] = Mondrian.Attribute.hierarchical(name, table.columnData(col), h.rowArray());
        used[q] = h;
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
    Mondrian.Outcome outcome = Mondrian.partition(attributes, weights, none, new Privacy(k, List.of(), 0), false);
    return new Cohorts(quasiIdentifiers, types, used, outcome.tree, outcome);
  }

  /** The attributes cohorts are defined on, in order (unmodifiable). */
  public List<String> quasiIdentifiers() {
    return quasiIdentifiers;
  }

  /** Number of cohorts (at least 1); cohorts are numbered {@code 0..count() - 1}. */
  public int count() {
    return tree.classes();
  }

  /**
   * Number of training customers in cohort {@code cohort} (at least k); for a weighted fit, the sum
   * of its rows' weights.
   *
   * @throws IllegalArgumentException if {@code cohort} is outside {@code [0, count())}
   * @throws IllegalStateException on cohorts read by {@link #readFrom}: sizes are not saved
   */
  public int size(int cohort) {
    requireTraining("size(int)");
    return outcome.classSize[checkCohort(cohort)];
  }

  /**
   * The cohort of training row {@code row} (for a weighted fit, a row of the weighted table: the
   * cohort of every customer the row counts).
   *
   * @throws IllegalArgumentException if {@code row} is outside {@code [0, number of training rows)}
   * @throws IllegalStateException on cohorts read by {@link #readFrom}: training rows are not saved
   */
  public int cohortOf(int row) {
    requireTraining("cohortOf(int)");
    if (row < 0 || row >= outcome.classOfRow.length) {
      throw new IllegalArgumentException("row must be in [0, number of training rows). Provided value: " + row);
    }
    return outcome.classOfRow[row];
  }

  /**
   * Training rows of cohort {@code cohort}, ascending (unmodifiable); for a weighted fit, rows of
   * the weighted table.
   *
   * @throws IllegalArgumentException if {@code cohort} is outside {@code [0, count())}
   * @throws IllegalStateException on cohorts read by {@link #readFrom}: training rows are not saved
   */
  public List<Integer> members(int cohort) {
    requireTraining("members(int)");
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
   * Every quasi-identifier is present, in order (unmodifiable map).
   *
   * @throws IllegalArgumentException if {@code cohort} is outside {@code [0, count())}
   */
  public Map<String, String> describe(int cohort) {
    return descriptions.get(checkCohort(cohort));
  }

  /**
   * The common description of a set of cohorts (for instance the result of {@link #cohortsOf}):
   * for each quasi-identifier, in order, the label all given cohorts share, or else the label
   * covering all of theirs: numeric, {@code [min, max]} over their ranges; categorical, the union
   * of their categories, labelled like a cohort's (the single category, {@code *} for every
   * category of the training column, else {@code {a, b, ...}}); hierarchical, the lowest
   * hierarchy label at or above each cohort's label, or {@code *} if only the top of the
   * hierarchy covers them. An attribute whose combined label is {@code *} is present with value
   * {@code *}. {@code describe(new int[] {c})} equals {@link #describe(int) describe(c)};
   * duplicates and order are irrelevant.
   *
   * @return an unmodifiable map, attributes in {@link #quasiIdentifiers()} order
   * @throws IllegalArgumentException if {@code cohorts} is empty or holds an index outside {@code
   *     [0, count())}
   */
  public Map<String, String> describe(int[] cohorts) {
    requireNonNull(cohorts, "cohorts");
    if (cohorts.length == 0) {
      throw new IllegalArgumentException("cohorts must not be empty");
    }
    int[] copy = cohorts.clone();
    for (int c : copy) {
      checkCohort(c);
    }
    if (Arrays.stream(copy).distinct().count() == 1) {
      return describe(copy[0]);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int q = 0; q < quasiIdentifiers.size(); q++) {
      labels.put(quasiIdentifiers.get(q), tree.label(copy, q));
    }
    return Collections.unmodifiableMap(labels);
  }

  /**
   * The cohort of a customer with the given attributes (extra entries are ignored). Numeric
   * attributes accept {@link Number}s or numeric strings, date attributes {@link LocalDate}s or ISO
   * strings, other attributes strings. See the class doc for values outside the training data.
   *
   * @throws IllegalArgumentException if an attribute is missing or null, of the wrong type, not
   *     finite (NaN, infinite), or a string missing from its hierarchy (the value is never quoted)
   */
  public int cohortOf(Map<String, ?> attributes) {
    requireNonNull(attributes, "attributes");
    Object[] values = new Object[quasiIdentifiers.size()];
    for (int q = 0; q < values.length; q++) {
      String name = quasiIdentifiers.get(q);
      Object v = attributes.get(name);
      if (v == null) {
        throw new IllegalArgumentException("attributes must contain a non-null '" + name + "'");
      }
      values[q] = convert(name, types.get(q), v);
    }
    return tree.classOf(values);
  }

  /**
   * The cohorts a visitor may belong to when only some attributes are known, ascending and
   * distinct (never empty).
   *
   * <p>An attribute is known when {@code attributes} maps it to a value that {@link
   * #cohortOf(Map)} accepts; it is unknown when it is absent, null, or a value {@link
   * #cohortOf(Map)} would reject (an unparsable or non-finite number, NaN included, an invalid
   * date, a string missing from the attribute's hierarchy). For an attribute with a hierarchy the
   * value may also be a coarser label of the hierarchy (e.g. a country where cohorts split cities;
   * the finest level that has the text is taken) or a {@link List} chain: a value or label first,
   * then its coarser labels up to {@code *}, so that the chain's length gives its level; the
   * finest entry the hierarchy knows is taken (so a new postcode still counts by its known
   * district). A split on the attribute finer than the known label is followed into every child
   * under the label. Extra entries are ignored. The
   * partition tree is walked from the root: a split on a known attribute is followed by exactly
   * the rule of {@link #cohortOf(Map)} (values outside the training range, unseen categories and
   * the like included); a split on an unknown attribute is followed into all of its children and
   * the results are united. So with every attribute known the result is {@code {cohortOf(attributes)}},
   * and an empty map gives every cohort.
   *
   * <p>The union of the returned cohorts is the smallest set of cohorts consistent with the known
   * attributes under the lookup rule: any customer agreeing with them, whatever the unknown
   * attributes, would be placed by {@link #cohortOf(Map)} in one of the returned cohorts, and each
   * returned cohort is the placement of some such customer. Every returned cohort has at least
   * {@code k} training members, so their union does too. Values are never quoted in exceptions.
   *
   * @throws NullPointerException if {@code attributes} is null
   */
  public int[] cohortsOf(Map<String, ?> attributes) {
    requireNonNull(attributes, "attributes");
    Object[] values = new Object[quasiIdentifiers.size()];
    for (int q = 0; q < values.length; q++) {
      String name = quasiIdentifiers.get(q);
      Object v = attributes.get(name);
      if (v == null) {
        continue;
      }
      if (hierarchies[q] != null) {
        values[q] = v instanceof List<?> chain ? tree.label(q, textChain(chain)) : tree.label(q, v.toString());
        continue;
      }
      try {
        values[q] = convert(name, types.get(q), v);
      } catch (IllegalArgumentException e) {
        values[q] = null; // not placeable: unknown
        continue;
      }
    }
    return tree.classesOf(values);
  }

  /**
   * Writes the cohort definitions in the versioned format of the class doc (version 1), to be read
   * back by {@link #readFrom}. Only the attribute names and types, hierarchies, partition tree and
   * descriptions are written: no training row, row → cohort assignment or cohort size. {@code out}
   * is flushed, not closed. Safe to call concurrently with other methods.
   *
   * @throws IOException from {@code out}, or if a category or hierarchy text is not valid Unicode
   *     (an unpaired surrogate; the text is not quoted)
   */
  public void writeTo(OutputStream out) throws IOException {
    requireNonNull(out, "out");
    CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(out), new CRC32());
    DataOutputStream data = new DataOutputStream(checked);
    data.write(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(quasiIdentifiers.size());
    for (int q = 0; q < quasiIdentifiers.size(); q++) {
      Mondrian.writeString(data, quasiIdentifiers.get(q), "attribute name " + q);
      Mondrian.writeString(data, types.get(q).name(), "type of attribute " + q);
      Hierarchy h = hierarchies[q];
      data.writeByte(h == null ? 0 : 1);
      if (h != null) {
        String[][] rows = h.rowArray();
        data.writeInt(rows[0].length);
        data.writeInt(rows.length);
        for (String[] row : rows) {
          for (String label : row) {
            Mondrian.writeString(data, label, "a hierarchy label of '" + quasiIdentifiers.get(q) + "'");
          }
        }
      }
    }
    tree.write(data);
    data.flush();
    data.writeInt((int) checked.getChecksum().getValue());
    data.flush();
  }

  /**
   * Reads cohorts written by {@link #writeTo}. Reads exactly the written bytes and no further (the
   * stream may continue with other data; wrap an unbuffered stream in a {@link
   * java.io.BufferedInputStream} only if nothing follows); {@code in} is not closed. The result
   * answers every lookup and description as the written instance did, but {@link #size(int)},
   * {@link #members(int)} and {@link #cohortOf(int)} throw {@link IllegalStateException}: training
   * rows and sizes are not kept.
   *
   * @throws IOException if reading fails, or the input is not in this format, of an unsupported
   *     version, truncated or corrupt (the message names the field and the byte offset)
   */
  public static Cohorts readFrom(InputStream in) throws IOException {
    requireNonNull(in, "in");
    Mondrian.Input input = new Mondrian.Input(in);
    try {
      return read(input);
    } catch (RuntimeException e) {
      // A safety net: every inconsistency should be caught above with a precise message.
      throw input.corrupt("cohorts data", "inconsistent (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Cohorts read(Mondrian.Input in) throws IOException {
    if (!Arrays.equals(in.readBytes(MAGIC.length, "magic header"), MAGIC)) {
      throw in.corrupt("magic header", "this is not cohorts data (the header is not PRCOHORT)");
    }
    int version = in.readInt("format version");
    if (version != VERSION) {
      throw in.corrupt("format version", "unsupported version " + version + "; this library reads version "
          + VERSION);
    }
    int d = in.readCount("attribute count", 1);
    List<String> names = new ArrayList<>();
    List<ColumnType> types = new ArrayList<>();
    List<Hierarchy> hierarchies = new ArrayList<>();
    for (int q = 0; q < d; q++) {
      String name = in.readString("attribute name " + q);
      if (names.contains(name)) {
        throw in.corrupt("attribute name " + q, "the name is listed twice");
      }
      names.add(name);
      String typeName = in.readString("type of attribute '" + name + "'");
      ColumnType type = Arrays.stream(ColumnType.values()).filter(t -> t.name().equals(typeName)).findFirst()
          .orElseThrow(() -> in.corrupt("type of attribute '" + name + "'", "not a column type"));
      types.add(type);
      int flag = in.readByte("hierarchy flag of attribute '" + name + "'");
      if (flag > 1 || (flag == 1 && type != ColumnType.STRING)) {
        throw in.corrupt("hierarchy flag of attribute '" + name + "'", "must be 0, or 1 for a STRING attribute; is "
            + flag);
      }
      hierarchies.add(flag == 1 ? readHierarchy(in, name) : null);
    }
    String[] nameArray = names.toArray(new String[0]);
    boolean[] numeric = new boolean[d];
    boolean[] date = new boolean[d];
    String[][][] rows = new String[d][][];
    for (int q = 0; q < d; q++) {
      numeric[q] = types.get(q).isNumeric();
      date[q] = types.get(q) == ColumnType.DATE;
      rows[q] = hierarchies.get(q) == null ? null : hierarchies.get(q).rowArray();
    }
    Mondrian.Tree tree = Mondrian.Tree.read(in, nameArray, numeric, date, rows);
    int expected = in.checksum();
    int stored = in.readInt("checksum");
    if (stored != expected) {
      throw in.corrupt("checksum", "the CRC-32 of the data does not match: the data is damaged");
    }
    return new Cohorts(names, types, hierarchies.toArray(new Hierarchy[0]), tree, null);
  }

  private static Hierarchy readHierarchy(Mondrian.Input in, String name) throws IOException {
    String field = "hierarchy of '" + name + "'";
    int levels = in.readCount(field + " level count", 1);
    int count = in.readCount(field + " row count", 1);
    List<List<String>> rows = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      List<String> row = new ArrayList<>();
      for (int l = 0; l < levels; l++) {
        row.add(in.readString(field + " row " + r));
      }
      rows.add(row);
    }
    try {
      return Hierarchy.of(rows);
    } catch (IllegalArgumentException e) {
      throw in.corrupt(field, "not a valid hierarchy: " + e.getMessage());
    }
  }

  private static List<String> textChain(List<?> chain) {
    List<String> out = new ArrayList<>(chain.size());
    for (Object o : chain) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  private void requireTraining(String method) {
    if (outcome == null) {
      throw new IllegalStateException(method + NOT_KEPT);
    }
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
