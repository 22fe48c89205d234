package io.privrec.examples.cli;

import io.privrec.core.CohortOptions;
import io.privrec.core.PrivateRecommender;
import io.privrec.core.ScoredItem;
import io.privrec.core.data.AttributeHierarchy;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.CustomerAttributeReaders;
import io.privrec.core.data.CustomerAttributes;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splitter;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.kanon.Hierarchy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * {@code evaluate --cohorts A,B}: evaluates a recommender with k-anonymous customer cohorts
 * through the facade, the way a shop serves it, overall and for cold-start customers, beside the
 * same model without cohorts and global popularity. The blend prior is chosen on a validation
 * split carved from the training part (never the test part).
 */
final class CohortEvaluation {
  /** Customers with at most this many training interactions are cold-start. */
  static final int COLD_START_MAX_TRAIN = 2;
  /** Blend priors tried on the validation split. */
  static final double[] PRIORS = {0, 0.5, 1, 2, 4, 8, 16};
  /** Default share of the budget spent on the cohort counts in privacy mode (the model gets the rest). */
  static final double COHORT_SHARE = 0.5;
  private static final int K = 20;
  static final String[] METRICS = {"precision@10", "recall@10", "recall@20", "ndcg@10", "ndcg@20", "hitrate@10"};

  private final String model; // the plain name (dp- stripped)
  private final Map<String, String> params;
  private final boolean isPrivate;
  private final PrivacyBudget budget; // privacy mode only
  private final Catalogue catalogue;
  private final CustomerAttributes attributes;
  private final List<String> cohortAttributes;
  private final int cohortK;
  private final int threads;
  private final double cohortShare;
  private final PrivacyBudget cohortBudget; // privacy mode: spent in addition to the model's; null: a share
  private final int cohortMaxItems;

  private CohortEvaluation(String model, Map<String, String> params, boolean isPrivate, PrivacyBudget budget,
      Catalogue catalogue, CustomerAttributes attributes, List<String> cohortAttributes, int cohortK, int threads,
      double cohortShare, PrivacyBudget cohortBudget, int cohortMaxItems) {
    this.model = model;
    this.params = params;
    this.isPrivate = isPrivate;
    this.budget = budget;
    this.catalogue = catalogue;
    this.attributes = attributes;
    this.cohortAttributes = cohortAttributes;
    this.cohortK = cohortK;
    this.threads = threads;
    this.cohortShare = cohortShare;
    this.cohortBudget = cohortBudget;
    this.cohortMaxItems = cohortMaxItems;
  }

  /** The options {@code evaluate} adds for cohorts (for its help text). */
  static final String HELP = String.join("\n",
      "  --cohorts A,B      evaluate with k-anonymous customer cohorts on these attributes, through the",
      "                     facade: overall and cold-start (<= " + COLD_START_MAX_TRAIN
          + " training interactions) metrics, beside the",
      "                     same model without cohorts and global popularity; the blend prior is chosen",
      "                     on a validation split of the training part. Privacy mode (dp-*): the",
      "                     model and the cohort counts share --epsilon/--delta; the counts get the",
      "                     --cohort-share (default " + COHORT_SHARE + ") of it, the model the rest (the model",
      "                     alone and popularity get all of it). With dp-ease the share is of μ²",
      "                     (Gaussian DP; the counts are released in the model's fit, one ledger entry),",
      "                     with the other models of (ε, δ)",
      "  --cohort-epsilon E, --cohort-delta D   privacy mode: spend this on the cohort counts in",
      "                     addition to the model's whole --epsilon/--delta (instead of --cohort-share)",
      "  --cohort-max-items M   privacy mode: items per customer in the cohort counts (default "
          + CohortOptions.DEFAULT_MAX_ITEMS_PER_CUSTOMER + "; dp-ease sharing its budget uses its own bound)",
      "  --cohort-k K       least customers per cohort (default " + CohortOptions.DEFAULT_K + ")",
      "  --users FILE       customer attributes: MovieLens u.user (columns age, gender, occupation, zip",
      "                     with a zip-prefix hierarchy) with --format movielens, else a delimited file",
      "                     with a header (id first; TAB for .tsv, comma otherwise), or store[:SEED[:N]]",
      "                     for the synthetic store's (region, postcode, age-band, gender, age), which",
      "                     --data store uses by default",
      "  --hierarchy NAME=FILE   ARX-format hierarchy of an attribute (repeatable), e.g. postcode ->",
      "                     district -> region; --hierarchy-sep C its separator (default ';')",
      "  --blend-prior A    use this blend prior instead of choosing one on validation data");

  /**
   * The hierarchies of {@code --hierarchy name=FILE} (repeatable): ARX-format files, one line per
   * value with its ever coarser labels, separated by {@code --hierarchy-sep} (default {@code ;});
   * a {@code *} level is added when the last one is not {@code *}.
   */
  static Map<String, AttributeHierarchy> hierarchies(Args args) throws IOException {
    String sep = args.get("hierarchy-sep", ";");
    if (sep.length() != 1) {
      throw new IllegalArgumentException("--hierarchy-sep must be one character. Provided value: '" + sep + "'");
    }
    Map<String, AttributeHierarchy> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : args.keyValues("hierarchy").entrySet()) {
      Path file = Path.of(e.getValue());
      Map<String, List<String>> chains = new LinkedHashMap<>();
      for (List<String> row : Hierarchy.readCsv(file, sep.charAt(0)).rows()) {
        List<String> chain = new ArrayList<>(row);
        if (!AttributeHierarchy.TOP.equals(chain.get(chain.size() - 1))) {
          chain.add(AttributeHierarchy.TOP);
        }
        chains.put(chain.get(0), chain);
      }
      try {
        out.put(e.getKey(), AttributeHierarchy.of(chains));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("--hierarchy " + e.getKey() + "=" + file + ": " + ex.getMessage(), ex);
      }
    }
    return out;
  }

  /**
   * Reads the attributes: {@code --users FILE}, or the store's own for {@code --data store…}, with
   * the {@code --hierarchy} files attached.
   */
  static CustomerAttributes attributes(Args args) throws IOException {
    CustomerAttributes table = attributesWithoutHierarchies(args);
    for (Map.Entry<String, AttributeHierarchy> h : hierarchies(args).entrySet()) {
      if (!table.names().contains(h.getKey())) {
        throw new IllegalArgumentException("--hierarchy given for '" + h.getKey() + "', which is not a customer"
            + " attribute; the attributes are " + table.names());
      }
      table = table.withHierarchy(h.getKey(), h.getValue());
    }
    return table;
  }

  private static CustomerAttributes attributesWithoutHierarchies(Args args) throws IOException {
    String spec = args.get("users", null);
    if (spec != null && (spec.equals("store") || spec.startsWith("store:"))) {
      return StoreData.store(spec).customerAttributes();
    }
    if (spec != null) {
      Path file = Path.of(spec);
      if (args.get("format", "movielens").toLowerCase(Locale.ROOT).equals("movielens")) {
        return CustomerAttributeReaders.movieLensUsers(file);
      }
      char separator = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
      return CustomerAttributeReaders.readDelimited(file, separator, true);
    }
    String data = args.get("data", "");
    if (data.equals("store") || data.startsWith("store:")) {
      return StoreData.store(data).customerAttributes();
    }
    throw new IllegalArgumentException("--cohorts needs customer attributes: give --users FILE (e.g. MovieLens"
        + " u.user) or use --data store");
  }

  /** Runs the evaluation and prints one JSON line. */
  static int run(Args args, String modelName, Map<String, String> params, Catalogue catalogue, InteractionMatrix all,
      Split split, Splitter validationSplitter, int threads, PrintStream out, PrintStream err) throws IOException {
    CustomerAttributes attributes = attributes(args);
    List<String> names = new ArrayList<>();
    for (String n : args.require("cohorts").split(",")) {
      if (!n.isBlank()) {
        names.add(n.trim());
      }
    }
    for (String n : names) {
      if (!attributes.names().contains(n)) {
        throw new IllegalArgumentException("--cohorts: '" + n + "' is not a customer attribute; the attributes are "
            + attributes.names());
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--cohorts must name at least one customer attribute; the attributes are "
          + attributes.names());
    }
    int cohortK = args.getInt("cohort-k", CohortOptions.DEFAULT_K);
    if (cohortK < 2) {
      throw new IllegalArgumentException("--cohort-k must be >= 2. Provided value: " + cohortK);
    }
    boolean isPrivate = modelName.startsWith("dp-");
    Map<String, String> plainParams = new LinkedHashMap<>(params);
    double epsilon = args.getDouble("epsilon", 1);
    double delta = args.getDouble("delta", 1e-6);
    plainParams.remove("epsilon");
    plainParams.remove("delta");
    if (isPrivate && catalogue == null) {
      throw new IllegalArgumentException(Datasets.catalogueRequired(modelName));
    }
    Double fixedPrior = args.has("blend-prior") ? args.getDouble("blend-prior", CohortOptions.DEFAULT_BLEND_PRIOR) : null;
    if (fixedPrior != null && fixedPrior < 0) {
      throw new IllegalArgumentException("--blend-prior must be >= 0. Provided value: " + fixedPrior);
    }
    double cohortShare = args.getDouble("cohort-share", COHORT_SHARE);
    if (!(cohortShare > 0 && cohortShare < 1)) {
      throw new IllegalArgumentException("--cohort-share must be in (0, 1). Provided value: " + cohortShare);
    }
    PrivacyBudget cohortBudget = null;
    if (args.has("cohort-epsilon") || args.has("cohort-delta")) {
      if (args.has("cohort-share")) {
        throw new IllegalArgumentException("--cohort-epsilon/--cohort-delta and --cohort-share exclude each other");
      }
      cohortBudget = PrivacyBudget.of(args.getDouble("cohort-epsilon", epsilon), args.getDouble("cohort-delta", delta));
    }
    int cohortMaxItems = args.getInt("cohort-max-items", CohortOptions.DEFAULT_MAX_ITEMS_PER_CUSTOMER);
    if (cohortMaxItems < 1 || cohortMaxItems > 10_000) {
      throw new IllegalArgumentException("--cohort-max-items must be in [1, 10000]. Provided value: " + cohortMaxItems);
    }
    args.checkAllUsed();
    CohortEvaluation e = new CohortEvaluation(isPrivate ? modelName.substring(3) : modelName, plainParams, isPrivate,
        isPrivate ? PrivacyBudget.of(epsilon, delta) : null, catalogue, attributes, List.copyOf(names), cohortK,
        threads, cohortShare, cohortBudget, cohortMaxItems);

    Map<Double, Double> validation = new LinkedHashMap<>();
    double prior;
    try (Progress progress = Progress.open(err)) {
      if (fixedPrior != null) {
        prior = fixedPrior;
      } else {
        // One fit on the validation data; every prior is tried on the same fitted recommender.
        Split inner = validationSplitter.split(split.train()).withoutColdTestItems();
        progress.phase("validation: fit");
        PrivateRecommender tuning = e.withCohorts(inner.train(), PRIORS[0]);
        prior = PRIORS[0];
        double best = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < PRIORS.length; p++) {
          progress.phase("validation: blend prior " + PRIORS[p]);
          tuning.setBlendPrior(PRIORS[p]);
          double recall = e.measure(tuning, inner, progress).overall.get("recall@20");
          validation.put(PRIORS[p], recall);
          if (recall > best) {
            best = recall;
            prior = PRIORS[p];
          }
        }
      }
      progress.phase("fit and evaluate with cohorts");
      PrivateRecommender withCohorts = e.withCohorts(split.train(), prior);
      Result with = e.measure(withCohorts, split, progress);
      Result without;
      if ((e.isPrivate && e.cohortBudget == null) || someTestUserWithoutHistory(split)) {
        progress.phase("fit and evaluate without cohorts");
        without = e.measure(e.plain(split.train(), e.model), split, progress); // the model gets the whole budget
      } else {
        progress.phase("evaluate without cohorts");
        withCohorts.setBlendPrior(0); // the same fitted model alone: every test customer has a history
        without = e.measure(withCohorts, split, progress);
      }
      progress.phase("fit and evaluate global popularity");
      Result popularity = e.measure(e.plain(split.train(), "popularity"), split, progress);

      Map<String, Object> line = new LinkedHashMap<>();
      line.put("model", modelName);
      line.put("params", plainParams);
      line.put("cohorts", names);
      line.put("cohort_k", cohortK);
      line.put("blend_prior", prior);
      line.put("blend_prior_from", fixedPrior != null ? "--blend-prior" : "validation");
      if (!validation.isEmpty()) {
        Map<String, Object> byPrior = new LinkedHashMap<>();
        validation.forEach((a, r) -> byPrior.put(Double.toString(a), r));
        line.put("validation_recall@20", byPrior);
      }
      if (isPrivate) {
        line.put("epsilon", epsilon);
        line.put("delta", delta);
        boolean inModel = e.countsInModel();
        if (cohortBudget == null) {
          line.put("cohort_share", cohortShare);
          line.put("cohort_share_of", inModel ? "mu^2 (one Gaussian composition with the model)" : "(epsilon, delta)");
        } else {
          line.put("cohort_epsilon", cohortBudget.epsilon());
          line.put("cohort_delta", cohortBudget.delta());
        }
        if (!inModel) {
          line.put("cohort_max_items", cohortMaxItems);
        }
      }
      line.put("users", all.numUsers());
      line.put("items", all.numItems());
      if (catalogue != null) {
        line.put("catalogue_items", catalogue.size());
      }
      line.put("users_evaluated", with.users);
      line.put("cold_start_users", with.coldUsers);
      line.put("cold_start_max_train", COLD_START_MAX_TRAIN);
      line.put("with_cohorts", with.tree());
      line.put("without_cohorts", without.tree());
      line.put("popularity", popularity.tree());
      line.put("cold_start_recall@20_vs_popularity",
          ratio(with.cold.get("recall@20"), popularity.cold.get("recall@20")));
      line.put("overall_recall@20_vs_without_cohorts",
          ratio(with.overall.get("recall@20"), without.overall.get("recall@20")));
      out.println(Json.render(line));
    }
    return 0;
  }

  /** True if a test customer has no training interaction (the blend cannot be switched off for her). */
  private static boolean someTestUserWithoutHistory(Split split) {
    for (int u = 0; u < split.test().numUsers(); u++) {
      if (split.test().rowLength(u) > 0 && split.train().rowLength(u) == 0) {
        return true;
      }
    }
    return false;
  }

  private static double ratio(double a, double b) {
    return b > 0 ? a / b : Double.NaN;
  }

  private PrivateRecommender.Builder base(InteractionMatrix train, String name) {
    PrivateRecommender.Builder b = PrivateRecommender.builder().data(train).algorithm(name,
        name.equals(model) ? params : Map.of());
    if (catalogue != null) {
      b.catalogue(catalogue);
    }
    return b;
  }

  /** The model alone (privacy mode: with the whole budget). */
  private PrivateRecommender plain(InteractionMatrix train, String name) {
    PrivateRecommender.Builder b = base(train, name);
    if (isPrivate) {
      b.privacy(budget.epsilon(), budget.delta());
    }
    return b.build();
  }

  /**
   * Privacy mode with DP-EASE sharing its budget: the cohort counts are released in the model's fit
   * (a share of μ²) rather than as a release of their own.
   */
  private boolean countsInModel() {
    return isPrivate && cohortBudget == null && model.equals("ease"); // dp-ease: the name without "dp-"
  }

  /** The model with cohorts (privacy mode: the budget shared between the model and the cohort counts). */
  private PrivateRecommender withCohorts(InteractionMatrix train, double prior) {
    CohortOptions.Builder options = CohortOptions.builder().attributes(cohortAttributes).k(cohortK).blendPrior(prior);
    PrivateRecommender.Builder b = base(train, model).attributes(attributes);
    if (isPrivate) {
      if (cohortBudget != null) {
        b.privacy(budget.epsilon(), budget.delta());
        options.budget(cohortBudget).maxItemsPerCustomer(cohortMaxItems);
      } else if (countsInModel()) {
        b.privacy(budget.epsilon(), budget.delta());
        options.shareOfModelBudget(cohortShare);
      } else {
        PrivacyBudget[] parts = budget.split(1 - cohortShare, cohortShare);
        b.privacy(parts[0].epsilon(), parts[0].delta());
        options.budget(parts[1]).maxItemsPerCustomer(cohortMaxItems);
      }
    }
    return b.cohorts(options.build()).build();
  }

  /** Metric means over all test users and over cold-start test users. */
  private static final class Result {
    final int users;
    final int coldUsers;
    final Map<String, Double> overall;
    final Map<String, Double> cold;

    Result(int users, int coldUsers, Map<String, Double> overall, Map<String, Double> cold) {
      this.users = users;
      this.coldUsers = coldUsers;
      this.overall = overall;
      this.cold = cold;
    }

    /** Overall and cold-start metrics; an undefined cold-start metric (no such customer) is null. */
    Map<String, Object> tree() {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("overall", overall);
      t.put("cold_start", cold);
      return t;
    }
  }

  /**
   * Ranks the top {@value #K} for every test user through {@link PrivateRecommender#recommend}
   * (her training items excluded) and averages the metrics as {@code evaluate} defines them.
   */
  private Result measure(PrivateRecommender rec, Split split, Progress progress) {
    InteractionMatrix train = split.train();
    InteractionMatrix test = split.test();
    int n = test.numUsers();
    double[][] sums = new double[2][METRICS.length];
    int[] counts = new int[2];
    AtomicInteger done = new AtomicInteger();
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      pool.submit(() -> IntStream.range(0, n).parallel().forEach(u -> {
        if (test.rowLength(u) == 0) {
          return;
        }
        Set<String> relevant = new HashSet<>();
        for (int p = test.rowStart(u); p < test.rowEnd(u); p++) {
          relevant.add(test.items().id(test.itemAt(p)));
        }
        List<ScoredItem> top = rec.recommend(train.users().id(u), K);
        double[] v = values(top, relevant);
        boolean cold = train.rowLength(u) <= COLD_START_MAX_TRAIN;
        synchronized (sums) {
          add(sums[0], v);
          counts[0]++;
          if (cold) {
            add(sums[1], v);
            counts[1]++;
          }
        }
        if (done.incrementAndGet() % 1024 == 0) {
          progress.progress("evaluate", (double) u / n);
        }
      })).get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    } catch (java.util.concurrent.ExecutionException ex) {
      Throwable cause = ex.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } finally {
      pool.shutdown();
    }
    return new Result(counts[0], counts[1], means(sums[0], counts[0]), means(sums[1], counts[1]));
  }

  private static void add(double[] sum, double[] v) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += v[i];
    }
  }

  private static Map<String, Double> means(double[] sum, int count) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < METRICS.length; i++) {
      m.put(METRICS[i], count == 0 ? Double.NaN : sum[i] / count);
    }
    return m;
  }

  /** precision@10, recall@10, recall@20, ndcg@10, ndcg@20, hitrate@10 of one ranked list. */
  static double[] values(List<ScoredItem> top, Set<String> relevant) {
    int numRelevant = relevant.size();
    int hits10 = 0;
    int hits20 = 0;
    double dcg10 = 0;
    double dcg20 = 0;
    for (int r = 1; r <= top.size() && r <= 20; r++) {
      if (relevant.contains(top.get(r - 1).itemId())) {
        double d = 1.0 / (Math.log(r + 1) / Math.log(2));
        hits20++;
        dcg20 += d;
        if (r <= 10) {
          hits10++;
          dcg10 += d;
        }
      }
    }
    return new double[] {hits10 / 10.0, (double) hits10 / numRelevant, (double) hits20 / numRelevant,
        dcg10 / idealDcg(Math.min(10, numRelevant)), dcg20 / idealDcg(Math.min(20, numRelevant)), hits10 > 0 ? 1 : 0};
  }

  private static double idealDcg(int n) {
    double sum = 0;
    for (int r = 1; r <= n; r++) {
      sum += 1.0 / (Math.log(r + 1) / Math.log(2));
    }
    return sum;
  }
}
