package io.privrec.core.privacy;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps interactions for at most {@code maxAge} (storage limitation, GDPR art. 5(1)(e)): apply it
 * on every data update, before training.
 *
 * <p>An interaction at epoch second {@code t} is kept if {@code t >= now - maxAge} (an interaction
 * exactly {@code maxAge} old is kept) and dropped otherwise; interactions dated after {@code now}
 * are kept. If {@code now - maxAge} lies before the earliest representable instant, nothing is
 * dropped. Immutable and thread-safe.
 *
 * @param maxAge the longest an interaction is kept, {@code > 0}
 */
public record RetentionPolicy(Duration maxAge) {

  /**
   * Validates {@code maxAge}.
   *
   * @throws IllegalArgumentException if {@code maxAge} is zero or negative
   * @throws NullPointerException if it is null
   */
  public RetentionPolicy {
    CorePreconditions.checkPositive("maxAge", maxAge);
  }

  /** A policy keeping interactions for {@code maxAge}; see the class description. */
  public static RetentionPolicy of(Duration maxAge) {
    return new RetentionPolicy(maxAge);
  }

  /**
   * Drops the interactions of {@code data} older than {@code maxAge} at {@code now}; users and
   * items stay in the id indices (so indices line up with {@code data}).
   *
   * @return the kept interactions (the same instance if none is dropped) and the number dropped
   * @throws IllegalArgumentException if {@code data} has no timestamps
   * @throws NullPointerException if an argument is null
   */
  public Result apply(InteractionMatrix data, Instant now) {
    requireNonNull(data, "data");
    requireNonNull(now, "now");
    CorePreconditions.checkArgument(data.hasTimestamps(),
        "data has no timestamps: a retention policy needs the time of every interaction");
    Instant cutoff;
    try {
      cutoff = now.minus(maxAge);
    } catch (DateTimeException | ArithmeticException e) {
      return new Result(data, 0);
    }
    // Timestamps are whole seconds: t >= cutoff  <=>  t >= ceil(cutoff).
    long minSecond = cutoff.getEpochSecond() + (cutoff.getNano() > 0 ? 1 : 0);
    InteractionMatrix kept = data.filter((user, item, weight, epochSecond) -> epochSecond >= minSecond);
    int dropped = data.numInteractions() - kept.numInteractions();
    return new Result(dropped == 0 ? data : kept, dropped);
  }

  /**
   * What {@link #apply} kept and how much it dropped.
   *
   * @param data the kept interactions
   * @param dropped number of interactions dropped, {@code >= 0}
   */
  public record Result(InteractionMatrix data, int dropped) {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code dropped < 0}
     * @throws NullPointerException if {@code data} is null
     */
    public Result {
      requireNonNull(data, "data");
      CorePreconditions.checkNonNegative("dropped", dropped);
    }
  }
}
