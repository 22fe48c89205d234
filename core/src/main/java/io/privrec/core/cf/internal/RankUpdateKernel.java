package io.privrec.core.cf.internal;

/**
 * The inner kernel of {@link SymmetricInverse}'s rank-{@code depth} updates of a lower triangle,
 * on packed panels: {@code a[i][j] += Σ_m u(i, m)·w(m, j)}, a block of {@link #rows()} consecutive
 * rows at a time.
 *
 * <h2>Layouts</h2>
 * <ul>
 *   <li>{@code u}: the multipliers of a block of {@code R = rows()} consecutive rows {@code i0 …
 *       i0+R−1} from {@code uOff}, the one of row {@code i0 + r} and depth {@code m} at {@code uOff
 *       + R·m + r}.
 *   <li>{@code w}: the right-hand panel, {@code depth} rows; with {@link #packed()} also packed
 *       in tiles of {@link #width()} columns, {@code packed}: column {@code j}, depth {@code m} at
 *       {@code (j / width)·depth·width + m·width + j % width} (see {@link SymmetricInverse#pack}).
 *       Implementations read one of the two (the other may be null).
 * </ul>
 *
 * <p>Each implementation adds the {@code depth} products to an entry in one fixed order that does
 * not depend on which method, column range or row block covers the entry, so results do not
 * depend on how the caller tiles the triangle; two implementations may differ by rounding (one
 * fuses multiply and add, the other does not). No bounds are checked beyond the JVM's; NaN and ∞
 * propagate as in IEEE arithmetic. Implementations are stateless and thread-safe.
 */
public interface RankUpdateKernel {

  /** A short name for reports, e.g. {@code "scalar"} or {@code "vector-256"}. */
  String name();

  /** Columns per packed tile (the layout of {@code packed}); at most 256. */
  int width();

  /** Whether this kernel reads the packed panel (else the rows {@code w}). */
  boolean packed();

  /**
   * Rows per block {@code R} (the layout of {@code u}): 4 or 8, chosen by the implementation to fit
   * its registers; divides 64.
   */
  int rows();

  /**
   * Rows {@code i0 … i0+R−1} over columns {@code [lo, hi)}; the columns exist in all {@code R} rows
   * (e.g. {@code hi ≤ i0 + 1} in a lower triangle).
   */
  void updateBlock(double[][] a, int i0, double[] u, int uOff, int depth, double[][] w, double[] packed, int lo,
      int hi);

  /**
   * The staircase of a block of a lower triangle: row {@code i0 + r} over columns {@code [lo, i0 + r
   * + 1)} for {@code r = 0 … R−1}; {@code lo ≤ i0 + 1}.
   */
  void updateTriangle(double[][] a, int i0, double[] u, int uOff, int depth, double[][] w, double[] packed,
      int lo);

  /**
   * One row, {@code row}, with the multipliers {@code u[uOff + R·m + r]}, over columns {@code [lo,
   * hi)}.
   */
  void updateRow(double[] row, double[] u, int uOff, int r, int depth, double[][] w, double[] packed, int lo,
      int hi);
}
