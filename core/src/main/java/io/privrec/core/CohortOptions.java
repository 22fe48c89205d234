package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import io.privrec.dp.budget.PrivacyBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link PrivateRecommender} forms and uses k-anonymous customer cohorts ("popular with
 * customers in the North-West"): which {@linkplain io.privrec.core.data.CustomerAttributes customer
 * attributes} define them, the least cohort size {@code k}, how strongly a customer's cohort
 * weighs against her own history, and (in privacy mode) the budget of the cohort statistics.
 *
 * <pre>{@code
 * CohortOptions cohorts = CohortOptions.builder().attributes("region", "age-band").k(50).build();
 * }</pre>
 *
 * <h2>Cohort ranking</h2>
 * The cohorts consistent with a customer's (or visitor's) attributes rank items by hierarchical
 * backoff: their item counts, then those of the cohorts consistent with all but the last cohort
 * attribute, and so on up to every cohort and everyone, each as a distribution with equal weight
 * (so name the attributes most telling first).
 *
 * <h2>Blend</h2>
 * A customer with a history is ranked by a weighted reciprocal-rank fusion (Cormack, Clarke &amp;
 * Büttcher, SIGIR 2009) of the model's ranking from her history and her cohort's ranking: item
 * {@code i} scores {@code (1 − w)/(60 + r_model(i)) + w/(60 + r_cohort(i))} over each list's top
 * 500, with {@code w = α / (α + n)}, {@code α} the {@linkplain Builder#blendPrior blend prior} and
 * {@code n} the items of her profile that the model holds statistics about ({@link
 * io.privrec.core.model.ItemScorer#describedItems}: all of them for most models, only the
 * privately selected candidates for DP-EASE): with no history, or none the model can read, she
 * gets her cohort's ranking, with a long history almost only her own; {@code α = 0} switches the
 * blend off for customers with a history.
 * The default {@value #DEFAULT_BLEND_PRIOR} was chosen on a validation split carved from the
 * training part of the embedded store with a tuning seed (see {@code docs/tuning.md}); {@link
 * PrivateRecommender#setBlendPrior} changes it without fitting again, and the command line's
 * {@code evaluate --cohorts} chooses it on a validation split of its own data.
 *
 * <h2>Privacy mode</h2>
 * The cohort counts are a release of their own: noise does not shrink with the cohort while the
 * signal grows with it, so private recommenders want larger cohorts (hundreds of customers) and
 * a small {@link Builder#maxItemsPerCustomer contribution bound} (1 or 2) where the default
 * {@code k} of {@value #DEFAULT_K} suits exact counts. By default they are charged beside the
 * model ({@link Builder#budget}); with DP-EASE they can instead share the model's own budget
 * ({@link Builder#shareOfModelBudget}), which costs the model far less than splitting (ε, δ).
 *
 * <p>Immutable and thread-safe.
 */
public final class CohortOptions {
  /** Default least cohort size. */
  public static final int DEFAULT_K = 50;
  /** Default blend prior α. */
  public static final double DEFAULT_BLEND_PRIOR = 4.0;
  /** Default bound on items a customer contributes to the private cohort counts. */
  public static final int DEFAULT_MAX_ITEMS_PER_CUSTOMER = 20;

  private final List<String> attributes;
  private final int k;
  private final double blendPrior;
  private final int maxItemsPerCustomer;
  private final PrivacyBudget budget; // null: the model's budget
  private final double shareOfModelBudget; // NaN: not shared

  private CohortOptions(Builder b) {
    this.shareOfModelBudget = b.shareOfModelBudget;
    this.attributes = List.copyOf(b.attributes);
    this.k = b.k;
    this.blendPrior = b.blendPrior;
    this.maxItemsPerCustomer = b.maxItemsPerCustomer;
    this.budget = b.budget;
  }

  /** Starts the options; {@link Builder#attributes} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The attributes that define cohorts, in order (at least one, distinct). */
  public List<String> attributes() {
    return attributes;
  }

  /** The least number of customers in a cohort, {@code >= 2}. */
  public int k() {
    return k;
  }

  /** The blend prior α, finite and {@code >= 0}. */
  public double blendPrior() {
    return blendPrior;
  }

  /**
   * In privacy mode, the most distinct items one customer contributes to the cohort counts (a
   * uniform subset is kept), in {@code [1, 10,000]}.
   */
  public int maxItemsPerCustomer() {
    return maxItemsPerCustomer;
  }

  /**
   * In privacy mode, the (ε, δ) spent on the cohort counts, charged to the recommender's accountant
   * in addition to the model's; empty: the same budget as the model.
   */
  public Optional<PrivacyBudget> budget() {
    return Optional.ofNullable(budget);
  }

  /**
   * In privacy mode with DP-EASE, the share of the model's μ² (Gaussian DP) spent on the cohort
   * counts released within the model's own fit, in {@code (0, 1)}; empty: a release of its own
   * ({@link #budget()}).
   */
  public java.util.OptionalDouble shareOfModelBudget() {
    return Double.isNaN(shareOfModelBudget) ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of(shareOfModelBudget);
  }

  /**
   * The blend weight of the cohort for a customer with {@code historyLength} profile items, every
   * one of which the model describes: {@code cohortWeight(historyLength, max(historyLength, 0))}.
   */
  public double cohortWeight(int historyLength) {
    return cohortWeight(historyLength, Math.max(historyLength, 0));
  }

  /**
   * The blend weight of the cohort for a customer with {@code historyLength} profile items, {@code
   * describedItems} of which the model holds statistics about ({@link
   * io.privrec.core.model.ItemScorer#describedItems}): 1 without a history, 0 with a history and
   * {@code α = 0} (the blend switched off), otherwise {@code α / (α + describedItems)} (so 1 when
   * the model describes none of her items).
   *
   * @throws IllegalArgumentException unless {@code 0 ≤ describedItems ≤ max(historyLength, 0)}
   */
  public double cohortWeight(int historyLength, int describedItems) {
    if (describedItems < 0 || describedItems > Math.max(historyLength, 0)) {
      // No values: they are a customer's history length (a model broke its describedItems contract).
      throw new IllegalArgumentException("describedItems must be in [0, max(historyLength, 0)]");
    }
    if (historyLength <= 0) {
      return 1.0;
    }
    if (blendPrior == 0) {
      return 0.0;
    }
    return blendPrior / (blendPrior + describedItems);
  }

  /** A copy with another blend prior (see {@link Builder#blendPrior}). */
  public CohortOptions withBlendPrior(double blendPrior) {
    return toBuilder().blendPrior(blendPrior).build();
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.attributes = new ArrayList<>(attributes);
    b.k = k;
    b.blendPrior = blendPrior;
    b.maxItemsPerCustomer = maxItemsPerCustomer;
    b.budget = budget;
    b.shareOfModelBudget = shareOfModelBudget;
    return b;
  }

  @Override
  public String toString() {
    return "CohortOptions{attributes=" + attributes + ", k=" + k + ", blendPrior=" + blendPrior
        + ", maxItemsPerCustomer=" + maxItemsPerCustomer + (budget == null ? "" : ", budget=" + budget)
        + (Double.isNaN(shareOfModelBudget) ? "" : ", shareOfModelBudget=" + shareOfModelBudget) + "}";
  }

  /** Builds {@link CohortOptions}; each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private List<String> attributes;
    private int k = DEFAULT_K;
    private double blendPrior = DEFAULT_BLEND_PRIOR;
    private int maxItemsPerCustomer = DEFAULT_MAX_ITEMS_PER_CUSTOMER;
    private PrivacyBudget budget;
    private double shareOfModelBudget = Double.NaN;

    private Builder() {}

    /**
     * The attribute names that define cohorts (columns of the recommender's {@link
     * io.privrec.core.data.CustomerAttributes}; a column with an {@link
     * io.privrec.core.data.AttributeHierarchy} is split along it, one without is a set of
     * categories, or numeric ranges when every value is a number).
     *
     * @throws IllegalArgumentException if none is given, one is blank or repeated
     */
    public Builder attributes(String... names) {
      return attributes(List.of(names));
    }

    /** Like {@link #attributes(String...)}. */
    public Builder attributes(List<String> names) {
      CorePreconditions.checkNotEmpty("attributes", names);
      for (int i = 0; i < names.size(); i++) {
        CorePreconditions.checkNotBlank("attributes[" + i + "]", names.get(i));
      }
      CorePreconditions.checkDistinct("attributes", names);
      this.attributes = List.copyOf(names);
      return this;
    }

    /**
     * The least number of customers in a cohort (default {@value #DEFAULT_K}).
     *
     * @throws IllegalArgumentException unless {@code k >= 2}
     */
    public Builder k(int k) {
      this.k = CorePreconditions.checkAtLeast("k", k, 2);
      return this;
    }

    /**
     * The blend prior α (default {@value #DEFAULT_BLEND_PRIOR}); see the class documentation.
     *
     * @throws IllegalArgumentException unless finite and {@code >= 0}
     */
    public Builder blendPrior(double alpha) {
      this.blendPrior = CorePreconditions.checkNonNegative("blendPrior", alpha);
      return this;
    }

    /**
     * Privacy mode: the most distinct items one customer contributes to the cohort counts
     * (default {@value #DEFAULT_MAX_ITEMS_PER_CUSTOMER}).
     *
     * @throws IllegalArgumentException unless in {@code [1, 10,000]}
     */
    public Builder maxItemsPerCustomer(int m) {
      this.maxItemsPerCustomer = CorePreconditions.checkInRange("maxItemsPerCustomer", m, 1, 10_000);
      return this;
    }

    /** Privacy mode: the budget of the cohort counts (default: the model's budget). */
    public Builder budget(PrivacyBudget budget) {
      this.budget = requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Privacy mode, with DP-EASE only: release the cohort counts within the model's fit, under the
     * model's (ε, δ) and its single ledger entry, with {@code share} of its μ² (the Gaussian DP
     * parameter: Gaussian releases compose exactly, their μ² adding up) and the model the rest
     * (see {@link io.privrec.core.cf.dp.DpEase.Builder#cohortCounts}). Splitting (ε, δ) between
     * two releases instead gives each of them much less: at ε = 1, δ = 1e-6 halves of (ε, δ) leave
     * each μ·0.51, halves of μ² μ·0.71. The counts then use the model's contribution bound
     * ({@code max-items-per-user}), each customer's items weighted {@code ≈ 1/√k}; {@link
     * #maxItemsPerCustomer} is not used. Excludes {@link #budget}; ignored without privacy.
     *
     * @throws IllegalArgumentException unless {@code share} is in {@code (0, 1)}
     */
    public Builder shareOfModelBudget(double share) {
      this.shareOfModelBudget = CorePreconditions.checkInOpenRange("shareOfModelBudget", share, 0, 1);
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalStateException if no attributes were named, or if both {@link #budget} and
     *     {@link #shareOfModelBudget} were set
     */
    public CohortOptions build() {
      if (attributes == null) {
        throw new IllegalStateException("attributes(...) must be set before build()");
      }
      if (budget != null && !Double.isNaN(shareOfModelBudget)) {
        throw new IllegalStateException("budget(...) and shareOfModelBudget(...) exclude each other: the cohort"
            + " counts are either a release of their own or part of the model's");
      }
      return new CohortOptions(this);
    }
  }
}
