package io.privrec.core.scoring.internal;

/**
 * Dense single-precision vector primitives behind the scoring kernels and the matrix-factorisation
 * solvers. Two implementations exist: {@link ScalarFloatKernels} (plain loops, always available)
 * and a Vector API one that {@link FloatKernelsProvider} loads only when the running JVM resolves
 * the {@code jdk.incubator.vector} module.
 *
 * <p>Matrices are row-major {@code float[]}: row {@code r} of a matrix with {@code dim} columns
 * occupies {@code [r·dim, (r+1)·dim)}. Implementations do not check bounds beyond what the JVM
 * checks; callers validate at the public boundary. Results of implementations may differ by
 * float rounding (they sum in different orders) but each is deterministic for the same inputs.
 * NaN and ∞ propagate as in IEEE arithmetic. Implementations are stateless and thread-safe.
 */
public interface FloatKernels {

  /** A short name for reports, e.g. {@code "scalar"} or {@code "vector-256"}. */
  String name();

  /** Σ a[aOff+k]·b[bOff+k] for k in [0, len). */
  float dot(float[] a, int aOff, float[] b, int bOff, int len);

  /** y[yOff+k] += alpha·x[xOff+k] for k in [0, len). */
  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

  /**
   * Matrix-vector product: out[outOff+r] = row r of {@code matrix} · x[xOff…] for r in [0, rows).
   *
   * @param matrix row-major, {@code rows × dim}
   */
  void gemv(float[] matrix, int rows, int dim, float[] x, int xOff, float[] out, int outOff);

  /**
   * Matrix product with the second operand transposed, as used for batch scoring:
   * out[q·rows + r] = queries row q · matrix row r.
   *
   * @param matrix row-major, {@code rows × dim}
   * @param queries row-major, {@code numQueries × dim}
   * @param out row-major, {@code numQueries × rows}
   */
  void gemmNt(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out);

  /**
   * Batch scoring, the same product as {@link #gemmNt} on a packed, register-blocked kernel built
   * for many queries: out[q·rows + r] = queries row q · matrix row r. Every entry is bit-identical
   * to what {@link #gemv} of this implementation writes for that row and query (the same products,
   * rounded and summed in the same order), so a customer's scores never depend on whether she was
   * scored alone or in a batch. Allocates a packed copy of a block of rows and of the queries.
   *
   * @param matrix row-major, {@code rows × dim}
   * @param queries row-major, {@code numQueries × dim}
   * @param out row-major, {@code numQueries × rows}
   */
  void scoreBatch(float[] matrix, int rows, int dim, float[] queries, int numQueries, float[] out);

  /**
   * Dot products of selected rows with one vector: out[q − from] = row rows[q] · x[xOff…] for q in
   * [from, to).
   *
   * @param matrix row-major, {@code dim} columns
   */
  void gatherDots(float[] matrix, int dim, int[] rows, int from, int to, float[] x, int xOff, float[] out);

  /**
   * Weighted sum of selected rows into y: y[yOff+k] += Σ_q coef[q − from]·(row rows[q])[k] for q in
   * [from, to), k in [0, dim).
   *
   * @param matrix row-major, {@code dim} columns
   */
  void gatherAxpy(float[] matrix, int dim, int[] rows, int from, int to, float[] coef, float[] y, int yOff);
}
