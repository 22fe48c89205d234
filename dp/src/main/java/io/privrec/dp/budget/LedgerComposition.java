package io.privrec.dp.budget;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The running composition of a ledger: sufficient statistics of every spend so that the spent
 * (ε, δ) can be computed without replaying the ledger. Mutable and not thread-safe; {@link
 * PrivacyAccountant} guards it and uses {@link #copy()} to try an allocation without committing.
 */
final class LedgerComposition {

  /**
   * Largest order at which subsampled-Gaussian spends are evaluated (cost linear in the order);
   * above it their RDP counts as unknown (+∞), which can only make the reported ε larger.
   */
  static final double MAX_SUBSAMPLED_LEDGER_ORDER = 1024;

  private final CompensatedSum approximateEpsilon;
  private final CompensatedSum approximateDelta;
  private final CompensatedSum pureEpsilon;
  private final CompensatedSum linearRho;
  private double pureMaxEpsilon;
  private long pureCount;
  private long renyiOnlyCount;
  /** Σ over non-linear spends (pure and subsampled) of their RDP at each grid order. */
  private final double[] nonLinearGrid;
  /** Distinct non-linear costs and their multiplicities, to evaluate the curve off the grid. */
  private final Map<PrivacyCost, Long> nonLinear;

  LedgerComposition() {
    approximateEpsilon = new CompensatedSum();
    approximateDelta = new CompensatedSum();
    pureEpsilon = new CompensatedSum();
    linearRho = new CompensatedSum();
    nonLinearGrid = new double[RenyiDp.orderCount()];
    nonLinear = new LinkedHashMap<>();
  }

  private LedgerComposition(LedgerComposition o) {
    approximateEpsilon = new CompensatedSum(o.approximateEpsilon);
    approximateDelta = new CompensatedSum(o.approximateDelta);
    pureEpsilon = new CompensatedSum(o.pureEpsilon);
    linearRho = new CompensatedSum(o.linearRho);
    pureMaxEpsilon = o.pureMaxEpsilon;
    pureCount = o.pureCount;
    renyiOnlyCount = o.renyiOnlyCount;
    nonLinearGrid = o.nonLinearGrid.clone();
    nonLinear = new LinkedHashMap<>(o.nonLinear);
  }

  LedgerComposition copy() {
    return new LedgerComposition(this);
  }

  void add(PrivacyCost cost) {
    switch (cost.kind()) {
      case APPROXIMATE_DP -> {
        approximateEpsilon.add(cost.epsilon());
        approximateDelta.add(cost.delta());
      }
      case PURE_DP -> {
        pureEpsilon.add(cost.epsilon());
        pureMaxEpsilon = Math.max(pureMaxEpsilon, cost.epsilon());
        pureCount++;
        addNonLinear(cost);
      }
      case BOUNDED_RANGE -> {
        // k selections, each ε-DP: basic composition charges kε, advanced sees k mechanisms.
        pureEpsilon.add(cost.repetitions() * cost.epsilon());
        pureMaxEpsilon = Math.max(pureMaxEpsilon, cost.epsilon());
        pureCount += cost.repetitions();
        addNonLinear(cost);
      }
      default -> {
        renyiOnlyCount++;
        if (cost.isLinearInOrder()) {
          linearRho.add(cost.rho());
        } else {
          addNonLinear(cost);
        }
      }
    }
  }

  private void addNonLinear(PrivacyCost cost) {
    double[] grid = cost.gridRenyi();
    for (int i = 0; i < grid.length; i++) {
      nonLinearGrid[i] += grid[i];
    }
    nonLinear.merge(cost, 1L, Long::sum);
  }

  /**
   * Returns the spent (ε, δ) given the total δ available; ε may be +∞ when the ledger cannot fit
   * in {@code totalDelta} (e.g. a Gaussian spend with δ = 0). See {@link PrivacyAccountant} for
   * the rule.
   */
  Loss spent(double totalDelta) {
    double epsA = approximateEpsilon.sum();
    double deltaA = approximateDelta.sum();
    if (pureCount == 0 && renyiOnlyCount == 0) {
      return new Loss(epsA, deltaA, CompositionMethod.NONE);
    }
    double slack = totalDelta - deltaA;
    double bestEpsilon = Double.POSITIVE_INFINITY;
    CompositionMethod method = CompositionMethod.RENYI;
    boolean usesSlack = true;
    if (renyiOnlyCount == 0) {
      bestEpsilon = pureEpsilon.sum();
      method = CompositionMethod.BASIC;
      usesSlack = false;
      if (slack > 0) {
        double advanced = Composition.advancedEpsilon(pureCount, pureMaxEpsilon, slack);
        if (advanced < bestEpsilon) {
          bestEpsilon = advanced;
          method = CompositionMethod.ADVANCED;
          usesSlack = true;
        }
      }
    }
    if (slack > 0) {
      double rdp = renyiEpsilon(slack);
      if (rdp < bestEpsilon) {
        bestEpsilon = rdp;
        method = CompositionMethod.RENYI;
        usesSlack = true;
      }
    }
    double delta = usesSlack ? totalDelta : deltaA;
    return new Loss(epsA + bestEpsilon, delta, method);
  }

  private double renyiEpsilon(double delta) {
    double rho = linearRho.sum();
    double[] grid = new double[nonLinearGrid.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = nonLinearGrid[i] + rho * RenyiDp.order(i);
    }
    DoubleUnaryOperator curve =
        order -> {
          double total = rho * order;
          for (Map.Entry<PrivacyCost, Long> e : nonLinear.entrySet()) {
            total += e.getValue() * e.getKey().renyiForLedger(order);
          }
          return total;
        };
    return RenyiDp.minimizeEpsilon(grid, curve, delta);
  }

  /** A spent guarantee whose ε may be +∞ (not representable as a {@link SpentBudget}). */
  record Loss(double epsilon, double delta, CompositionMethod method) {}
}
