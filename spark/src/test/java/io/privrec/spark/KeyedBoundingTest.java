package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.spark.internal.KeyedSubset;
import io.privrec.spark.internal.Rows;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyedBoundingTest {
  private static final int M = 5;
  private static TestEvents fixture;
  private static SparkInteractions data;

  @BeforeAll
  static void build() {
    fixture = new TestEvents(11, 300, 40, 30);
    data = fixture.spark();
  }

  @AfterAll
  static void free() {
    data.unpersist();
  }

  /** Customer id → kept items, as computed by Spark. */
  private static Map<String, List<Integer>> kept(SparkInteractions bounded) {
    Map<String, List<Integer>> out = new HashMap<>();
    for (Row r : bounded.rows().collectAsList()) {
      out.put(Rows.customer(r), Arrays.stream(Rows.items(r)).boxed().toList());
    }
    return out;
  }

  @Test
  void apply_keepsAtMostMItemsOfEachRowWithTheirWeightsAndTimes() {
    KeyedBounding bounding = KeyedBounding.withFreshKey(M);
    SparkInteractions bounded = bounding.apply(data);

    assertThat(bounded.isBounded()).isTrue();
    assertThat(bounded.maxItemsPerCustomer()).isEqualTo(M);
    Map<String, Row> full = new HashMap<>();
    for (Row r : data.rows().collectAsList()) {
      full.put(Rows.customer(r), r);
    }
    int cut = 0;
    for (Row r : bounded.rows().collectAsList()) {
      Row original = full.get(Rows.customer(r));
      int[] items = Rows.items(r);
      int[] all = Rows.items(original);
      assertThat(items.length).isEqualTo(Math.min(M, all.length));
      assertThat(items).isSorted();
      assertThat(items).isEqualTo(bounding.keep(Rows.customer(r), all));
      for (int k = 0; k < items.length; k++) {
        int p = Arrays.binarySearch(all, items[k]);
        assertThat(p).isNotNegative();
        assertThat(Rows.weights(r)[k]).isEqualTo(Rows.weights(original)[p]);
        assertThat(Rows.times(r)[k]).isEqualTo(Rows.times(original)[p]);
      }
      cut += all.length > M ? 1 : 0;
    }
    assertThat(cut).as("the fixture has rows longer than the bound").isGreaterThan(50);
    assertThat(bounded.numCustomers()).isEqualTo(data.numCustomers());
  }

  @Test
  void apply_sameSubsetsUnder4And16PartitionsOfRowsAndEvents() {
    KeyedBounding bounding = KeyedBounding.withFreshKey(M);
    Map<String, List<Integer>> four = kept(bounding.apply(data.repartition(4)));
    Map<String, List<Integer>> sixteen = kept(bounding.apply(data.repartition(16)));
    SparkInteractions rebuilt = SparkInteractions.from(fixture.frame().repartition(16)).customer("customer_id")
        .item("sku").weight("weight").time("ts").catalogue(fixture.catalogue);
    try {
      Map<String, List<Integer>> fromRepartitionedEvents = kept(bounding.apply(rebuilt.repartition(4)));

      assertThat(four).isEqualTo(sixteen);
      assertThat(fromRepartitionedEvents).isEqualTo(four);
      assertThat(four).isEqualTo(kept(bounding.apply(data)));
    } finally {
      rebuilt.unpersist();
    }
  }

  private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

  /** Fails every task's first attempt (local mode: the driver sees the counter). */
  private static final class FailFirstAttempt implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(Row row) {
      TaskContext task = TaskContext.get();
      if (task.attemptNumber() == 0) {
        FAILED_ATTEMPTS.incrementAndGet();
        throw new IllegalStateException("forced failure of a first task attempt");
      }
      return row;
    }
  }

  @Test
  void apply_sameSubsetsWhenTasksAreRetried() {
    KeyedBounding bounding = KeyedBounding.withFreshKey(M);
    SparkInteractions bounded = bounding.apply(data.repartition(4));
    Map<String, List<Integer>> clean = kept(bounded);
    int before = FAILED_ATTEMPTS.get();

    List<Row> retried = bounded.rows().map(new FailFirstAttempt(), Encoders.row(bounded.rows().schema()))
        .collectAsList();

    assertThat(FAILED_ATTEMPTS.get() - before).as("first attempts failed and were retried").isGreaterThan(0);
    Map<String, List<Integer>> again = new HashMap<>();
    for (Row r : retried) {
      again.put(Rows.customer(r), Arrays.stream(Rows.items(r)).boxed().toList());
    }
    assertThat(again).isEqualTo(clean);
  }

  @Test
  void freshKeys_keepOtherSubsets_andEachItemEquallyOften() {
    int[] row = new int[10];
    Arrays.setAll(row, i -> i);
    KeyedBounding a = KeyedBounding.withFreshKey(1);
    KeyedBounding b = KeyedBounding.withFreshKey(1);
    int[] counts = new int[10];
    int differ = 0;
    for (int c = 0; c < 2000; c++) {
      int kept = a.keep("c" + c, row)[0];
      counts[kept]++;
      differ += kept != b.keep("c" + c, row)[0] ? 1 : 0;
    }
    // Expected 200 each, standard deviation about 13.4: [120, 280] is six deviations.
    assertThat(Arrays.stream(counts).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(120, 280));
    assertThat(differ).isBetween(1600, 2000);
  }

  @Test
  void key_isNeitherInThePlanNorPrinted() throws ReflectiveOperationException {
    KeyedBounding bounding = KeyedBounding.withFreshKey(M);
    Field field = KeyedBounding.class.getDeclaredField("subset");
    field.setAccessible(true);
    KeyedSubset subset = (KeyedSubset) field.get(bounding);
    Field k0 = KeyedSubset.class.getDeclaredField("k0");
    k0.setAccessible(true);
    long key = k0.getLong(subset);
    SparkInteractions bounded = bounding.apply(data);
    bounded.rows().count();

    String plans = bounded.rows().queryExecution().toString();

    assertThat(plans).contains("privrec_bound_rows").doesNotContain(Long.toString(key))
        .doesNotContain(Long.toHexString(key)).doesNotContain(Long.toUnsignedString(key));
    assertThat(bounding.toString()).isEqualTo("KeyedBounding{maxItemsPerCustomer=5, key hidden}");
  }

  @Test
  void badArguments_rejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> KeyedBounding.withFreshKey(0))
        .withMessage("maxItemsPerCustomer must be in [1, 10000]. Provided value: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyedBounding.withFreshKey(1).keep("c", new int[] {1, 1}))
        .withMessage("items must be distinct; an index repeats");
  }
}
