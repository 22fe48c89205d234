package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {

  @Test
  void of_smallMatrix_handComputedValues() {
    // Item counts: a=1, b=2, c=3, d=4; user lengths: u1=4, u2=3, u3=2, u4=1; one idle user, one idle item.
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.SUM);
    b.add("u1", "a", 1f).add("u1", "b", 1f).add("u1", "c", 1f).add("u1", "d", 1f);
    b.add("u2", "b", 1f).add("u2", "c", 1f).add("u2", "d", 1f);
    b.add("u3", "c", 1f).add("u3", "d", 1f);
    b.add("u4", "d", 1f);
    b.internUser("idle");
    b.internItem("unsold");

    DatasetStats s = DatasetStats.of(b.build());

    assertThat(s.users()).isEqualTo(5);
    assertThat(s.items()).isEqualTo(5);
    assertThat(s.activeUsers()).isEqualTo(4);
    assertThat(s.activeItems()).isEqualTo(4);
    assertThat(s.interactions()).isEqualTo(10);
    assertThat(s.density()).isCloseTo(10 / 16.0, within(1e-12));
    // Gini of (1,2,3,4): 2(1+4+9+16)/(4*10) - 5/4 = 0.25.
    assertThat(s.itemGini()).isCloseTo(0.25, within(1e-12));
    assertThat(s.singleInteractionUserShare()).isCloseTo(0.25, within(1e-12));
    assertThat(s.meanPerUser()).isCloseTo(2.5, within(1e-12));
    assertThat(s.medianPerUser()).isEqualTo(2.5);
  }

  @Test
  void gini_equalCounts_zero() {
    assertThat(DatasetStats.gini(new int[] {5, 5, 5})).isZero();
    assertThat(DatasetStats.gini(new int[] {7})).isZero();
  }

  @Test
  void gini_oneItemTakesAlmostAll_approachesOne() {
    int[] counts = new int[1000];
    java.util.Arrays.fill(counts, 1);
    counts[0] = 1_000_000;

    assertThat(DatasetStats.gini(counts)).isGreaterThan(0.99).isLessThan(1);
  }

  @Test
  void of_oddNumberOfUsers_medianIsMiddleValue() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("u1", "a", 1f).add("u2", "a", 1f).add("u2", "b", 1f).add("u3", "a", 1f).add("u3", "b", 1f)
        .add("u3", "c", 1f).build();

    assertThat(DatasetStats.of(m).medianPerUser()).isEqualTo(2);
  }

  @Test
  void of_emptyMatrix_allZero() {
    DatasetStats s = DatasetStats.of(InteractionMatrix.builder(DuplicatePolicy.SUM).build());

    assertThat(s.interactions()).isZero();
    assertThat(s.density()).isZero();
    assertThat(s.itemGini()).isZero();
    assertThat(s.describe()).contains("interactions 0");
  }

  @Test
  void of_null_throws() {
    assertThatNullPointerException().isThrownBy(() -> DatasetStats.of(null)).withMessage("matrix");
  }

  @Test
  void constructor_invalidValues_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DatasetStats(1, 1, 2, 1, 1, 0.5, 0, 0, 1, 1))
        .withMessage("counts must be >= 0 with activeUsers <= users and activeItems <= items, but these rules are"
            + " broken: activeUsers > users (the value is not quoted)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new DatasetStats(1, 1, 1, 1, 1, Double.NaN, 0, 0, 1, 1))
        .withMessage("density must be in [0, 1]. Provided value: NaN");
  }

  @Test
  void describe_listsTheNumbers() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 1f).build();

    assertThat(DatasetStats.of(m).describe()).contains("users 1 (active 1)").contains("item Gini 0.000")
        .contains("single-interaction users 100.0%");
  }

  @Test
  void of_rentTheRunway_matchesIndependentComputation() throws java.io.IOException {
    Path file = SharedData.require("renttherunway/rtr_interactions.csv");

    DatasetStats s = DatasetStats.of(InteractionReaders.rentTheRunway(file, ReadOptions.defaults()).matrix());

    // Computed independently (Python over the distinct (user_id, item_id) pairs of the CSV).
    assertThat(s.interactions()).isEqualTo(192_278);
    assertThat(s.singleInteractionUserShare()).isCloseTo(0.6809066883898041, within(1e-12));
    assertThat(s.itemGini()).isCloseTo(0.6627295645558784, within(1e-9));
    assertThat(s.density()).isCloseTo(3.1133582317145986e-4, within(1e-15));
    assertThat(s.medianPerUser()).isEqualTo(1);
  }
}
