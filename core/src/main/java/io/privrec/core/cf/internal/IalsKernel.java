package io.privrec.core.cf.internal;

/**
 * The sparse term of {@link IalsSolver}'s conjugate-gradient steps, fused into one pass over the
 * gathered rows of the fixed side: for {@code q} in {@code [from, to)}, with {@code m_q} the row
 * {@code rows[q]} of {@code matrix} ({@code dim} columns) and {@code d_q = m_q · x[xOff …]},
 * <pre>
 *   y[k] += Σ_q coef_q · m_q[k],   coef_q = (1 + aw[q]) − aw[q]·d_q   (residual)
 *                                   coef_q = aw[q]·d_q                 (product)
 * </pre>
 * i.e. {@code b − (A − G − reg·I)·x} for a residual and {@code (A − G − reg·I)·p} for a product,
 * where {@code aw} is the confidence minus one. Each gathered row is read once per call (the
 * previous kernels read it twice: once for the dots, once for the weighted sum).
 *
 * <h2>Rounding</h2>
 * The rows are taken in groups of four from {@code from}, then one by one: within a group the four
 * dots are computed, then their four weighted rows are added to {@code y} in order. Every dot and
 * every addition is rounded exactly as {@link io.privrec.core.scoring.internal.FloatKernels}'
 * {@code gatherDots} followed by {@code gatherAxpy} of the same implementation (scalar or Vector
 * API), so the fused kernel reproduces the two-pass computation bit for bit. Two implementations
 * differ by float rounding only (one fuses multiply and add, the other does not).
 *
 * <p>No bounds are checked beyond the JVM's; NaN and ∞ propagate as in IEEE arithmetic. {@code x}
 * and {@code y} must not overlap. Implementations are stateless and thread-safe.
 */
public interface IalsKernel {

  /** A short name for reports, e.g. {@code "scalar"} or {@code "vector-256"}. */
  String name();

  /**
   * Adds the sparse term to {@code y[0 … dim)}; see the class comment.
   *
   * @param residual true for the residual coefficients, false for the product coefficients
   */
  void gatherUpdate(float[] matrix, int dim, int[] rows, int from, int to, float[] aw, float[] x, int xOff,
      float[] y, boolean residual);
}
