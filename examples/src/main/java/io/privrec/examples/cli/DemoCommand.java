package io.privrec.examples.cli;

import io.privrec.core.CohortOptions;
import io.privrec.core.ErasureReceipt;
import io.privrec.core.PrivateRecommender;
import io.privrec.core.RecommendationExplanation;
import io.privrec.core.ScoredItem;
import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.CustomerAttributes;
import io.privrec.core.data.DatasetStats;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.eval.EvaluationResult;
import io.privrec.core.eval.Evaluator;
import io.privrec.core.eval.Split;
import io.privrec.core.eval.Splits;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.PrivateAlgorithm;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.PseudonymKey;
import io.privrec.core.privacy.Pseudonymizer;
import io.privrec.core.privacy.Purpose;
import io.privrec.core.privacy.Regime;
import io.privrec.core.store.Garment;
import io.privrec.core.store.SyntheticStore;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyBudgetExceededException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code demo}: the tour on the embedded synthetic fashion store — a few customers'
 * recommendations, an anonymous visitor's, opt-out and erasure, a differentially private model on
 * a store-wide budget, and an evaluation table of every model.
 */
public final class DemoCommand implements Command {

  /** Models shown in the evaluation table, in order, if registered. */
  static final List<String> MODELS = List.of("popularity", "item-knn", "ease", "ials", "dp-ease");
  /** The budget of the publishable model: ε per customer. */
  private static final double PUBLISHED_EPSILON = 1;
  /** The budget of the publishable model: δ. */
  private static final double PUBLISHED_DELTA = 1e-6;

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "tour on the embedded synthetic fashion store (the default command)";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: demo [--data store[:SEED[:CUSTOMERS]]] [--models a,b,...]",
        "",
        "Generates the embedded synthetic fashion store (default: 50,000 customers, 5,000 garments,",
        "about 1 million events, seed 42), fits the models on 80% of every customer's history,",
        "prints recommendations for three customers and for an anonymous visitor, shows opt-out and",
        "erasure, fits a differentially private model (ε = 1, δ = 1e-6 per customer) on a store-wide",
        "budget, and prints an evaluation table (full-catalogue ranking of the held-out 20%).",
        "",
        "  --data store[:SEED[:CUSTOMERS]]   the store to generate (default store:42:50000)",
        "  --models a,b,...                  models to evaluate (default: " + String.join(",", MODELS) + ")",
        "");
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    String spec = args.get("data", "store");
    List<String> models = new ArrayList<>();
    for (String m : args.get("models", String.join(",", MODELS)).split(",")) {
      if (Algorithms.names().contains(m.trim())) {
        models.add(m.trim());
      } else if (args.has("models")) {
        throw new IllegalArgumentException("--models: unknown model '" + m.trim() + "'; known: " + Algorithms.names());
      }
    }
    args.checkAllUsed();

    long t0 = System.nanoTime();
    SyntheticStore store = StoreData.store(spec);
    // The shop's public catalogue (generated from the seed, not from the events): every model
    // indexes it; the store's interactions already line up with it (garment g is column g).
    Catalogue catalogue = store.catalogue();
    InteractionMatrix data = store.interactions().onItems(catalogue.items());
    out.printf(Locale.ROOT, "PrivRec demo: synthetic fashion store (%s) generated in %.1f s%n", spec,
        (System.nanoTime() - t0) / 1e9);
    out.print(indent(DatasetStats.of(data).describe()));
    Map<String, Garment> garments = new HashMap<>();
    for (Garment g : store.garments()) {
      garments.put(g.id(), g);
    }

    Split split = Splits.userHoldout(0.2, 42).split(data).withoutColdTestItems();
    InteractionMatrix train = split.train();
    List<String> regulars = new ArrayList<>();
    for (int u = 0; u < train.numUsers() && regulars.size() < 5; u++) {
      if (train.rowLength(u) >= 5) {
        regulars.add(train.users().id(u));
      }
    }
    // Customer controls: an opt-out register (CCPA style) in which one customer withdrew
    // personalisation; the model honours it from the start.
    ConsentRegister consent = ConsentRegister.builder().regime(Regime.OPT_OUT)
        .pseudonymizer(Pseudonymizer.of(PseudonymKey.generate("demo-key"))).build();
    String optedOut = regulars.get(3);
    consent.withdraw(optedOut, Purpose.PERSONALISATION, "privacy-centre");
    String shown = Algorithms.names().contains("item-knn") ? "item-knn" : "popularity";
    long f0 = System.nanoTime();
    // Customers' attributes live beside the facade too: k-anonymous cohorts by region and age band
    // serve anonymous visitors and customers with little history.
    CustomerAttributes attributes = store.customerAttributes();
    PrivateRecommender rec = PrivateRecommender.builder().data(train).catalogue(catalogue).algorithm(shown)
        .consent(consent).attributes(attributes)
        .cohorts(CohortOptions.builder().attributes("region", "age-band").build()).build();
    double fitSeconds = (System.nanoTime() - f0) / 1e9;

    out.println();
    out.printf(Locale.ROOT, "Recommendations (%s, fitted in %.1f s on 80%% of each history):%n", shown, fitSeconds);
    for (String customer : regulars.subList(0, 3)) {
      int u = train.users().require(customer);
      List<String> history = new ArrayList<>();
      for (int p = train.rowStart(u); p < train.rowEnd(u) && history.size() < 3; p++) {
        history.add(describe(garments.get(train.items().id(train.itemAt(p)))));
      }
      out.printf(Locale.ROOT, "  customer %s (%d items; e.g. %s)%n", customer, train.rowLength(u), String.join(", ", history));
      List<ScoredItem> list = rec.recommend(customer, 5);
      printList(out, list, garments);
      RecommendationExplanation why = rec.explain(customer, list.get(0).itemId(), 2);
      List<String> reasons = new ArrayList<>();
      why.reasons().forEach(r -> reasons.add(describe(garments.get(r.itemId()))));
      out.println("     why #1: she has " + (reasons.isEmpty() ? "(popular item)" : String.join(" and ", reasons)));
    }

    out.println();
    out.println("Customer " + optedOut + " withdrew personalisation: her history is not read; she still allows"
        + " location personalisation, so she gets her cohort's favourites:");
    printList(out, rec.recommend(optedOut, 3), garments);

    List<String> session = new ArrayList<>();
    for (int p = train.rowStart(0); p < train.rowEnd(0) && session.size() < 2; p++) {
      session.add(train.items().id(train.itemAt(p)));
    }
    out.println();
    out.println("Anonymous visitor who looked at " + session + " (no id taken, nothing stored):");
    printList(out, rec.recommendForSession(session, 5), garments);

    Map<String, String> visitor = Map.of("region", "North-West");
    out.println();
    out.println("Anonymous visitor who shares only her region, North-West (nothing stored):");
    List<ScoredItem> regional = rec.recommendForAttributes(visitor, 5);
    printList(out, regional, garments);
    out.println("     why #1: popular with customers in "
        + rec.explainForAttributes(visitor, regional.get(0).itemId()).cohort().orElse("the shop"));

    String newcomer = null;
    for (int u = 0; u < train.numUsers() && newcomer == null; u++) {
      if (train.rowLength(u) == 1 && attributes.contains(train.users().id(u))
          && !train.users().id(u).equals(optedOut)) {
        newcomer = train.users().id(u);
      }
    }
    if (newcomer != null) {
      int u = train.users().require(newcomer);
      out.println();
      out.printf(Locale.ROOT, "New customer %s (%s, age band %s; one garment so far: %s):%n", newcomer,
          attributes.value(newcomer, "region"), attributes.value(newcomer, "age-band"),
          describe(garments.get(train.items().id(train.itemAt(train.rowStart(u))))));
      List<ScoredItem> blended = rec.recommend(newcomer, 5);
      printList(out, blended, garments);
      RecommendationExplanation whyNew = rec.explain(newcomer, blended.get(0).itemId(), 2);
      List<String> because = new ArrayList<>();
      whyNew.reasons().forEach(r -> because.add("she has " + describe(garments.get(r.itemId()))));
      whyNew.cohort().ifPresent(c -> because.add("popular with customers in " + c));
      out.println("     why #1: " + String.join("; ", because));
    }

    String erased = regulars.get(4);
    out.println();
    out.println("Customer " + erased + " asks to be forgotten (GDPR art. 17):");
    ErasureReceipt receipt = rec.forget(erased);
    out.printf(Locale.ROOT, "  deleted %d interactions; model update: %s; her id is %s%n", receipt.interactionsRemoved(),
        receipt.modelUpdate(), rec.data().users().contains(erased) ? "still present" : "gone");
    out.println("  proof kept by the consent register (pseudonymous): " + receipt.proofsJson());
    out.println("  a second request is refused: " + refusal(rec, erased));
    out.println();
    out.print(indent(rec.privacyReport().toText()));

    // A model that leaves the shop (an app's offline cache, a partner feed) is published: the same
    // facade with a privacy budget fits the dp- variant and charges a store-wide accountant first.
    PrivacyAccountant storeBudget = PrivacyAccountant.create(PrivacyBudget.of(PUBLISHED_EPSILON, PUBLISHED_DELTA));
    long d0 = System.nanoTime();
    PrivateRecommender published = PrivateRecommender.builder().data(train).catalogue(catalogue)
        .algorithm("ease").privacy(PUBLISHED_EPSILON, PUBLISHED_DELTA)
        .accountant(storeBudget).build();
    out.println();
    out.printf(Locale.ROOT, "Publishable model: EASE, (ε = %s, δ = %.0e)-differentially private per customer (fitted in %.1f s).%n",
        shortNumber(PUBLISHED_EPSILON), PUBLISHED_DELTA, (System.nanoTime() - d0) / 1e9);
    String first = regulars.get(0);
    out.println("  customer " + first + ", scored from her own history and the private model only:");
    printList(out, published.recommend(first, 5), garments);
    for (String line : published.privacyReport().toText().split("\n")) {
      if (line.startsWith("Differential privacy") || line.startsWith("  - ")) {
        out.println("  " + line);
      }
    }
    try {
      PrivateRecommender.builder().data(train).catalogue(catalogue).algorithm("item-knn")
          .privacy(PUBLISHED_EPSILON, PUBLISHED_DELTA).accountant(storeBudget).build();
      out.println("  a second model on the spent store budget was accepted: the budget is not enforced");
      return 1;
    } catch (PrivacyBudgetExceededException e) {
      out.println("  a second model on the same store budget is refused before anything is computed:");
      out.print(wrap(e.getMessage(), "    ", 100));
    }

    List<String> evaluated = new ArrayList<>(models);
    out.println();
    out.println("Evaluation: full-catalogue ranking of each customer's held-out 20% (seed 42)");
    out.printf(Locale.ROOT, "  %-12s %9s %9s %9s %9s %11s %8s%n", "model", "P@10", "R@20", "NDCG@10", "MAP@10", "coverage@10", "fit s");
    Evaluator evaluator = Evaluator.of(10, 20);
    for (String m : evaluated) {
      Algorithm algorithm = Algorithms.create(m, Map.of());
      if (algorithm instanceof PrivateAlgorithm dp) {
        algorithm = dp.withCatalogue(catalogue);
      }
      EvaluationResult r = evaluator.evaluate(algorithm, split);
      String label = algorithm instanceof PrivateAlgorithm p ? m + " ε=" + shortNumber(p.budget().epsilon()) : m;
      out.printf(Locale.ROOT, "  %-12s %9.4f %9.4f %9.4f %9.4f %11.4f %8.2f%n", label, r.get("precision@10"), r.get("recall@20"),
          r.get("ndcg@10"), r.get("map@10"), r.get("coverage@10"), r.fitSeconds().orElse(Double.NaN));
    }
    return 0;
  }

  private static void printList(PrintStream out, List<ScoredItem> list, Map<String, Garment> garments) {
    for (int i = 0; i < list.size(); i++) {
      out.printf(Locale.ROOT, "    %d. %s%n", i + 1, describe(garments.get(list.get(i).itemId())));
    }
  }

  private static String shortNumber(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }

  private static String refusal(PrivateRecommender rec, String customer) {
    try {
      rec.forget(customer);
      return "(not refused)";
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  /**
   * Wraps {@code text} at spaces into lines of at most {@code width} characters (longer words stay
   * whole), each indented; never between the parts of "ε = 1".
   */
  static String wrap(String text, String indent, int width) {
    StringBuilder sb = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String glued : text.replace(" = ", "\u0000=\u0000").split(" ")) {
      String word = glued.replace('\u0000', ' ');
      if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
        sb.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    return sb.append(line).append('\n').toString();
  }

  private static String indent(String text) {
    StringBuilder sb = new StringBuilder();
    text.lines().forEach(l -> sb.append("  ").append(l).append('\n'));
    return sb.toString();
  }

  private static String describe(Garment g) {
    return g == null ? "?" : g.id() + " " + g.colour() + " " + g.brand() + " " + g.category();
  }

}
