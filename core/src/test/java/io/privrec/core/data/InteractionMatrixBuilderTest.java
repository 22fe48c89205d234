package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InteractionMatrixBuilderTest {

  private static float weight(InteractionMatrix m, String user, String item) {
    int p = m.find(m.users().require(user), m.items().require(item));
    assertThat(p).as("(%s, %s) stored", user, item).isNotNegative();
    return m.weightAt(p);
  }

  private static long time(InteractionMatrix m, String user, String item) {
    return m.timeAt(m.find(m.users().require(user), m.items().require(item)));
  }

  @Test
  void add_idWithNulOrLineBreak_rejectedBeforeAnyIdIsInterned() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u0", "i0", 1f);

    assertThatIllegalArgumentException().isThrownBy(() -> builder.add("u1", "i\u00001", 1f))
        .withMessage("item id must not contain NUL, CR or LF characters, but character 1 is NUL "
            + "(the value is not quoted)");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.add("u\n1", "i1", 1f, 10L))
        .withMessageStartingWith("user id must not contain NUL, CR or LF characters, but character 1 is LF");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.internItem("i\r"))
        .withMessageContaining("character 1 is CR");

    InteractionMatrix m = builder.build();
    assertThat(m.users().ids()).containsExactly("u0");
    assertThat(m.items().ids()).containsExactly("i0");
  }

  @Test
  void build_eventsInAnyOrder_rowsSortedByItemIndex() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("u1", "c", 1f).add("u1", "a", 2f).add("u2", "b", 3f).add("u1", "b", 4f)
        .build();

    MatrixInvariants.assertValid(m);
    assertThat(m.numUsers()).isEqualTo(2);
    assertThat(m.numItems()).isEqualTo(3);
    assertThat(m.numInteractions()).isEqualTo(4);
    int u1 = m.users().require("u1");
    assertThat(m.rowItems(u1)).containsExactly(0, 1, 2); // c, a, b interned in that order
    assertThat(m.rowWeights(u1)).containsExactly(1f, 2f, 4f);
    assertThat(m.hasTimestamps()).isFalse();
  }

  @Test
  void build_sumPolicy_addsWeightsAndKeepsLatestTime() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("u", "i", 1f, 500L).add("u", "i", 2.5f, 100L).add("u", "j", 1f, 50L)
        .build();

    assertThat(m.numInteractions()).isEqualTo(2);
    assertThat(weight(m, "u", "i")).isEqualTo(3.5f);
    assertThat(time(m, "u", "i")).isEqualTo(500L);
  }

  @Test
  void build_maxPolicy_keepsLargestWeightAndItsTime() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.MAX)
        .add("u", "i", 2f, 100L).add("u", "i", 5f, 200L).add("u", "i", 3f, 300L).add("u", "i", 5f, 400L)
        .build();

    assertThat(weight(m, "u", "i")).isEqualTo(5f);
    assertThat(time(m, "u", "i")).as("earliest added of the tied maxima").isEqualTo(200L);
  }

  @Test
  void build_latestPolicy_keepsWeightOfLatestTimestamp() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.LATEST)
        .add("u", "i", 2f, 300L).add("u", "i", 5f, 100L).add("u", "i", 4f, 200L)
        .build();

    assertThat(weight(m, "u", "i")).isEqualTo(2f);
    assertThat(time(m, "u", "i")).isEqualTo(300L);
  }

  @Test
  void build_latestPolicyEqualTimes_lastAddedWins() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.LATEST)
        .add("u", "i", 2f, 100L).add("u", "i", 7f, 100L)
        .build();

    assertThat(weight(m, "u", "i")).isEqualTo(7f);
  }

  @Test
  void build_latestPolicyWithoutTimes_lastAddedWins() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.LATEST)
        .add("u", "i", 2f).add("u", "i", 7f).add("u", "i", 3f)
        .build();

    assertThat(weight(m, "u", "i")).isEqualTo(3f);
  }

  @Test
  void build_rejectPolicyWithRepeatedPair_throwsNamingTheEventsNotTheIds() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.REJECT)
        .add("alice", "dress-1", 1f).add("bob", "dress-1", 1f).add("alice", "dress-1", 2f);

    assertThatIllegalArgumentException()
        .isThrownBy(builder::build)
        .withMessageNotContaining("alice")
        .withMessageNotContaining("dress-1")
        .withMessageContaining("events 1 and 3")
        .withMessageContaining("REJECT");
  }

  @Test
  void build_rejectPolicyDistinctPairs_builds() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.REJECT)
        .add("alice", "a", 1f).add("alice", "b", 1f).add("bob", "a", 1f)
        .build();

    assertThat(m.numInteractions()).isEqualTo(3);
  }

  @Test
  void addEvent_purchaseThenReturn_leavesWeakerPositiveWeight() {
    EventWeights w = EventWeights.DEFAULT;
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .addEvent("u", "kept", EventKind.PURCHASE, 0f, w, 10L)
        .addEvent("u", "returned", EventKind.PURCHASE, 0f, w, 10L)
        .addEvent("u", "returned", EventKind.RETURN, 0f, w, 20L)
        .build();

    assertThat(weight(m, "u", "kept")).isEqualTo(4f);
    assertThat(weight(m, "u", "returned")).isEqualTo(1f).isLessThan(weight(m, "u", "kept"));
    assertThat(time(m, "u", "returned")).isEqualTo(20L);
  }

  @Test
  void addEvent_eachKind_usesConfiguredWeight() {
    EventWeights w = new EventWeights(0.5f, 1.5f, 6f, -2f);
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .addEvent("u", "v", EventKind.VIEW, 0f, w, 1L)
        .addEvent("u", "c", EventKind.CART, 0f, w, 1L)
        .addEvent("u", "p", EventKind.PURCHASE, 0f, w, 1L)
        .addEvent("u", "r", EventKind.RATING, 3.5f, w, 1L)
        .build();

    assertThat(weight(m, "u", "v")).isEqualTo(0.5f);
    assertThat(weight(m, "u", "c")).isEqualTo(1.5f);
    assertThat(weight(m, "u", "p")).isEqualTo(6f);
    assertThat(weight(m, "u", "r")).isEqualTo(3.5f);
  }

  @Test
  void build_nonPositiveCombinedPairs_droppedAndCounted() {
    EventWeights w = EventWeights.DEFAULT;
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .addEvent("u", "only-return", EventKind.RETURN, 0f, w, 1L)
        .addEvent("u", "cancelled", EventKind.VIEW, 0f, w, 1L)
        .addEvent("u", "cancelled", EventKind.RETURN, 0f, w, 2L)
        .addEvent("u", "kept", EventKind.VIEW, 0f, w, 3L);

    InteractionMatrix m = builder.build();

    assertThat(builder.droppedNonPositive()).isEqualTo(2);
    assertThat(m.numInteractions()).isEqualTo(1);
    assertThat(m.items().contains("cancelled")).as("dropped items stay in the index").isTrue();
    assertThat(m.rowItems(0)).containsExactly(m.items().require("kept"));
    MatrixInvariants.assertValid(m);
  }

  @Test
  void build_zeroWeightEvent_droppedAndCounted() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 0f);

    assertThat(builder.build().numInteractions()).isZero();
    assertThat(builder.droppedNonPositive()).isEqualTo(1);
  }

  @Test
  void build_sumOverflowingToInfinity_throwsNamingTheEventNotTheIds() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("u", "i", 3e38f).add("u", "i", 3e38f);

    assertThatIllegalArgumentException().isThrownBy(builder::build)
        .withMessageContaining("event 1")
        .withMessageContaining("overflows")
        .withMessageNotContaining("'u'");
  }

  @Test
  void build_timestamps_roundTripExactly() {
    long[] times = {1_700_000_000L, 0L, -86_400L, 1_700_000_123L};
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int k = 0; k < times.length; k++) {
      builder.add("u" + k, "i" + k, 1f, times[k]);
    }
    InteractionMatrix m = builder.build();

    assertThat(m.hasTimestamps()).isTrue();
    assertThat(m.timeBase()).isEqualTo(-86_400L);
    for (int k = 0; k < times.length; k++) {
      assertThat(time(m, "u" + k, "i" + k)).isEqualTo(times[k]);
    }
  }

  @Test
  void build_timestampsSpanningMoreThanIntRange_throws() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("u", "a", 1f, 0L).add("u", "b", 1f, 1L << 32);

    assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining("2^31 seconds");
  }

  @Test
  void build_extremeTimestamps_throwsInsteadOfOverflowing() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("u", "a", 1f, Long.MIN_VALUE).add("u", "b", 1f, Long.MAX_VALUE);

    assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining("2^31 seconds");
  }

  @Test
  void timeAt_withoutTimestamps_throwsIllegalState() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 1f).build();

    org.assertj.core.api.Assertions.assertThatIllegalStateException()
        .isThrownBy(() -> m.timeAt(0))
        .withMessageContaining("no timestamps");
    assertThat(m.timeBase()).isZero();
  }

  @Test
  void add_untimedAfterTimed_throwsAndLeavesBuilderUnchanged() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 1f, 5L);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.add("v", "j", 1f))
        .withMessageContaining("no timestamp")
        .withMessageContaining("all events or none");

    assertThat(builder.size()).isEqualTo(1);
    InteractionMatrix m = builder.build();
    assertThat(m.numUsers()).isEqualTo(1);
    assertThat(m.numItems()).isEqualTo(1);
  }

  @Test
  void add_timedAfterUntimed_throws() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 1f);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.add("u", "i", 1f, 5L))
        .withMessageContaining("has a timestamp");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.addIndexed(0, 0, 1f, 5L))
        .withMessageContaining("has a timestamp");
    assertThat(builder.size()).isEqualTo(1);
  }

  @Test
  void add_nullIds_throwNamingParameter() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM);

    assertThatNullPointerException().isThrownBy(() -> builder.add(null, "i", 1f)).withMessage("user");
    assertThatNullPointerException().isThrownBy(() -> builder.add("u", null, 1f)).withMessage("item");
    assertThat(builder.size()).isZero();
  }

  @Test
  void add_emptyUserId_throwsAndInternsNothing() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM);

    assertThatIllegalArgumentException().isThrownBy(() -> builder.add("", "i", 1f))
        .withMessage("user id must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.add("u", "", 1f))
        .withMessage("item id must not be empty");

    InteractionMatrix m = builder.build();
    assertThat(m.numUsers()).isZero();
    assertThat(m.numItems()).isZero();
  }

  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void add_nonFiniteWeight_throwsWithValueAndLeavesBuilderUnchanged(float bad) {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 1f);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.add("new-user", "new-item", bad))
        .withMessage("weight must be finite. Provided value: " + bad);

    assertThat(builder.size()).isEqualTo(1);
    InteractionMatrix m = builder.build();
    assertThat(m.users().contains("new-user")).isFalse();
    assertThat(m.items().contains("new-item")).isFalse();
  }

  @Test
  void addIndexed_unknownIndex_throwsWithRange() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM);
    builder.internUser("u");
    builder.internItem("i");

    assertThatIllegalArgumentException().isThrownBy(() -> builder.addIndexed(1, 0, 1f, 0L))
        .withMessage("user index must be in [0, 1). Provided value: 1");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.addIndexed(0, -1, 1f, 0L))
        .withMessage("item index must be in [0, 1). Provided value: -1");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.addIndexed(0, 0, Float.NaN, 0L))
        .withMessageContaining("weight must be finite");
    assertThat(builder.size()).isZero();
  }

  @Test
  void internUser_withoutEvents_keepsEmptyRow() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM);
    int idle = builder.internUser("idle");
    builder.add("active", "i", 1f, 3L);

    InteractionMatrix m = builder.build();

    assertThat(m.numUsers()).isEqualTo(2);
    assertThat(m.rowLength(idle)).isZero();
    MatrixInvariants.assertValid(m);
  }

  @Test
  void builder_extendingIndices_alignsWithTrainingIndices() {
    InteractionMatrix train = InteractionMatrix.builder(DuplicatePolicy.SUM)
        .add("u1", "a", 1f).add("u2", "b", 1f).build();

    InteractionMatrix test = InteractionMatrix.builder(DuplicatePolicy.SUM, train.users(), train.items())
        .add("u2", "a", 1f).add("u3", "c", 1f).build();

    assertThat(test.users().ids()).containsExactly("u1", "u2", "u3");
    assertThat(test.items().ids()).containsExactly("a", "b", "c");
    assertThat(test.rowLength(0)).isZero();
    assertThat(test.rowItems(1)).containsExactly(0);
    assertThat(train.numUsers()).isEqualTo(2);
  }

  @Test
  void build_calledTwice_builderStaysUsable() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u", "i", 1f);
    InteractionMatrix first = builder.build();
    builder.add("u", "j", 1f);

    assertThat(first.numInteractions()).isEqualTo(1);
    assertThat(builder.build().numInteractions()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(DuplicatePolicy.class)
  void build_emptyBuilder_yieldsEmptyMatrix(DuplicatePolicy policy) {
    InteractionMatrix m = InteractionMatrix.builder(policy).build();

    assertThat(m.numUsers()).isZero();
    assertThat(m.numItems()).isZero();
    assertThat(m.numInteractions()).isZero();
    assertThat(m.rowViewBytes()).isEqualTo(4L);
  }

  @Test
  void builder_nullArguments_throwNamingParameter() {
    assertThatNullPointerException().isThrownBy(() -> InteractionMatrix.builder(null)).withMessage("duplicates");
    IdIndex users = IdIndex.of("user", List.of("u"));
    assertThatNullPointerException()
        .isThrownBy(() -> InteractionMatrix.builder(DuplicatePolicy.SUM, users, null)).withMessage("items");
  }

  @Test
  void build_manyEventsBeyondInitialCapacity_allKept() {
    InteractionMatrix.Builder builder = InteractionMatrix.builder(DuplicatePolicy.REJECT);
    for (int k = 0; k < 5000; k++) {
      builder.add("u" + (k % 37), "i" + k, 1f + k % 5, 1000L + k);
    }
    InteractionMatrix m = builder.build();

    assertThat(m.numInteractions()).isEqualTo(5000);
    assertThat(m.numUsers()).isEqualTo(37);
    MatrixInvariants.assertValid(m);
    int last = m.find(m.users().require("u" + (4999 % 37)), m.items().require("i4999"));
    assertThat(m.timeAt(last)).isEqualTo(5999L);
    assertThat(m.weightAt(last)).isEqualTo(1f + 4999 % 5);
  }
}
