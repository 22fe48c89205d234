package io.privrec.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.privrec.core.data.DuplicatePolicy;
import io.privrec.core.data.InteractionMatrix;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-02T00:00:00Z");
  private static final long DAY = 86_400;

  private static InteractionMatrix timed() {
    long now = NOW.getEpochSecond();
    return InteractionMatrix.builder(DuplicatePolicy.REJECT)
        .add("alice", "sku-1", 1f, now - 400 * DAY)
        .add("alice", "sku-2", 1f, now - 10 * DAY)
        .add("bob", "sku-1", 2f, now - 365 * DAY)      // exactly maxAge old: kept
        .add("bob", "sku-3", 1f, now - 365 * DAY - 1)  // one second older: dropped
        .add("carol", "sku-2", 1f, now + DAY)          // dated in the future: kept
        .build();
  }

  @Test
  void apply_mixedAges_dropsOlderThanMaxAgeAndCountsThem() {
    InteractionMatrix data = timed();
    RetentionPolicy.Result r = RetentionPolicy.of(Duration.ofDays(365)).apply(data, NOW);

    assertThat(r.dropped()).isEqualTo(2);
    assertThat(r.data().numInteractions()).isEqualTo(3);
    assertThat(r.data().users()).isSameAs(data.users());
    int alice = data.users().indexOf("alice");
    int bob = data.users().indexOf("bob");
    assertThat(r.data().rowItems(alice)).containsExactly(data.items().indexOf("sku-2"));
    assertThat(r.data().rowItems(bob)).containsExactly(data.items().indexOf("sku-1"));
  }

  @Test
  void apply_subSecondCutoff_keepsOnlyWholeSecondsAtOrAfterIt() {
    InteractionMatrix data = timed();
    // Cutoff falls 0.5 s after the "exactly 365 days" interaction: it is now too old.
    RetentionPolicy.Result r = RetentionPolicy.of(Duration.ofDays(365)).apply(data, NOW.plusMillis(500));
    assertThat(r.dropped()).isEqualTo(3);
  }

  @Test
  void apply_nothingTooOld_returnsSameMatrixAndZero() {
    InteractionMatrix data = timed();
    RetentionPolicy.Result r = RetentionPolicy.of(Duration.ofDays(1000)).apply(data, NOW);
    assertThat(r.dropped()).isZero();
    assertThat(r.data()).isSameAs(data);
    RetentionPolicy.Result huge = RetentionPolicy.of(Duration.ofSeconds(Long.MAX_VALUE)).apply(data, NOW);
    assertThat(huge.dropped()).isZero();
  }

  @Test
  void apply_untimedMatrix_throws() {
    InteractionMatrix untimed = InteractionMatrix.builder(DuplicatePolicy.REJECT).add("alice", "sku-1", 1f).build();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetentionPolicy.of(Duration.ofDays(30)).apply(untimed, NOW))
        .withMessageContaining("data has no timestamps");
  }

  @Test
  void of_nonPositiveOrNullMaxAge_throws() {
    assertThatIllegalArgumentException().isThrownBy(() -> RetentionPolicy.of(Duration.ZERO))
        .withMessage("maxAge must be > 0. Provided value: PT0S");
    assertThatIllegalArgumentException().isThrownBy(() -> RetentionPolicy.of(Duration.ofDays(-1)))
        .withMessageContaining("maxAge must be > 0");
    assertThatNullPointerException().isThrownBy(() -> RetentionPolicy.of(null)).withMessage("maxAge");
    assertThatNullPointerException().isThrownBy(() -> RetentionPolicy.of(Duration.ofDays(1)).apply(timed(), null))
        .withMessage("now");
  }
}
