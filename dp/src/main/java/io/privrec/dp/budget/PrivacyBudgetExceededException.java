package io.privrec.dp.budget;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Thrown when an allocation would take the spent privacy budget past the accountant's total. The
 * accountant records nothing for the failed request (all or nothing).
 *
 * <p>The message is written for people: what the refused releases need (ε, δ), how much of the
 * total is left and what is already spent, for example
 *
 * <pre>
 * Privacy budget exceeded: 'top-k items' needs ε = 1, δ = 1e-6, but only ε = 0, δ = 0 of the
 * total ε = 1, δ = 1e-6 is left (1 earlier release spent ε = 1, δ = 1e-6). Nothing was recorded.
 * </pre>
 *
 * Costs given as zCDP or Gaussian noise are stated in words and by their (ε, δ) equivalent at the
 * budget's δ. The message quotes the request labels, which callers build from configuration only.
 * The numbers are also available from the accessors.
 */
public final class PrivacyBudgetExceededException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final double requestedEpsilon;
  private final double requestedDelta;
  private final PrivacyBudget total;
  private final SpentBudget spent;

  /**
   * Creates the exception with a message describing the request and the budget; the numeric
   * accessors then return NaN and null.
   */
  public PrivacyBudgetExceededException(String message) {
    this(message, Double.NaN, Double.NaN, null, null);
  }

  private PrivacyBudgetExceededException(
      String message,
      double requestedEpsilon,
      double requestedDelta,
      PrivacyBudget total,
      SpentBudget spent) {
    super(message);
    this.requestedEpsilon = requestedEpsilon;
    this.requestedDelta = requestedDelta;
    this.total = total;
    this.spent = spent;
  }

  /**
   * Returns ε of the refused request(s) on their own, composed as the accountant would on an empty
   * ledger with the total δ; +∞ if they have no finite ε at that δ (e.g. Gaussian noise on a pure
   * budget); NaN if unknown.
   */
  public double requestedEpsilon() {
    return requestedEpsilon;
  }

  /** Returns δ of the refused request(s) on their own (see {@link #requestedEpsilon()}); NaN if unknown. */
  public double requestedDelta() {
    return requestedDelta;
  }

  /** Returns the accountant's total budget, or null if unknown. */
  public PrivacyBudget total() {
    return total;
  }

  /** Returns what the accountant had spent when it refused, or null if unknown. */
  public SpentBudget spent() {
    return spent;
  }

  /** Returns total ε minus spent ε, at least 0; NaN if unknown. */
  public double remainingEpsilon() {
    return total == null ? Double.NaN : Math.max(0, total.epsilon() - spent.epsilon());
  }

  /** Returns total δ minus spent δ, at least 0; NaN if unknown. */
  public double remainingDelta() {
    return total == null ? Double.NaN : Math.max(0, total.delta() - spent.delta());
  }

  /**
   * Builds the refusal of {@code requests}.
   *
   * @param alone the requests composed on their own with the total δ
   * @param together the ledger with the requests, which did not fit
   * @param earlier the number of ledger entries
   */
  static PrivacyBudgetExceededException refusal(
      List<BudgetRequest> requests,
      LedgerComposition.Loss alone,
      LedgerComposition.Loss together,
      PrivacyBudget total,
      SpentBudget spent,
      int earlier) {
    double leftEpsilon = Math.max(0, total.epsilon() - spent.epsilon());
    double leftDelta = Math.max(0, total.delta() - spent.delta());
    boolean plural = requests.size() > 1;
    StringBuilder sb = new StringBuilder("Privacy budget exceeded: ");
    sb.append(subject(requests));
    String words = renyiWords(requests);
    boolean aloneFinite = Double.isFinite(alone.epsilon());
    if (aloneFinite) {
      String[] eps = pair(alone.epsilon(), leftEpsilon);
      String[] del = pair(alone.delta(), leftDelta);
      sb.append(plural ? " need together ε = " : " needs ε = ").append(eps[0]);
      sb.append(", δ = ").append(del[0]);
      if (words != null) {
        sb.append(" (the (ε, δ) equivalent at δ = ").append(format(total.delta())).append(" of ")
            .append(words).append(')');
      }
      if (earlier == 0 || (spent.epsilon() == 0 && spent.delta() == 0)) {
        sb.append(", but the total budget is only ").append(budget(total));
      } else {
        sb.append(", but only ε = ").append(eps[1]).append(", δ = ").append(del[1])
            .append(" of the total ").append(budget(total)).append(" is left");
      }
    } else {
      // Only Rényi-style costs can lack a finite ε, and only when the total δ is 0.
      sb.append(plural ? " need" : " needs").append(" a budget with δ > 0 (")
          .append(words == null ? "their cost" : words)
          .append(plural ? " have" : " has").append(" no pure-ε guarantee), but the total budget is ")
          .append(budget(total));
    }
    if (earlier > 0) {
      sb.append(" (").append(earlier).append(earlier == 1 ? " earlier release" : " earlier releases")
          .append(" spent ε = ").append(format(spent.epsilon())).append(", δ = ")
          .append(format(spent.delta())).append(')');
    }
    // A ledger with Rényi-style spends has no finite ε only when no δ is left, which the numbers
    // above already show; otherwise the composed total explains a refusal the numbers do not.
    if (aloneFinite && Double.isFinite(together.epsilon())) {
      if (alone.epsilon() <= leftEpsilon && alone.delta() <= leftDelta) {
        sb.append("; composed with the earlier releases ").append(plural ? "they" : "it")
            .append(" would bring the spent budget to ε = ").append(format(together.epsilon()))
            .append(", δ = ").append(format(together.delta()));
      }
    }
    sb.append(". Nothing was recorded.");
    return new PrivacyBudgetExceededException(
        sb.toString(), alone.epsilon(), alone.delta(), total, spent);
  }

  private static String subject(List<BudgetRequest> requests) {
    if (requests.size() == 1) {
      return "'" + requests.get(0).label() + "'";
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < Math.min(3, requests.size()); i++) {
      labels.add("'" + requests.get(i).label() + "'");
    }
    return requests.size() + " releases (" + String.join(", ", labels)
        + (requests.size() > 3 ? ", …" : "") + ")";
  }

  /**
   * Describes the costs not given as (ε, δ) in words; null if every cost is pure or approximate
   * (its ε and δ then say it all).
   */
  private static String renyiWords(List<BudgetRequest> requests) {
    boolean any = false;
    for (BudgetRequest r : requests) {
      PrivacyCost.Kind kind = r.cost().kind();
      any |= kind != PrivacyCost.Kind.PURE_DP && kind != PrivacyCost.Kind.APPROXIMATE_DP;
    }
    if (!any) {
      return null;
    }
    // Gaussian releases are listed together ("noise multipliers 4.78 and 14.3"), the rest one by one.
    List<String> multipliers = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (BudgetRequest r : requests) {
      if (r.cost().kind() == PrivacyCost.Kind.GAUSSIAN) {
        if (multipliers.isEmpty()) {
          words.add(null); // placeholder for the Gaussian group, at its first position
        }
        multipliers.add(format(r.cost().parameters().get("noiseMultiplier").doubleValue()));
      } else {
        words.add(words(r.cost()));
      }
    }
    if (!multipliers.isEmpty()) {
      words.set(words.indexOf(null), "Gaussian noise with noise "
          + (multipliers.size() == 1 ? "multiplier " : "multipliers ") + joinShort(multipliers));
    }
    return joinShort(words);
  }

  /** "a", "a and b", "a, b and c", "a, b, c and 4 more". */
  private static String joinShort(List<String> parts) {
    int n = parts.size();
    if (n == 1) {
      return parts.get(0);
    }
    if (n <= 3) {
      return String.join(", ", parts.subList(0, n - 1)) + " and " + parts.get(n - 1);
    }
    return String.join(", ", parts.subList(0, 3)) + " and " + (n - 3) + " more";
  }

  private static String words(PrivacyCost c) {
    return switch (c.kind()) {
      case PURE_DP -> "pure ε = " + format(c.epsilon());
      case APPROXIMATE_DP -> "ε = " + format(c.epsilon()) + ", δ = " + format(c.delta());
      case BOUNDED_RANGE -> c.repetitions() + (c.repetitions() == 1 ? " selection" : " selections")
          + " of ε = " + format(c.epsilon()) + (c.repetitions() == 1 ? "" : " each");
      case ZCDP -> "ρ = " + format(c.rho()) + " zCDP";
      case GAUSSIAN -> throw new AssertionError("Gaussian costs are described as a group");
      case SUBSAMPLED_GAUSSIAN -> c.repetitions() + " subsampled Gaussian "
          + (c.repetitions() == 1 ? "step" : "steps") + " (sampling probability "
          + format(c.parameters().get("samplingProbability").doubleValue())
          + ", noise multiplier " + format(c.parameters().get("noiseMultiplier").doubleValue()) + ")";
    };
  }

  private static String budget(PrivacyBudget b) {
    return b.delta() == 0
        ? "ε = " + format(b.epsilon()) + " (pure, δ = 0)"
        : "ε = " + format(b.epsilon()) + ", δ = " + format(b.delta());
  }

  /**
   * Formats a needed and a remaining amount with 3 significant digits, or more if needed so that a
   * needed amount above the remaining one does not print as equal or below it.
   */
  private static String[] pair(double needed, double left) {
    for (int digits = 3; digits < 17; digits++) {
      if (!(needed > left) || round(needed, digits).compareTo(round(left, digits)) > 0) {
        return new String[] {format(needed, digits), format(left, digits)};
      }
    }
    return new String[] {format(needed, 17), format(left, 17)};
  }

  /** Formats {@code x} with 3 significant digits: 1, 0.25, 1e-6, 2.5e-7, ∞. */
  static String format(double x) {
    return format(x, 3);
  }

  private static String format(double x, int digits) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "∞" : "-∞";
    }
    if (x == 0) {
      return "0";
    }
    BigDecimal d = round(x, digits).stripTrailingZeros();
    double abs = Math.abs(x);
    if (abs >= 1e-3 && abs < 1e7) {
      return d.toPlainString();
    }
    // Scientific: mantissa and exponent, "1e-6" rather than "1E-6" or "0.000001".
    int exponent = d.precision() - d.scale() - 1;
    BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
    return mantissa.toPlainString() + "e" + exponent;
  }

  private static BigDecimal round(double x, int digits) {
    return new BigDecimal(x).round(new MathContext(digits));
  }
}
