package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A table of customer attributes: for each customer id, one value per named attribute (e.g.
 * {@code age}, {@code gender}, {@code zip}), with an optional {@link AttributeHierarchy} per
 * attribute for generalising its values. These attributes are quasi-identifiers: together they
 * can single a customer out, so treat the table as private data.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Names</b>: at least one; each non-blank, free of NUL, CR and LF, and distinct (compared
 *       exactly).
 *   <li><b>Customer ids</b> follow the {@link InteractionMatrix} rules: non-empty, free of NUL, CR
 *       and LF, compared exactly (no trimming), so they join with a matrix's user ids.
 *   <li><b>Values</b>: exactly one per name, in the order of the names; not null and free of NUL,
 *       CR and LF. Values are strings, taken verbatim; the empty string is a value like any other
 *       (readers use it for "unknown").
 * </ul>
 * Errors name the row position, the attribute and its position, never the customer id.
 *
 * <p>Customers keep the order in which they were given (the map's iteration order, file order for
 * the readers). {@link #toString()} shows the names and hierarchies only, not the number of
 * customers nor any id or value. Immutable and thread-safe.
 */
public final class CustomerAttributes {
  private final List<String> names;
  private final Map<String, Integer> column;
  private final Map<String, List<String>> rows;
  private final Map<String, AttributeHierarchy> hierarchies;

  private CustomerAttributes(List<String> names, Map<String, List<String>> rows,
      Map<String, AttributeHierarchy> hierarchies) {
    this.names = names;
    Map<String, Integer> c = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      c.put(names.get(i), i);
    }
    this.column = c;
    this.rows = rows;
    this.hierarchies = hierarchies;
  }

  /**
   * Creates the table, without hierarchies.
   *
   * @param names the attribute names, in column order; see the class rules
   * @param rows customer id → values, one per name in the same order; copied, iteration order kept;
   *     may be empty
   * @return the table
   * @throws IllegalArgumentException if a rule is broken, naming the attribute or the row position
   *     (in the map's iteration order) and attribute, never the customer id
   * @throws NullPointerException if {@code names} or {@code rows} is null
   */
  public static CustomerAttributes of(List<String> names, Map<String, List<String>> rows) {
    List<String> n = checkNames(names, "names");
    requireNonNull(rows, "rows");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    int position = 0;
    for (Map.Entry<String, List<String>> e : rows.entrySet()) {
      String id = e.getKey();
      String where = "row " + position + " (in the map's iteration order)";
      CorePreconditions.checkArgument(id != null, "%s: customer id must not be null", where);
      CorePreconditions.checkId(where + ": customer id", id);
      List<String> values = e.getValue();
      CorePreconditions.checkArgument(values != null, "%s: values must not be null", where);
      CorePreconditions.checkArgument(values.size() == n.size(),
          "%s: expected exactly one value per attribute (%s: %s) but found %s", where, n.size(), n, values.size());
      for (int i = 0; i < values.size(); i++) {
        String problem = checkValue(values.get(i));
        CorePreconditions.checkArgument(problem == null, "%s, attribute '%s' (position %s): %s", where, n.get(i), i,
            problem);
      }
      copy.put(id, List.copyOf(values));
      position++;
    }
    return new CustomerAttributes(n, Collections.unmodifiableMap(copy), Map.of());
  }

  /**
   * Why {@code value} is not a valid attribute value (null, NUL, CR or LF), or {@code null} if it
   * is. The message never quotes the value.
   */
  static String checkValue(String value) {
    if (value == null) {
      return "value must not be null";
    }
    return CorePreconditions.nulCrLfProblem("value", value);
  }

  /**
   * Why {@code name} is not a valid attribute name, or {@code null} if it is.
   */
  static String checkName(String name) {
    if (name == null) {
      return "name must not be null";
    }
    if (name.isBlank()) {
      return "name must not be blank";
    }
    return CorePreconditions.nulCrLfProblem("name", name);
  }

  private static List<String> checkNames(List<String> names, String parameter) {
    CorePreconditions.checkNotEmpty(parameter, names);
    for (int i = 0; i < names.size(); i++) {
      String problem = checkName(names.get(i));
      CorePreconditions.checkArgument(problem == null, "%s[%s]: %s", parameter, i, problem);
    }
    CorePreconditions.checkDistinct(parameter, names);
    return List.copyOf(names);
  }

  /** The attribute names, in column order; immutable, at least one. */
  public List<String> names() {
    return names;
  }

  /** The number of customers, {@code >= 0}. */
  public int size() {
    return rows.size();
  }

  /** The customer ids, in row order; an immutable view. */
  public Set<String> customers() {
    return rows.keySet();
  }

  /**
   * Whether the table has a row for {@code customerId}.
   *
   * @throws NullPointerException if {@code customerId} is null
   */
  public boolean contains(String customerId) {
    return rows.containsKey(requireNonNull(customerId, "customerId"));
  }

  /**
   * The value of attribute {@code name} for {@code customerId}, or {@code null} if the customer
   * is unknown.
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #names()}
   * @throws NullPointerException if an argument is null
   */
  public String value(String customerId, String name) {
    requireNonNull(customerId, "customerId");
    int c = columnOf(name, "name");
    List<String> row = rows.get(customerId);
    return row == null ? null : row.get(c);
  }

  /**
   * All values of {@code customerId} in the order of {@link #names()} (immutable), or
   * {@code null} if the customer is unknown.
   *
   * @throws NullPointerException if {@code customerId} is null
   */
  public List<String> values(String customerId) {
    return rows.get(requireNonNull(customerId, "customerId"));
  }

  /**
   * The values of {@code customerId} by attribute name, in the order of {@link #names()}
   * (immutable), or {@code null} if the customer is unknown.
   *
   * @throws NullPointerException if {@code customerId} is null
   */
  public Map<String, String> valuesByName(String customerId) {
    List<String> row = values(customerId);
    if (row == null) {
      return null;
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int a = 0; a < row.size(); a++) {
      m.put(names.get(a), row.get(a));
    }
    return Collections.unmodifiableMap(m);
  }

  /**
   * The hierarchy attached to attribute {@code name} by {@link #withHierarchy}, or empty if none.
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #names()}
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<AttributeHierarchy> hierarchy(String name) {
    columnOf(name, "name");
    return Optional.ofNullable(hierarchies.get(name));
  }

  /**
   * A copy of this table with {@code hierarchy} attached to attribute {@code name}, replacing any
   * hierarchy it had. Values are not checked against the hierarchy: a value an explicit hierarchy
   * does not {@link AttributeHierarchy#covers cover} generalises to {@code *}.
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #names()}
   * @throws NullPointerException if an argument is null
   */
  public CustomerAttributes withHierarchy(String name, AttributeHierarchy hierarchy) {
    columnOf(name, "name");
    requireNonNull(hierarchy, "hierarchy");
    Map<String, AttributeHierarchy> h = new LinkedHashMap<>(hierarchies);
    h.put(name, hierarchy);
    return new CustomerAttributes(names, rows, Collections.unmodifiableMap(h));
  }

  /**
   * A table of the same customers, in the same order, with only the attributes {@code names}, in
   * the given order, and their hierarchies.
   *
   * @param names a non-empty list of distinct names, each one of {@link #names()}
   * @throws IllegalArgumentException if {@code names} is empty, repeats a name or holds an unknown
   *     one, naming it and its position
   * @throws NullPointerException if {@code names} is null
   */
  public CustomerAttributes project(List<String> names) {
    List<String> kept = checkNames(names, "names");
    int[] from = new int[kept.size()];
    for (int i = 0; i < from.length; i++) {
      from[i] = columnOf(kept.get(i), "names[" + i + "]");
    }
    Map<String, List<String>> projected = new LinkedHashMap<>();
    String[] buffer = new String[from.length];
    for (Map.Entry<String, List<String>> e : rows.entrySet()) {
      for (int i = 0; i < from.length; i++) {
        buffer[i] = e.getValue().get(from[i]);
      }
      projected.put(e.getKey(), List.of(buffer));
    }
    Map<String, AttributeHierarchy> h = new LinkedHashMap<>();
    for (String name : kept) {
      AttributeHierarchy a = hierarchies.get(name);
      if (a != null) {
        h.put(name, a);
      }
    }
    return new CustomerAttributes(kept, Collections.unmodifiableMap(projected), Collections.unmodifiableMap(h));
  }

  /**
   * A table without the rows of {@code customerIds} (ids it does not hold are ignored), same
   * names, hierarchies and order otherwise; this table itself when nothing is removed.
   *
   * @throws NullPointerException if {@code customerIds} or one of its ids is null
   */
  public CustomerAttributes without(Collection<String> customerIds) {
    requireNonNull(customerIds, "customerIds");
    boolean any = false;
    for (String id : customerIds) {
      any |= rows.containsKey(requireNonNull(id, "customer id"));
    }
    if (!any) {
      return this;
    }
    Set<String> removed = new HashSet<>(customerIds);
    Map<String, List<String>> kept = new LinkedHashMap<>();
    rows.forEach((id, values) -> {
      if (!removed.contains(id)) {
        kept.put(id, values);
      }
    });
    return new CustomerAttributes(names, Collections.unmodifiableMap(kept), hierarchies);
  }

  private int columnOf(String name, String parameter) {
    requireNonNull(name, parameter);
    Integer c = column.get(name);
    CorePreconditions.checkArgument(c != null, "%s: unknown attribute '%s' (the attributes are %s)", parameter, name,
        names);
    return c;
  }

  /** Equal when the names, the rows (compared regardless of their order) and the hierarchies are equal. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CustomerAttributes)) {
      return false;
    }
    CustomerAttributes other = (CustomerAttributes) o;
    return names.equals(other.names) && rows.equals(other.rows) && hierarchies.equals(other.hierarchies);
  }

  @Override
  public int hashCode() {
    return (31 * names.hashCode() + rows.hashCode()) * 31 + hierarchies.hashCode();
  }

  /** The names and the hierarchies; no size, id or value (they are private). */
  @Override
  public String toString() {
    return "CustomerAttributes{names=" + names + ", hierarchies=" + hierarchies.keySet() + "}";
  }
}
