package io.privrec.core.scoring;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.scoring.internal.FloatKernels;
import io.privrec.core.scoring.internal.FloatKernelsProvider;

/**
 * Dense scoring kernels shared by the models: a query vector against a row-major factor matrix,
 * many queries at once (blocked matrix product), weighted sums of rows for neighbourhood models,
 * and top-K selection with exclusions.
 *
 * <h2>Layout</h2>
 * A matrix is a row-major {@code float[]} whose length is a multiple of its row length {@code
 * dim}: row {@code r} occupies {@code [r·dim, (r+1)·dim)}.
 *
 * <h2>Implementation</h2>
 * When the JVM runs with {@code --add-modules jdk.incubator.vector} the kernels use the JDK
 * Vector API (detected at run time; see {@link #implementation()}); otherwise plain loops. No
 * flag is required: both give the same results up to float rounding (different summation
 * orders; for a dot product of length n the two differ by at most about 2·n·2⁻²⁴·Σ|a_k·b_k|).
 * The system property {@code privrec.kernels=scalar} forces the plain loops.
 *
 * <h2>Non-finite values</h2>
 * NaN and ±∞ propagate as in IEEE arithmetic; nothing is checked in the inner loops. In {@link
 * #topK} NaN and −∞ scores are never selected.
 *
 * <p>Stateless and thread-safe; callers own the arrays (concurrent calls must not share an
 * output array). Argument errors are reported before any output is written.
 */
public final class ScoringKernels {
  private static final FloatKernels K = FloatKernelsProvider.kernels();

  private ScoringKernels() {}

  /** The implementation in use: {@code "scalar"} or {@code "vector-<bits>"}. */
  public static String implementation() {
    return K.name();
  }

  /**
   * Dot product of two vectors of equal length (0 for empty vectors).
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static float dot(float[] a, float[] b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    CorePreconditions.checkSameLength("a", a.length, "b", b.length);
    return K.dot(a, 0, b, 0, a.length);
  }

  /**
   * Scores every row of {@code matrix} against {@code query}: {@code scores[r] = row r · query}.
   *
   * @param matrix row-major, {@code rows × query.length}
   * @param query the query vector, length {@code dim ≥ 1}
   * @param scores output of length {@code rows}; overwritten
   * @throws IllegalArgumentException if {@code query} is empty, {@code matrix.length} is not a
   *     multiple of it, or {@code scores.length != rows}
   */
  public static void scoreAll(float[] matrix, float[] query, float[] scores) {
    requireNonNull(query, "query");
    int rows = rows(matrix, query.length);
    requireNonNull(scores, "scores");
    if (scores.length != rows) {
      throw CorePreconditions.failLength("scores", "must have length rows = " + rows, scores.length);
    }
    K.gemv(matrix, rows, query.length, query, 0, scores, 0);
  }

  /**
   * Scores many queries at once (a packed, register-blocked matrix product that keeps a block of
   * matrix rows in cache across queries): {@code scores[q·rows + r] = query q · row r}. Each score
   * is bit-identical to the one {@link #scoreAll} gives that query and row (the same products,
   * rounded and summed in the same order), so batch and single scoring rank alike, ties included.
   *
   * @param matrix row-major, {@code rows × dim}
   * @param queries row-major, {@code numQueries × dim}
   * @param dim the row length, {@code ≥ 1}
   * @param scores output, row-major {@code numQueries × rows}; overwritten
   * @throws IllegalArgumentException if {@code dim < 1}, a matrix length is not a multiple of
   *     {@code dim}, or {@code scores} has the wrong length
   */
  public static void scoreBatch(float[] matrix, float[] queries, int dim, float[] scores) {
    int rows = rows(matrix, dim);
    requireNonNull(queries, "queries");
    if (queries.length % dim != 0) {
      throw CorePreconditions.failLength("queries", "length must be a multiple of dim = " + dim, queries.length);
    }
    int numQueries = queries.length / dim;
    requireNonNull(scores, "scores");
    if ((long) numQueries * rows != scores.length) {
      throw CorePreconditions.failLength("scores",
          "must have length numQueries × rows = " + numQueries + " × " + rows, scores.length);
    }
    K.scoreBatch(matrix, rows, dim, queries, numQueries, scores);
  }

  /**
   * Adds weighted rows of a dense matrix into {@code out}: {@code out += Σ_j weights[j] ·
   * row(rowIndices[j])} (e.g. an item-item model's rows for a user's items). A repeated index
   * adds its row once per occurrence.
   *
   * @param matrix row-major, {@code rows × out.length}
   * @param rowIndices rows to add, each in {@code [0, rows)}
   * @param weights weights aligned with {@code rowIndices}
   * @param out accumulator of length {@code dim ≥ 1}
   * @throws IllegalArgumentException if {@code out} is empty, {@code matrix.length} is not a
   *     multiple of {@code out.length}, the index and weight arrays differ in length, or an index
   *     is out of range
   */
  public static void addWeightedRows(float[] matrix, int[] rowIndices, float[] weights, float[] out) {
    requireNonNull(out, "out");
    int rows = rows(matrix, out.length);
    requireNonNull(rowIndices, "rowIndices");
    requireNonNull(weights, "weights");
    CorePreconditions.checkSameLength("rowIndices", rowIndices.length, "weights", weights.length);
    CorePreconditions.checkIndexElements("rowIndices", rowIndices, 0, rowIndices.length, rows);
    int dim = out.length;
    for (int j = 0; j < rowIndices.length; j++) {
      K.axpy(weights[j], matrix, rowIndices[j] * dim, out, 0, dim);
    }
  }

  /**
   * Scatter-adds one sparse row into a dense accumulator: {@code out[indices[p]] += weight ·
   * values[p]} for {@code p} in {@code [from, to)} (e.g. one neighbour list of a compressed
   * sparse similarity matrix).
   *
   * @throws IllegalArgumentException if {@code [from, to)} is not a range of both arrays or an
   *     index is outside {@code [0, out.length)}
   */
  public static void addSparseRow(int[] indices, float[] values, int from, int to, float weight, float[] out) {
    requireNonNull(indices, "indices");
    requireNonNull(values, "values");
    requireNonNull(out, "out");
    if (from < 0 || from > to || to > indices.length || to > values.length) {
      throw CorePreconditions.fail("[from, to)", "must be a range of indices (length " + indices.length
          + ") and values (length " + values.length + ")", "[" + from + ", " + to + ")");
    }
    CorePreconditions.checkIndexElements("indices", indices, from, to, out.length);
    for (int p = from; p < to; p++) {
      out[indices[p]] += weight * values[p];
    }
  }

  /**
   * The top {@code k} entries of {@code scores} ignoring the indices in {@code excluded} (e.g. the
   * items a customer has already seen), best first, with {@link TopK}'s order and tie-breaking.
   * {@code scores} is temporarily modified and restored before returning, so it must not be read
   * concurrently; repeated and out-of-range excluded indices are allowed (out-of-range ones are
   * ignored).
   *
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public static int[] topK(float[] scores, int k, int[] excluded) {
    requireNonNull(scores, "scores");
    requireNonNull(excluded, "excluded");
    CorePreconditions.checkNonNegative("k", k);
    float[] saved = new float[excluded.length];
    for (int j = 0; j < excluded.length; j++) {
      int i = excluded[j];
      if (i >= 0 && i < scores.length) {
        saved[j] = scores[i];
        scores[i] = Float.NEGATIVE_INFINITY;
      }
    }
    try {
      return TopK.select(scores, k);
    } finally {
      for (int j = excluded.length - 1; j >= 0; j--) { // reverse order restores repeated indices
        int i = excluded[j];
        if (i >= 0 && i < scores.length) {
          scores[i] = saved[j];
        }
      }
    }
  }

  private static int rows(float[] matrix, int dim) {
    requireNonNull(matrix, "matrix");
    CorePreconditions.checkPositive("dim", dim);
    if (matrix.length % dim != 0) {
      throw CorePreconditions.failLength("matrix", "length must be a multiple of dim = " + dim, matrix.length);
    }
    return matrix.length / dim;
  }
}
