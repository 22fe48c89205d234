package io.privrec.core.internal.cohort;

import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.CustomerAttributes;
import io.privrec.dp.kanon.ColumnType;
import io.privrec.dp.kanon.Cohorts;
import io.privrec.dp.kanon.Hierarchy;
import io.privrec.dp.kanon.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bridges a recommender's {@link CustomerAttributes} and {@link Cohorts}: fits the cohort
 * definitions on the members' attributes and turns a customer's or visitor's attributes into a
 * lookup key. A column with an {@link AttributeHierarchy} is hierarchical (split along it); a
 * column whose every member value is an integer (or a finite decimal) is numeric (split into
 * ranges); any other column is categorical (split into sets of categories). Stateless.
 */
public final class CohortFitting {
  private CohortFitting() {}

  /** Cohort definitions and the members' cohorts, in the order of the member list. */
  public record Fitted(Cohorts cohorts, int[] cohortOfMember) {}

  /**
   * Fits cohorts of at least {@code k} on the attributes {@code names} of {@code members} (ids of
   * {@code attributes}, in a data-independent order chosen by the caller).
   *
   * @throws IllegalArgumentException if fewer than {@code k} members (the count is not stated)
   */
  public static Fitted fit(CustomerAttributes attributes, List<String> names, List<String> members, int k) {
    int[] column = new int[names.size()];
    for (int q = 0; q < column.length; q++) {
      column[q] = attributes.names().indexOf(names.get(q));
    }
    Table.Builder table = Table.builder();
    Map<String, Hierarchy> hierarchies = new LinkedHashMap<>();
    for (int q = 0; q < column.length; q++) {
      String name = names.get(q);
      AttributeHierarchy h = attributes.hierarchy(name).orElse(null);
      ColumnType type;
      if (h != null) {
        type = ColumnType.STRING;
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : members) {
          distinct.add(attributes.values(id).get(column[q]));
        }
        List<List<String>> rows = new ArrayList<>();
        for (String v : distinct) {
          rows.add(h.chain(v));
        }
        if (!rows.isEmpty()) {
          hierarchies.put(name, Hierarchy.of(rows));
        }
      } else {
        type = numericType(attributes, members, column[q]);
      }
      table.column(name, type);
    }
    Object[] row = new Object[column.length];
    for (String id : members) {
      List<String> values = attributes.values(id);
      for (int q = 0; q < column.length; q++) {
        row[q] = values.get(column[q]);
      }
      table.addRow(row);
    }
    Cohorts cohorts = Cohorts.fit(table.build(), names, hierarchies, k);
    int[] cohortOfMember = new int[members.size()];
    for (int r = 0; r < cohortOfMember.length; r++) {
      cohortOfMember[r] = cohorts.cohortOf(r);
    }
    return new Fitted(cohorts, cohortOfMember);
  }

  private static ColumnType numericType(CustomerAttributes attributes, List<String> members, int column) {
    if (members.isEmpty()) {
      return ColumnType.STRING;
    }
    boolean integer = true;
    boolean decimal = true;
    for (String id : members) {
      String v = attributes.values(id).get(column).trim();
      integer &= v.matches("[+-]?\\d{1,18}");
      decimal &= isFinite(v);
      if (!integer && !decimal) {
        return ColumnType.STRING;
      }
    }
    return integer ? ColumnType.INTEGER : ColumnType.DECIMAL;
  }

  private static boolean isFinite(String v) {
    try {
      return !v.isEmpty() && Double.isFinite(Double.parseDouble(v));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The lookup key for {@link Cohorts#cohortsOf}: the known attributes among {@code names}; a
   * hierarchical value becomes its chain from its own level (a value of the hierarchy's finest
   * level, or a coarser label such as a region, or a masked code such as {@code 551**}); blank
   * values and values an explicit hierarchy does not know are left out (unknown: the lookup walks
   * up).
   */
  public static Map<String, Object> key(CustomerAttributes attributes, List<String> names, Map<String, String> given) {
    Map<String, Object> key = new HashMap<>();
    for (String name : names) {
      String v = given.get(name);
      if (v == null || v.isBlank()) {
        continue;
      }
      AttributeHierarchy h = attributes.hierarchy(name).orElse(null);
      if (h == null) {
        key.put(name, v);
        continue;
      }
      h.chainFrom(v).ifPresent(chain -> key.put(name, chain));
    }
    return key;
  }
}
