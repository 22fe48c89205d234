package io.privrec.core;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.EventWeights;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.privacy.Regime;
import io.privrec.core.privacy.RetentionPolicy;
import io.privrec.dp.budget.PrivacyBudget;
import java.time.Clock;
import java.time.Period;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link RecommenderHome} runs: consent regime, event weights, retention, the model a
 * {@link RecommenderHome#refit()} fits, and the privacy budget. Immutable; build with {@link
 * #builder()}; {@link #defaults()} is OPT_IN consent, {@link EventWeights#DEFAULT}, no retention
 * limit, popularity, no privacy, no cohorts.
 *
 * <p>The regime and the privacy budget are fixed by the home the first time they are used: a home
 * created under OPT_IN stays OPT_IN, and a home whose ledger holds a budget refuses to open its
 * accountant under a different one (a budget never resets or grows silently).
 *
 * @param regime the consent default for customers without a decision
 * @param eventWeights the weight of each event kind
 * @param retention the retention limit applied at every refit and by {@link
 *     RecommenderHome#applyRetention()}, if any
 * @param algorithm the algorithm {@link RecommenderHome#refit()} fits (a name of {@link
 *     io.privrec.core.cf.Algorithms#names()})
 * @param parameters its parameters
 * @param privacy the (ε, δ) of each private refit, if refits are private
 * @param budget the total (ε, δ) the ledger may spend (per {@code budgetPeriod} if set); required
 *     with {@code privacy}
 * @param budgetPeriod the budget period (e.g. {@code Period.ofMonths(3)}), if budgets are per
 *     period; the report then states the cumulative spend over all periods
 * @param coldStart what recommendations do for unknown customers
 * @param fallbackMinCustomers see {@link PrivateRecommender.Builder#fallbackMinCustomers(int)}
 * @param clock stamps events recorded without a time, consent decisions and ledger entries
 * @param cohorts the k-anonymous customer cohorts every refit forms from the stored customer
 *     attributes (see {@link RecommenderHome}, "Cohorts"), if any; in private refits their counts
 *     are a release charged to the home's ledger besides the model
 * @param attributeHierarchies cohort attribute name → its generalisation hierarchy (e.g. region
 *     → macro-region → {@code *}, or postcode prefixes); empty when none; each name must be one of
 *     the {@code cohorts}' attributes
 */
public record HomeOptions(Regime regime, EventWeights eventWeights, Optional<RetentionPolicy> retention,
    String algorithm, Map<String, String> parameters, Optional<PrivacyBudget> privacy, Optional<PrivacyBudget> budget,
    Optional<Period> budgetPeriod, ColdStart coldStart, int fallbackMinCustomers, Clock clock,
    Optional<CohortOptions> cohorts, Map<String, AttributeHierarchy> attributeHierarchies) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code fallbackMinCustomers < 1}, the period is not
   *     positive, {@code privacy} is set without {@code budget}, a cohort attribute name could not
   *     be stored (longer than 1024 characters, or holding NUL, CR or LF), or a hierarchy is given
   *     without cohorts or for an attribute that is not a cohort attribute
   */
  public HomeOptions {
    requireNonNull(regime, "regime");
    requireNonNull(eventWeights, "eventWeights");
    requireNonNull(retention, "retention");
    requireNonNull(algorithm, "algorithm");
    parameters = Map.copyOf(parameters);
    requireNonNull(privacy, "privacy");
    requireNonNull(budget, "budget");
    requireNonNull(budgetPeriod, "budgetPeriod");
    requireNonNull(coldStart, "coldStart");
    requireNonNull(clock, "clock");
    CorePreconditions.checkPositive("fallbackMinCustomers", fallbackMinCustomers);
    budgetPeriod.ifPresent(p -> CorePreconditions.checkPositive("budgetPeriod", p));
    CorePreconditions.checkArgument(privacy.isEmpty() || budget.isPresent(),
        "privacy(...) needs budget(...): a private refit is charged to the home's durable budget");
    requireNonNull(cohorts, "cohorts");
    requireNonNull(attributeHierarchies, "attributeHierarchies");
    cohorts.ifPresent(c -> {
      for (int i = 0; i < c.attributes().size(); i++) {
        // As stored attribute names are.
        CorePreconditions.checkLineText("cohorts: attribute name at position " + i, c.attributes().get(i));
      }
    });
    Map<String, AttributeHierarchy> hierarchies = new LinkedHashMap<>();
    attributeHierarchies.forEach((name, h) -> {
      requireNonNull(name, "attributeHierarchies: attribute name");
      requireNonNull(h, "attributeHierarchies: hierarchy of '" + name + "'");
      CorePreconditions.checkArgument(cohorts.isPresent(),
          "attributeHierarchy('%s', ...) needs cohorts(...): hierarchies are only used to form cohorts", name);
      CorePreconditions.checkArgument(cohorts.get().attributes().contains(name),
          "attributeHierarchy: '%s' must be one of the cohort attributes %s", name, cohorts.get().attributes());
      hierarchies.put(name, h);
    });
    attributeHierarchies = Collections.unmodifiableMap(hierarchies);
  }

  /** The defaults (see the class documentation). */
  public static HomeOptions defaults() {
    return builder().build();
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.regime = regime;
    b.eventWeights = eventWeights;
    b.retention = retention.orElse(null);
    b.algorithm = algorithm;
    b.parameters = parameters;
    b.privacy = privacy.orElse(null);
    b.budget = budget.orElse(null);
    b.budgetPeriod = budgetPeriod.orElse(null);
    b.coldStart = coldStart;
    b.fallbackMinCustomers = fallbackMinCustomers;
    b.clock = clock;
    b.cohorts = cohorts.orElse(null);
    b.attributeHierarchies = new LinkedHashMap<>(attributeHierarchies);
    return b;
  }

  /** Builds {@link HomeOptions}. Not thread-safe. */
  public static final class Builder {
    private Regime regime = Regime.OPT_IN;
    private EventWeights eventWeights = EventWeights.DEFAULT;
    private RetentionPolicy retention;
    private String algorithm = "popularity";
    private Map<String, String> parameters = Map.of();
    private PrivacyBudget privacy;
    private PrivacyBudget budget;
    private Period budgetPeriod;
    private ColdStart coldStart = ColdStart.POPULAR;
    private int fallbackMinCustomers = PrivateRecommender.DEFAULT_FALLBACK_MIN_CUSTOMERS;
    private Clock clock = Clock.systemUTC();
    private CohortOptions cohorts;
    private Map<String, AttributeHierarchy> attributeHierarchies = new LinkedHashMap<>();

    private Builder() {}

    /** The consent regime (default OPT_IN). */
    public Builder regime(Regime regime) {
      this.regime = requireNonNull(regime, "regime");
      return this;
    }

    /** Event weights (default {@link EventWeights#DEFAULT}). */
    public Builder eventWeights(EventWeights weights) {
      this.eventWeights = requireNonNull(weights, "weights");
      return this;
    }

    /** A retention limit (default none). */
    public Builder retention(RetentionPolicy retention) {
      this.retention = requireNonNull(retention, "retention");
      return this;
    }

    /** The algorithm {@link RecommenderHome#refit()} fits, with parameters. */
    public Builder algorithm(String name, Map<String, String> params) {
      this.algorithm = requireNonNull(name, "name");
      this.parameters = Map.copyOf(params);
      return this;
    }

    /** Makes refits (ε, δ)-differentially private per customer. */
    public Builder privacy(double epsilon, double delta) {
      this.privacy = PrivacyBudget.of(epsilon, delta);
      return this;
    }

    /** The home's total privacy budget (for its life, or per {@link #budgetPeriod}). */
    public Builder budget(double epsilon, double delta) {
      this.budget = PrivacyBudget.of(epsilon, delta);
      return this;
    }

    /** Budgets per period, e.g. {@code Period.ofMonths(3)} (default: one budget for the home's life). */
    public Builder budgetPeriod(Period period) {
      this.budgetPeriod = requireNonNull(period, "period");
      return this;
    }

    /** What to do for unknown customers (default {@link ColdStart#POPULAR}). */
    public Builder coldStart(ColdStart coldStart) {
      this.coldStart = requireNonNull(coldStart, "coldStart");
      return this;
    }

    /** See {@link PrivateRecommender.Builder#fallbackMinCustomers(int)}. */
    public Builder fallbackMinCustomers(int k) {
      this.fallbackMinCustomers = k;
      return this;
    }

    /** The clock (default system UTC). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Forms k-anonymous customer cohorts from the stored customer attributes at every refit and on
     * open (default none); see {@link RecommenderHome}, "Cohorts".
     */
    public Builder cohorts(CohortOptions cohorts) {
      this.cohorts = requireNonNull(cohorts, "cohorts");
      return this;
    }

    /**
     * The generalisation hierarchy of a cohort attribute (default none: categories, or numeric
     * ranges when every value is a number), e.g. {@code AttributeHierarchy.of(regionChains)} or
     * {@code AttributeHierarchy.prefixes(3, 1)} for postcodes. Repeat for other attributes; naming
     * an attribute again replaces its hierarchy. {@link #build()} checks that every name is one of
     * the {@link #cohorts} attributes.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder attributeHierarchy(String name, AttributeHierarchy hierarchy) {
      requireNonNull(name, "name");
      requireNonNull(hierarchy, "hierarchy");
      CorePreconditions.checkNotBlank("attributeHierarchy: name", name);
      this.attributeHierarchies.put(name, hierarchy);
      return this;
    }

    /** Validates and builds. */
    public HomeOptions build() {
      return new HomeOptions(regime, eventWeights, Optional.ofNullable(retention), algorithm, parameters,
          Optional.ofNullable(privacy), Optional.ofNullable(budget), Optional.ofNullable(budgetPeriod), coldStart,
          fallbackMinCustomers, clock, Optional.ofNullable(cohorts), attributeHierarchies);
    }
  }
}
