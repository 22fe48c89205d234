package io.privrec.dp.kanon.internal;

/**
 * Row weights of a weighted table: row {@code r} stands for {@code weights[r]} identical records
 * (a histogram of distinct rows with their counts). Stateless.
 */
public final class Weights {
  private Weights() {}

  /**
   * The number of records the rows stand for.
   *
   * @throws IllegalArgumentException if {@code weights} does not hold one value per row, a weight
   *     is below 1, or the weights sum to more than {@code Integer.MAX_VALUE} (the sum, a count of
   *     private records, is not stated)
   */
  public static int total(int[] weights, int rows) {
    if (weights.length != rows) {
      throw new IllegalArgumentException("weights must hold one value per row (" + rows + "). Provided length: "
          + weights.length);
    }
    long sum = 0;
    for (int w : weights) {
      if (w < 1) {
        throw new IllegalArgumentException("weights must be >= 1. Provided value: " + w);
      }
      sum += w;
    }
    if (sum > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("weights must sum to at most " + Integer.MAX_VALUE + " records");
    }
    return (int) sum;
  }
}
