package io.privrec.core.eval;

import static io.privrec.core.eval.EvalFixtures.SEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.data.InteractionMatrix;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitsTest {
  private static final InteractionMatrix DATA = EvalFixtures.random(300, 60, 25, SEED);

  /** Asserts that train and test partition data exactly (weights and times preserved). */
  private static void assertPartition(InteractionMatrix data, Split split) {
    assertThat(split.train().users()).isSameAs(data.users());
    assertThat(split.train().items()).isSameAs(data.items());
    assertThat(split.train().numInteractions() + split.test().numInteractions()).isEqualTo(data.numInteractions());
    for (int u = 0; u < data.numUsers(); u++) {
      for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
        int item = data.itemAt(p);
        int inTrain = split.train().find(u, item);
        int inTest = split.test().find(u, item);
        assertThat(inTrain < 0).as("(%d,%d) in exactly one part", u, item).isNotEqualTo(inTest < 0);
        InteractionMatrix part = inTrain >= 0 ? split.train() : split.test();
        int q = Math.max(inTrain, inTest);
        assertThat(part.weightAt(q)).isEqualTo(data.weightAt(p));
        if (data.hasTimestamps()) {
          assertThat(part.timeAt(q)).isEqualTo(data.timeAt(p));
        }
      }
    }
  }

  private static int[] testCounts(Split split) {
    int[] counts = new int[split.test().numUsers()];
    for (int u = 0; u < counts.length; u++) {
      counts[u] = split.test().rowLength(u);
    }
    return counts;
  }

  @Test
  void userHoldout_randomData_partitionsWithRoundedClampedCountPerUser() {
    Split split = Splits.userHoldout(0.2, SEED).split(DATA);

    assertPartition(DATA, split);
    int usersWithFewerThanTwo = 0;
    for (int u = 0; u < DATA.numUsers(); u++) {
      int n = DATA.rowLength(u);
      int expected = n < 2 ? 0 : (int) Math.min(n - 1, Math.max(1, Math.round(0.2 * n)));
      assertThat(split.test().rowLength(u)).as("user %d with %d interactions", u, n).isEqualTo(expected);
      usersWithFewerThanTwo += n < 2 ? 1 : 0;
    }
    assertThat(usersWithFewerThanTwo).as("fixture covers users with 0 or 1 interactions").isPositive();
  }

  @Test
  void userHoldout_handCounts_followRoundingAndClamping() {
    // fraction 0.5: n = 1 → 0 (stays in train); n = 2 → round(1) = 1; n = 3 → round(1.5) = 2;
    // fraction 0.9: n = 2 → round(1.8) = 2 clamped to n−1 = 1.
    InteractionMatrix data = EvalFixtures.pairs("a x", "b x", "b y", "c x", "c y", "c z");
    assertThat(testCounts(Splits.userHoldout(0.5, SEED).split(data))).containsExactly(0, 1, 2);
    assertThat(testCounts(Splits.userHoldout(0.9, SEED).split(data))).containsExactly(0, 1, 2);
    // fraction 0.1: n = 3 → round(0.3) = 0 clamped up to 1.
    assertThat(testCounts(Splits.userHoldout(0.1, SEED).split(data))).containsExactly(0, 1, 1);
  }

  @Test
  void userHoldout_sameSeed_sameSplit() {
    Split a = Splits.userHoldout(0.3, 7).split(DATA);
    Split b = Splits.userHoldout(0.3, 7).split(DATA);
    for (int u = 0; u < DATA.numUsers(); u++) {
      assertThat(a.test().rowItems(u)).isEqualTo(b.test().rowItems(u));
    }
  }

  @Test
  void userHoldout_differentSeeds_differentSplits() {
    Split a = Splits.userHoldout(0.3, 7).split(DATA);
    Split b = Splits.userHoldout(0.3, 8).split(DATA);
    int differing = 0;
    for (int u = 0; u < DATA.numUsers(); u++) {
      if (!Arrays.equals(a.test().rowItems(u), b.test().rowItems(u))) {
        differing++;
      }
    }
    assertThat(differing).isGreaterThan(DATA.numUsers() / 2);
  }

  @Test
  void userHoldout_badFraction_throwsNamingFractionAndValue() {
    for (double bad : new double[] {Double.NaN, 0, -0.1, 1, 1.5, Double.POSITIVE_INFINITY}) {
      assertThatIllegalArgumentException().isThrownBy(() -> Splits.userHoldout(bad, SEED))
          .withMessageContaining("testFraction must be in (0, 1)").withMessageContaining(String.valueOf(bad));
    }
  }

  @Test
  void userHoldout_appliedToTrain_carvesValidationDisjointFromTest() {
    Split outer = Splits.userHoldout(0.2, SEED).split(DATA);
    Split inner = Splits.userHoldout(0.2, SEED + 1).split(outer.train());

    assertPartition(outer.train(), inner);
    for (int u = 0; u < DATA.numUsers(); u++) {
      for (int item : inner.test().rowItems(u)) {
        assertThat(outer.test().find(u, item)).isNegative();
      }
    }
  }

  @Test
  void leaveLastN_randomData_latestNPerUserInTest() {
    Split split = Splits.leaveLastN(2).split(DATA);

    assertPartition(DATA, split);
    for (int u = 0; u < DATA.numUsers(); u++) {
      int n = DATA.rowLength(u);
      assertThat(split.test().rowLength(u)).isEqualTo(n <= 2 ? 0 : 2);
      long latestTrain = Long.MIN_VALUE;
      for (int p = split.train().rowStart(u); p < split.train().rowEnd(u); p++) {
        latestTrain = Math.max(latestTrain, split.train().timeAt(p));
      }
      for (int p = split.test().rowStart(u); p < split.test().rowEnd(u); p++) {
        assertThat(split.test().timeAt(p)).isGreaterThanOrEqualTo(latestTrain);
      }
    }
  }

  @Test
  void leaveLastN_equalTimestamps_higherItemIndexCountsAsLater() {
    // Items x, y, z get indices 0, 1, 2. u: x@10, z@20, y@20 → latest two are y and z (same
    // time); leave-last-1 takes z (higher index). v: x@5 only → stays in train.
    InteractionMatrix data = EvalFixtures.timed("u x 10", "u z 20", "u y 20", "v x 5");
    Split one = Splits.leaveLastN(1).split(data);
    Split two = Splits.leaveLastN(2).split(data);

    assertThat(one.test().rowItems(0)).containsExactly(2);
    assertThat(two.test().rowItems(0)).containsExactly(1, 2);
    assertThat(one.test().rowLength(1)).isZero();
  }

  @Test
  void leaveLastN_dataWithoutTimestamps_throwsSayingTimestampsNeeded() {
    InteractionMatrix untimed = EvalFixtures.pairs("a x", "a y", "a z");
    assertThatIllegalArgumentException().isThrownBy(() -> Splits.leaveLastN(1).split(untimed))
        .withMessageContaining("needs timestamps");
  }

  @Test
  void leaveLastN_nBelowOne_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> Splits.leaveLastN(0))
        .withMessageContaining("n must be >= 1").withMessageContaining("0");
  }

  @Test
  void timeCut_randomData_splitsAtInstant() {
    long cut = 1_000_500L;
    Split split = Splits.timeCut(cut).split(DATA);

    assertPartition(DATA, split);
    for (int p = 0; p < split.train().numInteractions(); p++) {
      assertThat(split.train().timeAt(p)).isLessThan(cut);
    }
    for (int p = 0; p < split.test().numInteractions(); p++) {
      assertThat(split.test().timeAt(p)).isGreaterThanOrEqualTo(cut);
    }
    assertThat(split.train().numInteractions()).isPositive();
    assertThat(split.test().numInteractions()).isPositive();
  }

  @Test
  void timeCut_handData_boundaryInstantGoesToTest() {
    InteractionMatrix data = EvalFixtures.timed("u x 10", "u y 20", "v x 30");
    Split split = Splits.timeCut(20).split(data);

    assertThat(split.train().rowItems(0)).containsExactly(0);
    assertThat(split.test().rowItems(0)).containsExactly(1);
    assertThat(split.test().rowItems(1)).containsExactly(0);
  }

  @Test
  void timeCut_dataWithoutTimestamps_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> Splits.timeCut(0).split(EvalFixtures.pairs("a x")))
        .withMessageContaining("needs timestamps");
  }

  @Test
  void userKFold_allToTest_everyActiveUserTestedInExactlyOneFold() {
    List<Split> folds = Splits.userKFold(DATA, 5, 1.0, SEED);

    assertThat(folds).hasSize(5);
    int[] timesTested = new int[DATA.numUsers()];
    int[] foldSizes = new int[5];
    for (int f = 0; f < 5; f++) {
      Split split = folds.get(f);
      assertPartition(DATA, split);
      for (int u = 0; u < DATA.numUsers(); u++) {
        if (split.test().rowLength(u) > 0) {
          timesTested[u]++;
          foldSizes[f]++;
          assertThat(split.train().rowLength(u)).isZero();
          assertThat(split.test().rowLength(u)).isEqualTo(DATA.rowLength(u));
        }
      }
    }
    for (int u = 0; u < DATA.numUsers(); u++) {
      assertThat(timesTested[u]).isEqualTo(DATA.rowLength(u) > 0 ? 1 : 0);
    }
    assertThat(Arrays.stream(foldSizes).max().getAsInt() - Arrays.stream(foldSizes).min().getAsInt()).isLessThanOrEqualTo(1);
  }

  @Test
  void userKFold_fraction_foldUsersHoldOutPerHoldoutRule() {
    List<Split> folds = Splits.userKFold(DATA, 3, 0.25, SEED);
    int[] timesTested = new int[DATA.numUsers()];
    for (Split split : folds) {
      assertPartition(DATA, split);
      for (int u = 0; u < DATA.numUsers(); u++) {
        int h = split.test().rowLength(u);
        if (h > 0) {
          timesTested[u]++;
          int n = DATA.rowLength(u);
          assertThat(h).isEqualTo((int) Math.min(n - 1, Math.max(1, Math.round(0.25 * n))));
        }
      }
    }
    for (int u = 0; u < DATA.numUsers(); u++) {
      assertThat(timesTested[u]).isEqualTo(DATA.rowLength(u) >= 2 ? 1 : 0);
    }
  }

  @Test
  void userKFold_sameSeed_sameFolds_differentSeed_differentFolds() {
    List<Split> a = Splits.userKFold(DATA, 4, 1.0, 1);
    List<Split> b = Splits.userKFold(DATA, 4, 1.0, 1);
    List<Split> c = Splits.userKFold(DATA, 4, 1.0, 2);
    int differing = 0;
    for (int u = 0; u < DATA.numUsers(); u++) {
      assertThat(a.get(0).test().rowLength(u)).isEqualTo(b.get(0).test().rowLength(u));
      if (a.get(0).test().rowLength(u) != c.get(0).test().rowLength(u)) {
        differing++;
      }
    }
    assertThat(differing).isPositive();
  }

  @Test
  void userKFold_badArguments_throwWithMessages() {
    assertThatIllegalArgumentException().isThrownBy(() -> Splits.userKFold(DATA, 1, 1.0, SEED))
        .withMessageContaining("k must be >= 2").withMessageContaining("1");
    assertThatIllegalArgumentException().isThrownBy(() -> Splits.userKFold(EvalFixtures.pairs("a x", "b x"), 3, 1.0, SEED))
        .withMessage("k must be at most the number of users with interactions. Provided value: 3");
    for (double bad : new double[] {Double.NaN, 0, -1, 1.01}) {
      assertThatIllegalArgumentException().isThrownBy(() -> Splits.userKFold(DATA, 3, bad, SEED))
          .withMessageContaining("testFraction must be in (0, 1]").withMessageContaining(String.valueOf(bad));
    }
  }

  @Test
  void withoutColdTestItems_itemOnlyInTest_isDropped() {
    // z appears only in u's test part; y is in v's training data.
    InteractionMatrix data = EvalFixtures.pairs("u x", "u y", "u z", "v y");
    Split split = new Split(data.filter((u, i, w, t) -> !(u == 0 && i != 0)), data.filter((u, i, w, t) -> u == 0 && i != 0));
    Split warm = split.withoutColdTestItems();

    assertThat(split.test().rowItems(0)).containsExactly(1, 2);
    assertThat(warm.test().rowItems(0)).containsExactly(1);
    assertThat(warm.train()).isSameAs(split.train());
  }

  @Test
  void newUsers_newUsersKeepExactlyKeepTrainingInteractions_othersAreHeldOutAsUsual() {
    Split split = Splits.newUsers(0.3, 2, 0.2, SEED).split(DATA);
    assertPartition(DATA, split);
    int fresh = 0;
    for (int u = 0; u < DATA.numUsers(); u++) {
      int n = DATA.rowLength(u);
      if (n > 2 && split.train().rowLength(u) == 2 && split.test().rowLength(u) == n - 2) {
        fresh++;
      }
    }
    assertThat(fresh).isBetween(DATA.numUsers() / 6, DATA.numUsers() / 2);
    // Same seed, same split; the fraction 1 makes everyone with more than 2 interactions new.
    Split again = Splits.newUsers(0.3, 2, 0.2, SEED).split(DATA);
    for (int u = 0; u < DATA.numUsers(); u++) {
      assertThat(again.test().rowItems(u)).isEqualTo(split.test().rowItems(u));
    }
    Split all = Splits.newUsers(1, 2, 0.2, SEED).split(DATA);
    for (int u = 0; u < DATA.numUsers(); u++) {
      if (DATA.rowLength(u) > 2) {
        assertThat(all.train().rowLength(u)).isEqualTo(2);
      }
    }
    assertThatIllegalArgumentException().isThrownBy(() -> Splits.newUsers(0, 2, 0.2, 1)).withMessageContaining("newUserFraction");
    assertThatIllegalArgumentException().isThrownBy(() -> Splits.newUsers(0.5, -1, 0.2, 1)).withMessageContaining("keep");
  }
}
