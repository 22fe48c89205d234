package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.List;

/**
 * What {@link InteractionReaders} read from one file: the matrix and the line accounting.
 *
 * @param matrix the interactions read
 * @param linesRead data lines read (blank lines and the header excluded), {@code >= 0}
 * @param linesSkipped malformed data lines skipped under {@link ReadOptions#skipMalformed()},
 *     {@code 0 <= linesSkipped <= linesRead}
 * @param skipReasons messages (file, line, column, reason) of the first skipped lines, at most
 *     {@link ReadOptions#maxSkipReasons(int)} (default 10); unmodifiable
 * @param belowMinWeight well-formed lines dropped by {@link ReadOptions#minWeight(float)},
 *     {@code >= 0}
 * @param droppedNonPositive (user, item) pairs whose combined weight was not positive, {@code >= 0}
 */
public record ReadResult(InteractionMatrix matrix, long linesRead, long linesSkipped, List<String> skipReasons,
    long belowMinWeight, int droppedNonPositive) {

  /**
   * Validates the accounting.
   *
   * @throws IllegalArgumentException if a count is negative or more lines were skipped than read
   * @throws NullPointerException if {@code matrix} or {@code skipReasons} is null
   */
  public ReadResult {
    requireNonNull(matrix, "matrix");
    skipReasons = List.copyOf(requireNonNull(skipReasons, "skipReasons"));
    CorePreconditions.checkNonNegative("linesRead", linesRead);
    if (!(linesSkipped >= 0 && linesSkipped <= linesRead)) {
      // No values: line counts are counts of interactions (private).
      throw CorePreconditions.failUnquoted("linesSkipped", linesSkipped < 0 ? "must be >= 0"
          : "must be <= linesRead: more lines skipped than read");
    }
    CorePreconditions.checkNonNegative("belowMinWeight", belowMinWeight);
    CorePreconditions.checkNonNegative("droppedNonPositive", droppedNonPositive);
  }
}
