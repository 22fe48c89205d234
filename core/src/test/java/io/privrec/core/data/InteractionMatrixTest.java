package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class InteractionMatrixTest {

  /** Three users, four items, with timestamps; u3 has no interaction. */
  private static InteractionMatrix sample() {
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.SUM);
    b.add("u1", "a", 5f, 100L).add("u1", "b", 1f, 200L).add("u2", "b", 3f, 300L)
        .add("u2", "d", 2f, 400L).add("u1", "d", 4f, 500L);
    b.internUser("u3");
    b.internItem("c");
    return b.build();
  }

  @Test
  void sample_satisfiesCsrInvariants() {
    InteractionMatrix m = sample();

    MatrixInvariants.assertValid(m);
    assertThat(m.numUsers()).isEqualTo(3);
    assertThat(m.numItems()).isEqualTo(4);
    assertThat(m.rowLength(m.users().require("u3"))).isZero();
    assertThat(m.toString()).isEqualTo("InteractionMatrix{users=3, items=4, interactions=5, timestamps}");
  }

  @Test
  void columnView_matchesRows() {
    InteractionMatrix m = sample();
    int b = m.items().require("b");

    assertThat(m.colLength(b)).isEqualTo(2);
    assertThat(m.userAt(m.colStart(b))).isEqualTo(m.users().require("u1"));
    assertThat(m.colWeightAt(m.colStart(b))).isEqualTo(1f);
    assertThat(m.userAt(m.colStart(b) + 1)).isEqualTo(m.users().require("u2"));
    assertThat(m.colWeightAt(m.colStart(b) + 1)).isEqualTo(3f);
    assertThat(m.colLength(m.items().require("c"))).isZero();
    assertThat(m.itemCounts()).containsExactly(1, 2, 2, 0);
  }

  @Test
  void find_missingPair_returnsMinusOne() {
    InteractionMatrix m = sample();

    assertThat(m.find(m.users().require("u2"), m.items().require("a"))).isEqualTo(-1);
    assertThat(m.find(m.users().require("u3"), 0)).isEqualTo(-1);
  }

  @Test
  void rowItems_returnsCopy() {
    InteractionMatrix m = sample();
    int[] items = m.rowItems(0);
    items[0] = 99;

    assertThat(m.itemAt(0)).isEqualTo(0);
  }

  @Test
  void filter_keepsAcceptedInteractionsAndIndices() {
    InteractionMatrix m = sample();

    InteractionMatrix late = m.filter((u, i, w, t) -> t >= 300L);

    MatrixInvariants.assertValid(late);
    assertThat(late.numInteractions()).isEqualTo(3);
    assertThat(late.users()).isSameAs(m.users());
    assertThat(late.items()).isSameAs(m.items());
    int u1 = m.users().require("u1");
    assertThat(late.rowItems(u1)).containsExactly(m.items().require("d"));
    assertThat(late.timeAt(late.rowStart(u1))).isEqualTo(500L);
    assertThat(m.numInteractions()).as("original unchanged").isEqualTo(5);
  }

  @Test
  void filter_receivesZeroTimeWithoutTimestamps() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 1f).build();
    long[] seen = {-1};

    m.filter((u, i, w, t) -> {
      seen[0] = t;
      return true;
    });

    assertThat(seen[0]).isZero();
  }

  @Test
  void filter_null_throws() {
    assertThatNullPointerException().isThrownBy(() -> sample().filter(null)).withMessage("filter");
  }

  @Test
  void withMinWeight_dropsLighterInteractions() {
    InteractionMatrix strong = sample().withMinWeight(3f);

    MatrixInvariants.assertValid(strong);
    assertThat(strong.numInteractions()).isEqualTo(3);
    for (int p = 0; p < strong.numInteractions(); p++) {
      assertThat(strong.weightAt(p)).isGreaterThanOrEqualTo(3f);
    }
  }

  @Test
  void withMinWeight_nonFinite_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> sample().withMinWeight(Float.NaN))
        .withMessage("minWeight must be finite. Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> sample().withMinWeight(Float.POSITIVE_INFINITY))
        .withMessageContaining("minWeight must be finite");
  }

  @Test
  void binarized_setsEveryWeightToOneAndKeepsStructure() {
    InteractionMatrix m = sample();

    InteractionMatrix binary = m.binarized();

    MatrixInvariants.assertValid(binary);
    assertThat(binary.numInteractions()).isEqualTo(m.numInteractions());
    for (int p = 0; p < binary.numInteractions(); p++) {
      assertThat(binary.weightAt(p)).isEqualTo(1f);
      assertThat(binary.itemAt(p)).isEqualTo(m.itemAt(p));
      assertThat(binary.timeAt(p)).isEqualTo(m.timeAt(p));
    }
    assertThat(binary.colWeightAt(0)).isEqualTo(1f);
    assertThat(m.weightAt(0)).isEqualTo(5f);
  }

  @Test
  void rowViewBytes_atMostSixteenBytesPerInteractionWithTimestamps() {
    InteractionMatrix m = sample();

    // 5 interactions x (4 item + 4 weight + 4 time) + 4 row pointers x 4 bytes.
    assertThat(m.rowViewBytes()).isEqualTo(5 * 12 + 4 * 4);
    InteractionMatrix untimed = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 1f).build();
    assertThat(untimed.rowViewBytes()).isEqualTo(8 + 2 * 4);
  }

  @Test
  void eraseUsers_randomBatches_equalsFilteringTheirRowsOutAndRedactsTheirIds() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    InteractionMatrix.Builder b = InteractionMatrix.builder(DuplicatePolicy.SUM);
    for (int e = 0; e < 4000; e++) {
      b.add("u" + random.nextInt(300), "i" + random.nextInt(80), 1 + random.nextInt(4), 1_000L + e);
    }
    InteractionMatrix m = b.build();
    for (int round = 0; round < 20; round++) {
      int[] erased = random.ints(1 + random.nextInt(40), 0, m.numUsers()).toArray(); // may repeat
      erased[0] = round % 2 == 0 ? 0 : m.numUsers() - 1; // first and last rows too
      java.util.Set<Integer> gone = new java.util.HashSet<>();
      for (int u : erased) {
        gone.add(u);
      }
      InteractionMatrix expected = m.filter((u, i, w, t) -> !gone.contains(u));

      InteractionMatrix actual = m.eraseUsers(erased);

      MatrixInvariants.assertValid(actual);
      assertThat(actual.numInteractions()).isEqualTo(expected.numInteractions());
      for (int u = 0; u < m.numUsers(); u++) {
        assertThat(actual.rowItems(u)).isEqualTo(expected.rowItems(u));
        assertThat(actual.rowWeights(u)).isEqualTo(expected.rowWeights(u));
        for (int p = actual.rowStart(u); p < actual.rowEnd(u); p++) {
          assertThat(actual.timeAt(p)).isEqualTo(expected.timeAt(p));
        }
        assertThat(actual.users().isRedacted(u)).isEqualTo(gone.contains(u));
        assertThat(actual.users().indexOf(m.users().id(u))).isEqualTo(gone.contains(u) ? -1 : u);
      }
    }
  }

  @Test
  void eraseUsers_outOfRange_throws() {
    InteractionMatrix m = sample();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.eraseUsers(0, 3))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("user index 3 out of range [0, 3)");
  }
}
