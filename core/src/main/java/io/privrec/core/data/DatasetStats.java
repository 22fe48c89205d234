package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;
import java.util.Locale;

/**
 * Shape statistics of an {@link InteractionMatrix}: size, sparsity, popularity skew and activity,
 * as used to compare data sets (e.g. the synthetic store against RentTheRunway).
 *
 * <p>Statistics about users and items count only <em>active</em> ones (at least one
 * interaction), because indices may hold ids without interactions; density is
 * {@code interactions / (activeUsers × activeItems)}. On a matrix without interactions, density,
 * Gini, the single-interaction share, mean and median are 0.
 *
 * @param users users in the index, {@code >= 0}
 * @param items items in the index, {@code >= 0}
 * @param activeUsers users with at least one interaction
 * @param activeItems items with at least one interaction
 * @param interactions stored (user, item) pairs
 * @param density {@code interactions / (activeUsers × activeItems)}, in {@code [0, 1]}
 * @param itemGini Gini coefficient of the interaction counts of active items, in {@code [0, 1)}:
 *     0 when every item is equally popular, near 1 when a few items take everything
 * @param singleInteractionUserShare share of active users with exactly one interaction
 * @param meanPerUser mean interactions per active user
 * @param medianPerUser median interactions per active user
 */
public record DatasetStats(int users, int items, int activeUsers, int activeItems, long interactions,
    double density, double itemGini, double singleInteractionUserShare, double meanPerUser, double medianPerUser) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if a count is negative, active counts exceed the index
   *     sizes, or a ratio is NaN or out of range
   */
  public DatasetStats {
    if (users < 0 || items < 0 || activeUsers < 0 || activeItems < 0 || interactions < 0
        || activeUsers > users || activeItems > items) {
      // Names the broken rules, not the values: they are counts of customers and interactions.
      StringBuilder broken = new StringBuilder();
      broken.append(users < 0 ? " users < 0;" : "").append(items < 0 ? " items < 0;" : "")
          .append(activeUsers < 0 ? " activeUsers < 0;" : "").append(activeItems < 0 ? " activeItems < 0;" : "")
          .append(interactions < 0 ? " interactions < 0;" : "")
          .append(activeUsers > users ? " activeUsers > users;" : "")
          .append(activeItems > items ? " activeItems > items;" : "");
      throw CorePreconditions.failUnquoted("counts", "must be >= 0 with activeUsers <= users and activeItems <= items,"
          + " but these rules are broken:" + broken.substring(0, broken.length() - 1));
    }
    CorePreconditions.checkInRange("density", density, 0, 1);
    CorePreconditions.checkInRange("itemGini", itemGini, 0, 1);
    CorePreconditions.checkInRange("singleInteractionUserShare", singleInteractionUserShare, 0, 1);
    CorePreconditions.checkNonNegative("meanPerUser", meanPerUser);
    CorePreconditions.checkNonNegative("medianPerUser", medianPerUser);
  }

  /**
   * Computes the statistics in O(interactions + users log users + items log items).
   *
   * @throws NullPointerException if {@code matrix} is null
   */
  public static DatasetStats of(InteractionMatrix matrix) {
    requireNonNull(matrix, "matrix");
    int[] perUser = new int[matrix.numUsers()];
    int activeUsers = 0;
    int single = 0;
    for (int u = 0; u < perUser.length; u++) {
      int n = matrix.rowLength(u);
      if (n > 0) {
        perUser[activeUsers++] = n;
        if (n == 1) {
          single++;
        }
      }
    }
    int[] perItem = matrix.itemCounts();
    int activeItems = 0;
    for (int count : perItem) {
      if (count > 0) {
        perItem[activeItems++] = count;
      }
    }
    long nnz = matrix.numInteractions();
    if (nnz == 0) {
      return new DatasetStats(matrix.numUsers(), matrix.numItems(), 0, 0, 0, 0, 0, 0, 0, 0);
    }
    int[] users = Arrays.copyOf(perUser, activeUsers);
    Arrays.sort(users);
    double median = activeUsers % 2 == 1 ? users[activeUsers / 2]
        : (users[activeUsers / 2 - 1] + (double) users[activeUsers / 2]) / 2;
    return new DatasetStats(matrix.numUsers(), matrix.numItems(), activeUsers, activeItems, nnz,
        nnz / ((double) activeUsers * activeItems), gini(Arrays.copyOf(perItem, activeItems)),
        single / (double) activeUsers, nnz / (double) activeUsers, median);
  }

  /** Gini coefficient of positive counts: {@code 2 Σ i·x_(i) / (n Σ x) − (n + 1) / n}, 1-based ranks. */
  static double gini(int[] counts) {
    int n = counts.length;
    if (n == 0) {
      return 0;
    }
    int[] sorted = counts.clone();
    Arrays.sort(sorted);
    double weighted = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      weighted += (i + 1.0) * sorted[i];
      total += sorted[i];
    }
    // Clamp rounding below 0 for equal counts.
    return Math.max(0, 2 * weighted / (n * total) - (n + 1.0) / n);
  }

  /** A multi-line, human-readable summary (for command-line output). */
  public String describe() {
    return String.format(Locale.ROOT,
        "users %,d (active %,d)%nitems %,d (active %,d)%ninteractions %,d%ndensity %.3g%nitem Gini %.3f%n"
            + "single-interaction users %.1f%%%nper user: mean %.2f, median %.1f",
        users, activeUsers, items, activeItems, interactions, density, itemGini, 100 * singleInteractionUserShare,
        meanPerUser, medianPerUser);
  }
}
