package io.privrec.dp.bounding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.dp.testing.TestRandoms;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContributionBounderTest {

  private static ContributionBounder bounder(int l0, int perPartition) {
    return ContributionBounder.builder()
        .maxPartitionsContributed(l0)
        .maxContributionsPerPartition(perPartition)
        .valueBounds(0, 10)
        .randomSource(TestRandoms.seeded("ContributionBounderTest"))
        .build();
  }

  @Test
  void bound_userWithinBounds_keepsEverythingInInputOrder() {
    long[] users = {7, 3, 7, 3};
    long[] keys = {1, 1, 2, 5};
    double[] values = {1, 2, 3, 4};

    BoundedContributions out = bounder(2, 1).bound(users, keys, values);

    assertThat(out.userIds()).containsExactly(7, 3, 7, 3);
    assertThat(out.keys()).containsExactly(1, 1, 2, 5);
    assertThat(out.values()).containsExactly(1, 2, 3, 4);
    assertThat(out.report()).isEqualTo(new BoundingReport(4, 4, 0, 0, 0, 0));
  }

  @Test
  void bound_tooManyKeys_keepsL0KeysAndCountsDrops() {
    long[] users = {1, 1, 1, 1, 1, 2};
    long[] keys = {10, 11, 12, 12, 13, 10};
    double[] values = {1, 1, 1, 1, 1, 1};

    BoundedContributions out = bounder(2, 5).bound(users, keys, values);

    long user1Keys =
        java.util.stream.IntStream.range(0, out.size())
            .filter(i -> out.userIds()[i] == 1)
            .mapToLong(i -> out.keys()[i])
            .distinct()
            .count();
    assertThat(user1Keys).isEqualTo(2);
    BoundingReport r = out.report();
    assertThat(r.usersOverPartitionLimit()).isEqualTo(1);
    assertThat(r.inputRecords()).isEqualTo(6);
    assertThat(r.outputRecords() + r.droppedByPartitionLimit()).isEqualTo(6);
    assertThat(r.droppedByContributionLimit()).isZero();
  }

  @Test
  void bound_tooManyRecordsPerKey_keepsCapAndClamps() {
    long[] users = {1, 1, 1, 1};
    long[] keys = {4, 4, 4, 4};
    double[] values = {-5, 20, 3, 3};

    BoundedContributions out = bounder(1, 2).bound(users, keys, values);

    assertThat(out.size()).isEqualTo(2);
    assertThat(java.util.Arrays.stream(out.values()).allMatch(v -> v >= 0 && v <= 10)).isTrue();
    assertThat(out.report().droppedByContributionLimit()).isEqualTo(2);
  }

  @Test
  void bound_clamping_countsClampedValues() {
    BoundedContributions out =
        bounder(5, 5).bound(new long[] {1, 2, 3}, new long[] {1, 1, 1}, new double[] {-1, 5, 11});

    assertThat(out.values()).containsExactly(0, 5, 10);
    assertThat(out.report().clampedValues()).isEqualTo(2);
  }

  @Test
  void bound_withoutValueBounds_keepsValues() {
    ContributionBounder noClamp =
        ContributionBounder.builder()
            .maxPartitionsContributed(1)
            .randomSource(TestRandoms.seeded("noClamp"))
            .build();

    BoundedContributions out = noClamp.bound(List.of(new Contribution(1, 2, -1e300)));

    assertThat(out.values()).containsExactly(-1e300);
    assertThat(noClamp.maxContributionsPerPartition()).isEqualTo(1);
  }

  @Test
  void distinctUsersPerKey_countsUsersNotRecords() {
    BoundedContributions out =
        bounder(3, 3)
            .bound(
                new long[] {1, 1, 2, 3, 3},
                new long[] {9, 9, 9, 4, 9},
                new double[] {1, 1, 1, 1, 1});

    KeyUserCounts counts = out.distinctUsersPerKey();

    assertThat(counts.keys()).containsExactly(4, 9);
    assertThat(counts.userCounts()).containsExactly(1, 3);
  }

  @Test
  void bound_emptyInput_returnsEmpty() {
    BoundedContributions out = bounder(1, 1).bound(new long[0], new long[0], new double[0]);

    assertThat(out.size()).isZero();
    assertThat(out.distinctUsersPerKey().size()).isZero();
  }

  @Test
  void bound_nonFiniteValue_throwsNamingIndex() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> bounder(1, 1).bound(new long[] {1, 2}, new long[] {1, 1}, new double[] {1, Double.NaN}))
        .withMessage("values[1] must be finite. Provided value: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                bounder(1, 1)
                    .bound(new long[] {1}, new long[] {1}, new double[] {Double.POSITIVE_INFINITY}))
        .withMessageContaining("values[0]");
  }

  @Test
  void bound_mismatchedLengths_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> bounder(1, 1).bound(new long[] {1}, new long[] {1, 2}, new double[] {1}))
        .withMessageContaining("equal lengths");
  }

  @Test
  void bound_nulls_throwNamingParameter() {
    assertThatNullPointerException()
        .isThrownBy(() -> bounder(1, 1).bound(null, new long[0], new double[0]))
        .withMessageContaining("userIds");
    assertThatNullPointerException()
        .isThrownBy(() -> bounder(1, 1).bound(java.util.Arrays.asList((Contribution) null)))
        .withMessageContaining("contributions[0]");
  }

  @Test
  void builder_badParameters_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContributionBounder.builder().maxPartitionsContributed(0))
        .withMessageContaining("maxPartitionsContributed");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContributionBounder.builder().maxContributionsPerPartition(-1))
        .withMessageContaining("maxContributionsPerPartition");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContributionBounder.builder().valueBounds(1, 1))
        .withMessageContaining("lower must be < upper");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ContributionBounder.builder().valueBounds(Double.NaN, 1))
        .withMessageContaining("lower");
    assertThatIllegalStateException()
        .isThrownBy(() -> ContributionBounder.builder().build())
        .withMessageContaining("maxPartitionsContributed");
    assertThatNullPointerException()
        .isThrownBy(() -> ContributionBounder.builder().randomSource(null))
        .withMessageContaining("random");
  }
}
