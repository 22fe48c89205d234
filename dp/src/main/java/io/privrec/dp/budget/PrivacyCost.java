package io.privrec.dp.budget;

import io.privrec.dp.internal.DpPreconditions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The privacy cost of one release, in the form the accountant composes: pure ε-DP, approximate
 * (ε, δ)-DP, ρ-zCDP, the Gaussian mechanism, or the Poisson-subsampled Gaussian mechanism (e.g. a
 * run of DP-SGD). Obtain one from a factory and charge it with {@link
 * PrivacyAccountant#allocate(String, PrivacyCost)} <em>before</em> releasing the result.
 *
 * <p>Costs refer to the neighbouring relation and privacy unit of the mechanism that produced
 * them; PrivRec's mechanisms use add/remove one user and all their data. Each cost knows its
 * Rényi-DP curve ({@link #renyiDivergence(double)}), except approximate (ε, δ) costs, which have
 * none:
 *
 * <ul>
 *   <li>pure ε-DP: min(ε, αε²/2) — ε-DP is (∞, ε)-RDP and Rényi divergences grow with α
 *       (Mironov 2017, Sec. III), and ε-DP implies ½ε²-zCDP (Bun &amp; Steinke 2016, Prop. 1.4);
 *   <li>k ε-bounded-range selections: k·min(ε, αε²/8) — an ε-BR mechanism such as the exponential
 *       mechanism is ε-DP and ε²/8-zCDP (bounded range: Durfee &amp; Rogers 2019; zCDP bound:
 *       Cesar &amp; Rogers 2021);
 *   <li>ρ-zCDP: ρα (Bun &amp; Steinke 2016, Def. 1.1);
 *   <li>Gaussian with noise multiplier σ (standard deviation / L2 sensitivity): α/(2σ²), i.e.
 *       1/(2σ²)-zCDP (Mironov 2017, Prop. 7);
 *   <li>Poisson-subsampled Gaussian, T steps: T·{@link RenyiDp#subsampledGaussian} (Mironov,
 *       Talwar &amp; Zhang 2019).
 * </ul>
 *
 * <p>A cost also carries a mechanism name for the ledger (e.g. {@code "laplace"}); set it with
 * {@link #withMechanism(String)}. {@link #kind()}, {@link #mechanism()} and {@link #parameters()}
 * describe a cost completely: {@link #of(Kind, String, Map)} rebuilds an equal cost from them, e.g.
 * when reading back a ledger written by a {@link LedgerJournal}. Immutable and thread-safe; equal
 * when kind, mechanism and parameters are equal (parameters compared bit for bit).
 */
public final class PrivacyCost {

  /** How a cost is expressed, which decides how the accountant composes it. */
  public enum Kind {
    /** ε-DP (δ = 0). */
    PURE_DP,
    /**
     * A sequence of ε-bounded-range selections (e.g. exponential mechanisms); each is ε-DP and
     * ε²/8-zCDP.
     */
    BOUNDED_RANGE,
    /** (ε, δ)-DP with δ &gt; 0; composes by basic composition only. */
    APPROXIMATE_DP,
    /** ρ-zCDP. */
    ZCDP,
    /** One Gaussian release with a given noise multiplier. */
    GAUSSIAN,
    /** T steps of the Poisson-subsampled Gaussian mechanism. */
    SUBSAMPLED_GAUSSIAN
  }

  private final Kind kind;
  private final String mechanism;
  private final double epsilon;
  private final double delta;
  private final double rho;
  private final double samplingProbability;
  private final double noiseMultiplier;
  private final int steps;
  private final int hash;
  /** The RDP curve at the grid orders, computed on first use (idempotent, so a benign race). */
  private volatile double[] gridRenyi;

  private PrivacyCost(
      Kind kind,
      String mechanism,
      double epsilon,
      double delta,
      double rho,
      double samplingProbability,
      double noiseMultiplier,
      int steps) {
    this.kind = kind;
    this.mechanism = mechanism;
    this.epsilon = epsilon;
    this.delta = delta;
    this.rho = rho;
    this.samplingProbability = samplingProbability;
    this.noiseMultiplier = noiseMultiplier;
    this.steps = steps;
    this.hash =
        Objects.hash(
            kind, mechanism, epsilon, delta, rho, samplingProbability, noiseMultiplier, steps);
  }

  /**
   * Returns the cost of an ε-DP release (e.g. the Laplace or exponential mechanism).
   *
   * @throws IllegalArgumentException if ε is not finite and {@code > 0}
   */
  public static PrivacyCost pureDp(double epsilon) {
    DpPreconditions.checkEpsilon(epsilon);
    return new PrivacyCost(Kind.PURE_DP, "pure-dp", epsilon, 0, 0, 0, 0, 0);
  }

  /**
   * Returns the cost of {@code selections} adaptive ε-bounded-range selections, e.g. one exponential
   * mechanism ({@code selections = 1}) or the k rounds of a peeling / one-shot Gumbel top-k
   * (Durfee &amp; Rogers 2019). Basic composition charges {@code selections·ε}; the accountant's
   * Rényi route uses ε²/8-zCDP per selection, which gives Durfee &amp; Rogers' bounded-range
   * composition bound kε²/8 + ε√(k·ln(1/δ)/2) or better.
   *
   * @throws IllegalArgumentException if ε is not finite and {@code > 0}, {@code selections < 1},
   *     or {@code selections·ε} overflows
   */
  public static PrivacyCost boundedRange(double epsilonPerSelection, int selections) {
    DpPreconditions.checkPositive("epsilonPerSelection", epsilonPerSelection);
    DpPreconditions.checkPositive("selections", selections);
    DpPreconditions.checkNoOverflow(
        selections * epsilonPerSelection, "epsilonPerSelection", epsilonPerSelection);
    return new PrivacyCost(
        Kind.BOUNDED_RANGE, "bounded-range", epsilonPerSelection, 0, 0, 0, 0, selections);
  }

  /**
   * Returns the cost of an (ε, δ)-DP release. δ = 0 gives the same cost as {@link #pureDp(double)}.
   *
   * @throws IllegalArgumentException if ε is not finite and {@code > 0} or δ is not in {@code [0,
   *     1)}
   */
  public static PrivacyCost approximateDp(double epsilon, double delta) {
    DpPreconditions.checkEpsilon(epsilon);
    DpPreconditions.checkDelta(delta);
    if (delta == 0) {
      return pureDp(epsilon);
    }
    return new PrivacyCost(Kind.APPROXIMATE_DP, "approximate-dp", epsilon, delta, 0, 0, 0, 0);
  }

  /**
   * Returns the cost of a ρ-zCDP release.
   *
   * @throws IllegalArgumentException if ρ is not finite and {@code > 0}
   */
  public static PrivacyCost zcdp(double rho) {
    DpPreconditions.checkPositive("rho", rho);
    return new PrivacyCost(Kind.ZCDP, "zcdp", 0, 0, rho, 0, 0, 0);
  }

  /**
   * Returns the cost of one Gaussian release whose noise standard deviation is {@code
   * noiseMultiplier} times the L2 sensitivity.
   *
   * @throws IllegalArgumentException if {@code noiseMultiplier} is not finite and {@code > 0}, or
   *     so small that ρ = 1/(2σ²) overflows
   */
  public static PrivacyCost gaussian(double noiseMultiplier) {
    DpPreconditions.checkPositive("noiseMultiplier", noiseMultiplier);
    double rho = 1 / (2 * noiseMultiplier * noiseMultiplier);
    DpPreconditions.checkNoOverflow(rho, "noiseMultiplier", noiseMultiplier);
    return new PrivacyCost(Kind.GAUSSIAN, "gaussian", 0, 0, rho, 1, noiseMultiplier, 1);
  }

  /**
   * Returns the cost of one Gaussian release with noise standard deviation {@code
   * standardDeviation} on a query of L2 sensitivity {@code l2Sensitivity}.
   *
   * @throws IllegalArgumentException if a parameter is not finite and {@code > 0}, or their ratio
   *     overflows or underflows
   */
  public static PrivacyCost gaussian(double standardDeviation, double l2Sensitivity) {
    DpPreconditions.checkPositive("standardDeviation", standardDeviation);
    DpPreconditions.checkSensitivity("l2Sensitivity", l2Sensitivity);
    double multiplier = standardDeviation / l2Sensitivity;
    if (!(multiplier > 0 && Double.isFinite(multiplier))) {
      throw new IllegalArgumentException(
          "standardDeviation / l2Sensitivity must be finite and > 0. Provided values: "
              + standardDeviation + " / " + l2Sensitivity);
    }
    return gaussian(multiplier);
  }

  /**
   * Returns the cost of {@code steps} steps of the Poisson-subsampled Gaussian mechanism (DP-SGD
   * style; add/remove-one-user neighbours): each step includes every user independently with
   * probability {@code samplingProbability}, clips each user's contribution to L2 norm C and adds
   * N(0, (σC)²) noise with σ = {@code noiseMultiplier}.
   *
   * @throws IllegalArgumentException if q is not in {@code (0, 1]}, σ is not finite and {@code >
   *     0}, or {@code steps < 1}
   */
  public static PrivacyCost subsampledGaussian(
      double samplingProbability, double noiseMultiplier, int steps) {
    DpPreconditions.checkProbability("samplingProbability", samplingProbability);
    DpPreconditions.checkPositive("noiseMultiplier", noiseMultiplier);
    DpPreconditions.checkPositive("steps", steps);
    double rho = steps / (2 * noiseMultiplier * noiseMultiplier);
    DpPreconditions.checkNoOverflow(rho, "noiseMultiplier", noiseMultiplier);
    return new PrivacyCost(
        Kind.SUBSAMPLED_GAUSSIAN,
        "subsampled-gaussian",
        0,
        0,
        samplingProbability == 1 ? rho : 0,
        samplingProbability,
        noiseMultiplier,
        steps);
  }

  /**
   * Returns the cost described by {@code kind}, {@code mechanism} and {@code parameters}: the
   * inverse of {@link #kind()}, {@link #mechanism()} and {@link #parameters()}, so that {@code
   * PrivacyCost.of(c.kind(), c.mechanism(), c.parameters()).equals(c)} for every cost {@code c}.
   * {@code parameters} must hold exactly the names that {@link #parameters()} lists for {@code
   * kind} (in any order), with the values the factory of that kind accepts:
   *
   * <ul>
   *   <li>{@link Kind#PURE_DP}: {@code epsilon}, as {@link #pureDp(double)};
   *   <li>{@link Kind#BOUNDED_RANGE}: {@code epsilonPerSelection, selections}, as {@link
   *       #boundedRange(double, int)};
   *   <li>{@link Kind#APPROXIMATE_DP}: {@code epsilon, delta}, as {@link #approximateDp(double,
   *       double)} except that δ must be {@code > 0} (δ = 0 is a {@code PURE_DP} cost);
   *   <li>{@link Kind#ZCDP}: {@code rho}, as {@link #zcdp(double)};
   *   <li>{@link Kind#GAUSSIAN}: {@code noiseMultiplier}, as {@link #gaussian(double)} (a cost
   *       built by {@link #gaussian(double, double)} is described by its noise multiplier);
   *   <li>{@link Kind#SUBSAMPLED_GAUSSIAN}: {@code samplingProbability, noiseMultiplier, steps}, as
   *       {@link #subsampledGaussian(double, double, int)}.
   * </ul>
   *
   * Real parameters may be given as a {@link Double} or {@link Float}; as a {@link
   * java.math.BigDecimal}, taken as its nearest {@code double} (as when its decimal text is parsed,
   * so the decimal text of a {@link Double} reads back exactly); or as a {@link Byte}, {@link
   * Short}, {@link Integer}, {@link Long} or {@link java.math.BigInteger} whose value is exactly a
   * {@code double}. Integer parameters ({@code selections}, {@code steps}) may be given as any of
   * these types whose value is exactly an {@code int}; they are never rounded. The mechanism name is
   * kept as given, whatever the kind.
   *
   * @param kind how the cost is expressed
   * @param mechanism the non-blank mechanism name recorded in the ledger
   * @param parameters the defining parameters, by name
   * @return the cost
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code mechanism} is blank, a parameter of {@code kind} is
   *     missing or null, a parameter name does not belong to {@code kind}, or a value has an
   *     unsupported type, is not exact, or is out of the factory's range; the message names the
   *     parameter
   */
  public static PrivacyCost of(Kind kind, String mechanism, Map<String, Number> parameters) {
    DpPreconditions.checkNotNull(kind, "kind");
    DpPreconditions.checkLabel("mechanism", mechanism);
    DpPreconditions.checkNotNull(parameters, "parameters");
    List<String> names = parameterNames(kind);
    for (String name : parameters.keySet()) {
      if (name == null || !names.contains(name)) {
        throw new IllegalArgumentException(
            "parameters: '" + name + "' is not a parameter of a " + kind + " cost, whose"
                + " parameters are " + names + ". Provided parameters: " + parameters);
      }
    }
    for (String name : names) {
      if (parameters.get(name) == null) {
        throw new IllegalArgumentException(
            "parameters: '" + name + "' is required for a " + kind + " cost, whose parameters are "
                + names + ". Provided parameters: " + parameters);
      }
    }
    PrivacyCost cost =
        switch (kind) {
          case PURE_DP -> pureDp(real(parameters, "epsilon"));
          case BOUNDED_RANGE ->
              boundedRange(
                  real(parameters, "epsilonPerSelection"), integer(parameters, "selections"));
          case APPROXIMATE_DP -> {
            double epsilon = real(parameters, "epsilon");
            double delta = real(parameters, "delta");
            if (!(delta > 0 && delta < 1)) {
              throw DpPreconditions.fail("delta",
                  "must be in (0, 1) for an APPROXIMATE_DP cost (δ = 0 is a PURE_DP cost)", delta);
            }
            yield approximateDp(epsilon, delta);
          }
          case ZCDP -> zcdp(real(parameters, "rho"));
          case GAUSSIAN -> gaussian(real(parameters, "noiseMultiplier"));
          case SUBSAMPLED_GAUSSIAN ->
              subsampledGaussian(
                  real(parameters, "samplingProbability"),
                  real(parameters, "noiseMultiplier"),
                  integer(parameters, "steps"));
        };
    return cost.mechanism.equals(mechanism) ? cost : cost.withMechanism(mechanism);
  }

  /** The names {@link #parameters()} uses for {@code kind}, in its order. */
  private static List<String> parameterNames(Kind kind) {
    return switch (kind) {
      case PURE_DP -> List.of("epsilon");
      case BOUNDED_RANGE -> List.of("epsilonPerSelection", "selections");
      case APPROXIMATE_DP -> List.of("epsilon", "delta");
      case ZCDP -> List.of("rho");
      case GAUSSIAN -> List.of("noiseMultiplier");
      case SUBSAMPLED_GAUSSIAN -> List.of("samplingProbability", "noiseMultiplier", "steps");
    };
  }

  /** The value of real parameter {@code name}; see {@link #of} for the accepted types. */
  private static double real(Map<String, Number> parameters, String name) {
    Number n = parameters.get(name);
    if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
      return n.doubleValue();
    }
    BigDecimal exact = exactValue(name, n);
    double d = exact.doubleValue();
    if (!Double.isFinite(d) || new BigDecimal(d).compareTo(exact) != 0) {
      throw new IllegalArgumentException(
          name + " must be exactly representable as a double. Provided value: " + n + " ("
              + n.getClass().getSimpleName() + ")");
    }
    return d;
  }

  /** The value of integer parameter {@code name}, which must be exactly an int. */
  private static int integer(Map<String, Number> parameters, String name) {
    Number n = parameters.get(name);
    BigDecimal exact;
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw notAnInt(name, n);
      }
      exact = new BigDecimal(d);
    } else {
      exact = exactValue(name, n);
    }
    try {
      return exact.intValueExact();
    } catch (ArithmeticException e) {
      throw notAnInt(name, n);
    }
  }

  private static IllegalArgumentException notAnInt(String name, Number n) {
    return new IllegalArgumentException(
        name + " must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
            + ". Provided value: " + n + " (" + n.getClass().getSimpleName() + ")");
  }

  /** The exact value of a non-floating-point parameter value of a supported type. */
  private static BigDecimal exactValue(String name, Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (n instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (n instanceof BigDecimal b) {
      return b;
    }
    throw new IllegalArgumentException(
        name + " has an unsupported number type: use Double, Float, Byte, Short, Integer, Long,"
            + " BigInteger or BigDecimal. Provided value: " + n + " (" + n.getClass().getName()
            + ")");
  }

  /**
   * Returns this cost with mechanism name {@code mechanism} for the ledger (e.g. {@code
   * "exponential-mechanism"}).
   *
   * @throws IllegalArgumentException if {@code mechanism} is blank
   */
  public PrivacyCost withMechanism(String mechanism) {
    DpPreconditions.checkLabel("mechanism", mechanism);
    return new PrivacyCost(
        kind, mechanism, epsilon, delta, rho, samplingProbability, noiseMultiplier, steps);
  }

  /** Returns how this cost is expressed. */
  public Kind kind() {
    return kind;
  }

  /** Returns the mechanism name recorded in the ledger. */
  public String mechanism() {
    return mechanism;
  }

  /**
   * Returns the parameters defining this cost, in a fixed order: {@code epsilon} (pure), {@code
   * epsilonPerSelection, selections} (bounded range), {@code epsilon, delta} (approximate), {@code
   * rho} (zCDP), {@code noiseMultiplier} (Gaussian), {@code samplingProbability, noiseMultiplier,
   * steps} (subsampled Gaussian). Integer parameters ({@code selections}, {@code steps}) are {@link
   * Integer}s, the others {@link Double}s. Unmodifiable; {@link #of(Kind, String, Map)} rebuilds
   * the cost from it.
   */
  public Map<String, Number> parameters() {
    Map<String, Number> p = new LinkedHashMap<>();
    switch (kind) {
      case PURE_DP -> p.put("epsilon", epsilon);
      case BOUNDED_RANGE -> {
        p.put("epsilonPerSelection", epsilon);
        p.put("selections", steps);
      }
      case APPROXIMATE_DP -> {
        p.put("epsilon", epsilon);
        p.put("delta", delta);
      }
      case ZCDP -> p.put("rho", rho);
      case GAUSSIAN -> p.put("noiseMultiplier", noiseMultiplier);
      case SUBSAMPLED_GAUSSIAN -> {
        p.put("samplingProbability", samplingProbability);
        p.put("noiseMultiplier", noiseMultiplier);
        p.put("steps", steps);
      }
    }
    return Collections.unmodifiableMap(p);
  }

  /** Returns whether this cost has a Rényi-DP curve (every kind except approximate DP). */
  public boolean hasRenyiCurve() {
    return kind != Kind.APPROXIMATE_DP;
  }

  /**
   * Returns an upper bound on this release's Rényi divergence of order {@code order} (see the class
   * documentation); +∞ for approximate-DP costs.
   *
   * @throws IllegalArgumentException if {@code order} is not finite and {@code > 1}, or above
   *     {@link RenyiDp#MAX_SUBSAMPLED_ORDER} for a subsampled Gaussian
   */
  public double renyiDivergence(double order) {
    DpPreconditions.checkRenyiOrder(order);
    return switch (kind) {
      case PURE_DP -> Math.min(epsilon, order * epsilon * epsilon / 2);
      case BOUNDED_RANGE -> steps * Math.min(epsilon, order * epsilon * epsilon / 8);
      case APPROXIMATE_DP -> Double.POSITIVE_INFINITY;
      case ZCDP, GAUSSIAN -> rho * order;
      case SUBSAMPLED_GAUSSIAN ->
          steps * RenyiDp.subsampledGaussian(samplingProbability, noiseMultiplier, order);
    };
  }

  /**
   * Returns ρ if this cost is ρ-zCDP: ε²/2 for pure ε-DP (Bun &amp; Steinke 2016, Prop. 1.4),
   * kε²/8 for k bounded-range selections, ρ
   * for zCDP, 1/(2σ²) for a Gaussian, T/(2σ²) for a subsampled Gaussian with q = 1; empty
   * otherwise.
   */
  public OptionalDouble zcdpRho() {
    return switch (kind) {
      case PURE_DP -> OptionalDouble.of(epsilon * epsilon / 2);
      case BOUNDED_RANGE -> OptionalDouble.of(steps * epsilon * epsilon / 8);
      case ZCDP, GAUSSIAN -> OptionalDouble.of(rho);
      case SUBSAMPLED_GAUSSIAN ->
          samplingProbability == 1 ? OptionalDouble.of(rho) : OptionalDouble.empty();
      case APPROXIMATE_DP -> OptionalDouble.empty();
    };
  }

  /** ε of a pure or approximate cost, ε per selection of a bounded-range cost; 0 otherwise. */
  double epsilon() {
    return epsilon;
  }

  /** δ of an approximate cost; 0 otherwise. */
  double delta() {
    return delta;
  }

  /** Number of selections of a bounded-range cost (also steps of a subsampled Gaussian). */
  int repetitions() {
    return steps;
  }

  /** ρ of a ZCDP, GAUSSIAN or (q = 1) SUBSAMPLED_GAUSSIAN cost; 0 otherwise. */
  double rho() {
    return rho;
  }

  /** Whether the RDP curve is linear in α (ρα), so composition can just add ρ. */
  boolean isLinearInOrder() {
    return kind == Kind.ZCDP || kind == Kind.GAUSSIAN
        || (kind == Kind.SUBSAMPLED_GAUSSIAN && samplingProbability == 1);
  }

  /**
   * The RDP curve at the grid orders of {@link RenyiDp}; for a subsampled Gaussian, +∞ above
   * {@link LedgerComposition#MAX_SUBSAMPLED_LEDGER_ORDER}. Do not modify the returned array.
   */
  double[] gridRenyi() {
    double[] grid = gridRenyi;
    if (grid == null) {
      grid = new double[RenyiDp.orderCount()];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = renyiForLedger(RenyiDp.order(i));
      }
      gridRenyi = grid;
    }
    return grid;
  }

  /** The RDP curve as used by the ledger (bounded evaluation cost for subsampled Gaussians). */
  double renyiForLedger(double order) {
    if (kind == Kind.SUBSAMPLED_GAUSSIAN
        && samplingProbability < 1
        && order > LedgerComposition.MAX_SUBSAMPLED_LEDGER_ORDER) {
      return Double.POSITIVE_INFINITY;
    }
    return renyiDivergence(order);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PrivacyCost other)) {
      return false;
    }
    return kind == other.kind
        && mechanism.equals(other.mechanism)
        && Double.compare(epsilon, other.epsilon) == 0
        && Double.compare(delta, other.delta) == 0
        && Double.compare(rho, other.rho) == 0
        && Double.compare(samplingProbability, other.samplingProbability) == 0
        && Double.compare(noiseMultiplier, other.noiseMultiplier) == 0
        && steps == other.steps;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "PrivacyCost[" + kind + " " + mechanism + " " + parameters() + "]";
  }
}
