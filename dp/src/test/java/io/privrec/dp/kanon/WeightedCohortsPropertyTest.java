package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The weighted fit on a histogram of distinct attribute combinations gives exactly the cohorts of
 * the fit on the customers themselves: same bytes written, count, descriptions and sizes, and every
 * customer's cohort is its histogram row's.
 */
class WeightedCohortsPropertyTest {

  private static final List<String> ALL = List.of("age", "city", "segment", "since", "spend");

  @Property(tries = 300)
  void weightedFitOnTheHistogram_equalsFitOnTheCustomers(@ForAll @IntRange(min = 1, max = 160) int n,
      @ForAll @IntRange(min = 1, max = 12) int k, @ForAll long seed) throws IOException {
    k = Math.min(k, n);
    SplittableRandom random = new SplittableRandom(seed);
    // Small domains so that many customers share a combination; skewed segments.
    int ages = 1 + random.nextInt(8);
    int segments = 1 + random.nextInt(6);
    List<String> cities = CohortsLookupTest.CITIES.values();
    List<Object[]> customers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int s = (int) Math.min(segments - 1, Math.floor(Math.pow(segments + 1, random.nextDouble())) - 1);
      customers.add(new Object[] {18 + 5 * random.nextInt(ages), cities.get(random.nextInt(cities.size())),
          "s" + s, LocalDate.of(2024, 1, 1).plusDays(random.nextInt(4)), random.nextInt(3) * 2.5});
    }
    // A random non-empty subset of the attributes, in random order; the city with or without its hierarchy.
    List<String> qis = new ArrayList<>(ALL);
    Collections.shuffle(qis, new Random(random.nextLong()));
    qis = qis.subList(0, 1 + random.nextInt(qis.size()));
    Map<String, Hierarchy> hierarchies = qis.contains("city") && random.nextBoolean()
        ? Map.of("city", CohortsLookupTest.CITIES) : Map.of();

    Table expanded = table(customers);
    Map<String, Integer> rowOfCombination = new LinkedHashMap<>();
    List<Object[]> distinct = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    int[] histogramRow = new int[n];
    for (int i = 0; i < n; i++) {
      String key = expanded.text(i, 0) + "\u0000" + expanded.text(i, 1) + "\u0000" + expanded.text(i, 2) + "\u0000"
          + expanded.text(i, 3) + "\u0000" + expanded.text(i, 4);
      Integer row = rowOfCombination.get(key);
      if (row == null) {
        row = distinct.size();
        rowOfCombination.put(key, row);
        distinct.add(customers.get(i));
        counts.add(0);
      }
      counts.set(row, counts.get(row) + 1);
      histogramRow[i] = row;
    }
    // The histogram in a shuffled order: the result must not depend on it.
    List<Integer> order = new ArrayList<>();
    for (int r = 0; r < distinct.size(); r++) {
      order.add(r);
    }
    Collections.shuffle(order, new Random(random.nextLong()));
    int[] position = new int[order.size()];
    List<Object[]> shuffled = new ArrayList<>();
    int[] weights = new int[order.size()];
    for (int p = 0; p < order.size(); p++) {
      position[order.get(p)] = p;
      shuffled.add(distinct.get(order.get(p)));
      weights[p] = counts.get(order.get(p));
    }
    Table histogram = table(shuffled);

    Cohorts local = Cohorts.fit(expanded, qis, hierarchies, k);
    Cohorts weighted = Cohorts.fit(histogram, weights, qis, hierarchies, k);

    assertThat(bytes(weighted)).isEqualTo(bytes(local));
    assertThat(weighted.count()).isEqualTo(local.count());
    for (int c = 0; c < local.count(); c++) {
      assertThat(weighted.describe(c)).isEqualTo(local.describe(c));
      assertThat(weighted.size(c)).isEqualTo(local.size(c)).isGreaterThanOrEqualTo(k);
      int members = 0;
      for (int row : weighted.members(c)) {
        members += weights[row];
      }
      assertThat(members).isEqualTo(local.size(c));
    }
    for (int i = 0; i < n; i++) {
      assertThat(weighted.cohortOf(position[histogramRow[i]])).isEqualTo(local.cohortOf(i));
    }
  }

  @Test
  void weightedFit_withUnitWeights_equalsTheUnweightedFit() throws IOException {
    Table t = CohortsLookupTest.grid();
    int[] ones = new int[t.rowCount()];
    Arrays.fill(ones, 1);
    Cohorts weighted = Cohorts.fit(t, ones, CohortsLookupTest.QIS, Map.of("city", CohortsLookupTest.CITIES), 3);
    Cohorts local = Cohorts.fit(t, CohortsLookupTest.QIS, Map.of("city", CohortsLookupTest.CITIES), 3);
    assertThat(bytes(weighted)).isEqualTo(bytes(local));
    for (int row = 0; row < t.rowCount(); row++) {
      assertThat(weighted.cohortOf(row)).isEqualTo(local.cohortOf(row));
    }
  }

  @Test
  void weightedFit_badWeights_throwsNamingTheRule() {
    Table t = CohortsLookupTest.grid();
    List<String> qis = CohortsLookupTest.QIS;
    assertThatIllegalArgumentException().isThrownBy(() -> Cohorts.fit(t, new int[3], qis, Map.of(), 1))
        .withMessageContaining("weights must hold one value per row");
    int[] zero = new int[t.rowCount()];
    assertThatIllegalArgumentException().isThrownBy(() -> Cohorts.fit(t, zero, qis, Map.of(), 1))
        .withMessageContaining("weights must be >= 1");
    int[] big = new int[t.rowCount()];
    Arrays.fill(big, Integer.MAX_VALUE);
    assertThatIllegalArgumentException().isThrownBy(() -> Cohorts.fit(t, big, qis, Map.of(), 1))
        .withMessageContaining("weights must sum to at most");
    int[] ones = new int[t.rowCount()];
    Arrays.fill(ones, 1);
    assertThatIllegalArgumentException().isThrownBy(() -> Cohorts.fit(t, ones, qis, Map.of(), t.rowCount() + 1))
        .withMessageContaining("weights must sum to at least k = " + (t.rowCount() + 1));
  }

  private static Table table(List<Object[]> rows) {
    Table.Builder b = Table.builder().column("age", ColumnType.INTEGER).column("city", ColumnType.STRING)
        .column("segment", ColumnType.STRING).column("since", ColumnType.DATE).column("spend", ColumnType.DECIMAL);
    for (Object[] row : rows) {
      b.addRow(row);
    }
    return b.build();
  }

  private static byte[] bytes(Cohorts c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.writeTo(out);
    return out.toByteArray();
  }
}
