package io.privrec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.cf.ItemCoCounts;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.FitListener;
import io.privrec.spark.SparkStatistics.Execution;
import io.privrec.spark.internal.KeyedSubset;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link SparkStatistics#coCounts}: both execution paths against core's sums, bit for bit. */
class SparkCoCountsTest {
  private static final int M = 6;
  private static TestEvents fixture;
  private static SparkInteractions data;

  @BeforeAll
  static void build() {
    fixture = new TestEvents(13, 300, 40, 20);
    data = fixture.spark();
  }

  @AfterAll
  static void free() {
    data.unpersist();
  }

  /** Core's sums of {@code matrix}'s rows, each bounded by {@code bounding} unless null, then restricted. */
  private static ItemCoCounts core(InteractionMatrix matrix, ItemCoCounts.Spec spec, KeyedBounding bounding,
      int[] candidates) {
    List<int[]> rows = new ArrayList<>();
    int total = 0;
    for (int u = 0; u < matrix.numUsers(); u++) {
      int[] row = new int[matrix.rowLength(u)];
      for (int p = 0; p < row.length; p++) {
        row[p] = matrix.itemAt(matrix.rowStart(u) + p);
      }
      if (bounding != null) {
        row = bounding.keep(matrix.users().id(u), row);
      }
      if (candidates != null) {
        row = Arrays.stream(row).map(i -> Arrays.binarySearch(candidates, i)).filter(c -> c >= 0).toArray();
      }
      rows.add(row);
      total += row.length;
    }
    int[] ptr = new int[rows.size() + 1];
    int[] items = new int[total];
    for (int u = 0; u < rows.size(); u++) {
      System.arraycopy(rows.get(u), 0, items, ptr[u], rows.get(u).length);
      ptr[u + 1] = ptr[u] + rows.get(u).length;
    }
    return ItemCoCounts.ofRows(spec, ptr, items, FitListener.NONE, 0, 1);
  }

  @Test
  void unitCounts_bothExecutions_equalCoresUnderAnyPartitioning() {
    ItemCoCounts.Spec spec = ItemCoCounts.Spec.unit(40);
    ItemCoCounts local = core(fixture.localMatrix(), spec, null, null);

    for (int partitions : new int[] {4, 16}) {
      SparkInteractions repartitioned = data.repartition(partitions);
      for (Execution execution : Execution.values()) {
        assertThat(SparkStatistics.coCounts(repartitioned, spec, null, null, execution))
            .as("%s, %d partitions", execution, partitions).isEqualTo(local);
      }
    }
    assertThat(local.numPairs()).isGreaterThan(200);
  }

  @Test
  void boundedWeightedSums_onCandidates_partitionAndDataFramePathsAgreeBitForBit() {
    long[] itemWeights = new long[M + 1];
    long[] pairWeights = new long[M + 1];
    for (int k = 1; k <= M; k++) {
      itemWeights[k] = 4096L * 4096 / k;
      pairWeights[k] = k < 2 ? 0 : 4096L * 4096 / (k * (k - 1));
    }
    int[] candidates = {0, 1, 2, 3, 5, 8, 13, 21, 34};
    ItemCoCounts.Spec whole = ItemCoCounts.Spec.bounded(40, M, itemWeights, pairWeights);
    ItemCoCounts.Spec restricted = ItemCoCounts.Spec.bounded(candidates.length, M, null, pairWeights);
    KeyedBounding bounding = KeyedBounding.withFreshKey(M);
    InteractionMatrix matrix = data.toLocalMatrix();

    for (Object[] c : new Object[][] {{whole, null}, {restricted, candidates}}) {
      ItemCoCounts.Spec spec = (ItemCoCounts.Spec) c[0];
      int[] on = (int[]) c[1];
      ItemCoCounts partitions = SparkStatistics.coCounts(data, spec, bounding, on, Execution.PARTITIONS);
      ItemCoCounts frame = SparkStatistics.coCounts(data.repartition(16), spec, bounding, on, Execution.DATA_FRAME);

      assertThat(frame).isEqualTo(partitions).isEqualTo(core(matrix, spec, bounding, on));
      assertThat(partitions.numPairs()).isPositive();
    }
  }

  @Test
  void dataFramePath_planHoldsNeitherTheKeyNorATypedMap() throws ReflectiveOperationException {
    KeyedBounding bounding = KeyedBounding.withFreshKey(M);
    Field field = KeyedBounding.class.getDeclaredField("subset");
    field.setAccessible(true);
    Field k0 = KeyedSubset.class.getDeclaredField("k0");
    k0.setAccessible(true);
    long key = k0.getLong(field.get(bounding));
    ItemCoCounts.Spec spec = ItemCoCounts.Spec.bounded(40, M, new long[M + 1], new long[M + 1]);

    String plans = SparkStatistics.sums(data, spec, bounding, null, Execution.DATA_FRAME).queryExecution()
        .toString();

    // From the events on: SQL functions only, no typed operation, no key.
    assertThat(plans).contains("privrec_assemble_rows", "privrec_prepare_rows", "privrec_pair_weight")
        .doesNotContain("MapPartitions", "MapElements", "DeserializeToObject", "SerializeFromObject",
            Long.toString(key), Long.toHexString(key), Long.toUnsignedString(key));
  }

  @Test
  void unboundedRowsForABoundedSpec_rejectedBeforeAnySparkJob() {
    ItemCoCounts.Spec spec = ItemCoCounts.Spec.bounded(40, M, new long[M + 1], null);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SparkStatistics.coCounts(data, spec, null, null, Execution.PARTITIONS))
        .withMessage("rows must be bounded to at most maxItemsPerCustomer = 6 items for these sums: pass a"
            + " KeyedBounding of at most that many items. Provided bound: none");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkStatistics.coCounts(data, spec,
        KeyedBounding.withFreshKey(M + 1), null, Execution.DATA_FRAME))
        .withMessageEndingWith("Provided bound: 7");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkStatistics.coCounts(data, spec,
        KeyedBounding.withFreshKey(M), new int[] {3, 2}, Execution.DATA_FRAME))
        .withMessage("candidates must be strictly increasing catalogue indices in [0, 40)");
    assertThatIllegalArgumentException().isThrownBy(() -> SparkStatistics.coCounts(data, spec,
        KeyedBounding.withFreshKey(M), new int[] {2, 3}, Execution.DATA_FRAME))
        .withMessage("spec.numItems() must be the number of candidates (2). Provided value: 40");
  }
}
