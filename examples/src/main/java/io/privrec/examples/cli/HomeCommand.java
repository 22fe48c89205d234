package io.privrec.examples.cli;

import io.privrec.core.ErasureReceipt;
import io.privrec.core.CohortOptions;
import io.privrec.core.HomeOptions;
import io.privrec.core.PrivacyReport;
import io.privrec.core.RecommenderHome;
import io.privrec.core.ScoredItem;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.CustomerAttributes;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.privacy.Regime;
import io.privrec.dp.budget.CumulativeSpend;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.SpentBudget;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code home}: keeps a shop's recommender in a durable home directory ({@link RecommenderHome}):
 * {@code home init}, {@code ingest}, {@code fit}, {@code recommend}, {@code forget}, {@code export}
 * and {@code report}, each with {@code --home DIR}. Every subcommand prints one JSON line on
 * stdout; progress and diagnostics go to stderr. Error messages never repeat a customer id.
 */
public final class HomeCommand implements Command {
  private static final List<String> SUBCOMMANDS = List.of("init", "ingest", "fit", "recommend", "forget", "export",
      "report");

  @Override
  public String name() {
    return "home";
  }

  @Override
  public String summary() {
    return "a durable recommender home: init, ingest, fit, recommend, forget, export, report";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: home init      --home DIR [--catalogue FILE] [--regime opt-in|opt-out]",
        "       home ingest    --home DIR --data FILE|store[:SEED[:CUSTOMERS]] [--format F] [reader options]",
        "       home fit       --home DIR --model NAME [--param key=value]...",
        "                      [--epsilon E --delta D --budget-epsilon BE --budget-delta BD [--budget-period P3M]]",
        "       home recommend --home DIR --customer ID --k N",
        "       home forget    --home DIR --customer ID [--customer ID]...",
        "       home export    --home DIR --customer ID [--out FILE]",
        "       home report    --home DIR [--internal] [--out FILE]",
        "",
        "Every subcommand but init may be typed without 'home' (e.g. 'fit --home DIR --model ease');",
        "'recommend' is the home's only when it names a --home.",
        "",
        "A home is one directory holding everything the recommender knows: the public catalogue, the",
        "interaction events, consent decisions, the privacy ledger, erasure tombstones and the published",
        "model versions. It survives restarts and crashes; only one process may open it at a time.",
        "Each subcommand prints one JSON line on stdout.",
        "",
        "  init       creates the home. --catalogue FILE: one item id per line (default: the synthetic",
        "             store's garment list, matching --data store). --regime (default opt-in) is the",
        "             consent default for customers without a recorded decision, fixed for the home's",
        "             life. Under opt-in a customer's events are stored only once she consented, so a",
        "             shop importing legacy data collected under an opt-out notice creates the home with",
        "             --regime opt-out. Prints {\"home\",\"catalogueItems\",\"regime\"}.",
        "  ingest     imports interactions (re-indexed onto the home's catalogue; other items are",
        "             dropped and counted on stderr), under the consent and erasure rules. Prints",
        "             {\"stored\",\"refusedNoConsent\",\"refusedErased\"}. Reader options:",
        "             --format F, --min-weight W, --min-user-interactions N, --skip-malformed and the",
        "             csv options --sep, --user-col, --item-col, --weight-col, --time-col, as in",
        "             'evaluate --help'; --data store[:SEED[:CUSTOMERS]] imports the synthetic store.",
        "             --users FILE|store[:SEED[:CUSTOMERS]] also (or only) imports customer attributes, as",
        "             for 'evaluate --cohorts'; adds {\"customersWithAttributes\",\"attributesRefused\"}.",
        "  fit        fits a new model version on the consented data and makes it live. --model and",
        "             --param as in 'evaluate --help'. With --epsilon/--delta the fit is differentially",
        "             private and charged to the home's durable budget --budget-epsilon/--budget-delta",
        "             (per --budget-period, an ISO-8601 period such as P3M, if given); the budget is fixed",
        "             by the first private fit and must be repeated unchanged. A fit the remaining budget",
        "             cannot pay for is refused (exit status 1), nothing is computed or published.",
        "             Prints {\"version\",\"model\",\"differentiallyPrivate\",\"spent\",\"cumulative\"}.",
        "             --cohorts A,B [--cohort-k K] also forms k-anonymous cohorts of the stored attributes",
        "             (a private fit also releases DP cohort counts, charged beside the model); name them",
        "             again with 'recommend' to serve them; --hierarchy NAME=FILE (ARX format, repeatable)",
        "             cuts an attribute along its hierarchy.",
        "  recommend  the customer's top-N items from the live model (non-personalised for a customer",
        "             the home does not know). Prints {\"customer\",\"items\":[{\"item\",\"score\"}]}.",
        "             With --cohorts A,B [--cohort-k K] customers with little history get their cohort's",
        "             taste blended in, and --attributes name=value,... instead of --customer serves an",
        "             anonymous visitor by her cohorts (nothing is stored).",
        "  forget     erases customers everywhere (events, consent, model, files) and refuses their",
        "             future events. Prints the erasure receipt with its pseudonymous proofs.",
        "  export     everything held about a customer (GDPR arts. 15 and 20), to stdout or --out FILE.",
        "  report     the publishable privacy report of the live model and the budget statement;",
        "             --internal adds internal counts (do not publish). To stdout or --out FILE.",
        "",
        "--out FILE is written atomically; an existing regular file keeps its permissions, while a",
        "directory, device, symbolic link or read-only file is never replaced.",
        "");
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    List<String> positional = args.positional();
    if (positional.size() != 1 || !SUBCOMMANDS.contains(positional.get(0))) {
      throw new IllegalArgumentException("expected one subcommand of " + String.join(", ", SUBCOMMANDS)
          + (positional.isEmpty() ? "" : ". Provided value: '" + String.join(" ", positional) + "'"));
    }
    String sub = positional.get(0);
    Path dir = Path.of(args.require("home"));
    try {
      switch (sub) {
        case "init":
          return init(dir, args, out);
        case "ingest":
          return ingest(dir, args, out, err);
        case "fit":
          return fit(dir, args, out, err);
        case "recommend":
          return recommend(dir, args, out);
        case "forget":
          return forget(dir, args, out, err);
        case "export":
          return export(dir, args, out);
        default:
          return report(dir, args, out);
      }
    } catch (IllegalStateException | UncheckedIOException e) {
      err.println("home " + sub + ": " + e.getMessage());
      return 1;
    }
  }

  private static int init(Path dir, Args args, PrintStream out) throws IOException {
    String regimeName = args.get("regime", "opt-in");
    Regime regime = switch (regimeName.toLowerCase(Locale.ROOT)) {
      case "opt-in" -> Regime.OPT_IN;
      case "opt-out" -> Regime.OPT_OUT;
      default -> throw new IllegalArgumentException("--regime must be opt-in or opt-out. Provided value: '"
          + regimeName + "'");
    };
    String catalogueFile = args.get("catalogue", null);
    args.checkAllUsed();
    Catalogue catalogue = catalogueFile != null ? Catalogue.read(Path.of(catalogueFile))
        : StoreData.store("store").catalogue();
    try (RecommenderHome home = RecommenderHome.create(dir, catalogue,
        HomeOptions.builder().regime(regime).build())) {
      out.println("{\"home\":" + Json.str(dir.toString()) + ",\"catalogueItems\":" + home.catalogue().size()
          + ",\"regime\":" + Json.str(regimeName.toLowerCase(Locale.ROOT)) + "}");
    }
    return 0;
  }

  private static int ingest(Path dir, Args args, PrintStream out, PrintStream err) throws IOException {
    String data = args.get("data", null);
    if (data == null && !args.has("users")) {
      throw new IllegalArgumentException("missing required option --data (or --users FILE for attributes only)");
    }
    HomeOptions options = options(dir);
    try (RecommenderHome home = RecommenderHome.open(dir, options)) {
      InteractionMatrix m = data == null ? null : Datasets.load(args, home.catalogue(), err);
      CustomerAttributes users = args.has("users") ? CohortEvaluation.attributes(args) : null;
      args.checkAllUsed();
      StringJoiner json = new StringJoiner(",", "{", "}");
      if (m != null) {
        RecommenderHome.Recorded r;
        try (Progress progress = Progress.open(err)) {
          progress.phase("ingest " + m.numInteractions() + " interactions");
          r = home.ingest(m);
          progress.done();
        }
        err.printf(Locale.ROOT, "%s: stored %d events%n", data, r.stored());
        json.add("\"stored\":" + r.stored()).add("\"refusedNoConsent\":" + r.refusedNoConsent())
            .add("\"refusedErased\":" + r.refusedErased());
      }
      if (users != null) {
        // Stored under the same consent and erasure rules as events.
        int stored = 0;
        int refused = 0;
        for (String id : users.customers()) {
          if (home.setAttributes(id, users.valuesByName(id))) {
            stored++;
          } else {
            refused++;
          }
        }
        json.add("\"customersWithAttributes\":" + stored).add("\"attributesRefused\":" + refused);
      }
      out.println(json);
    }
    return 0;
  }

  private static int fit(Path dir, Args args, PrintStream out, PrintStream err) throws IOException {
    String model = args.require("model");
    Map<String, String> params = args.keyValues("param");
    HomeOptions.Builder options = options(dir, args).toBuilder();
    PrivacyBudget privacy = null;
    if (args.has("epsilon") || args.has("delta")) {
      double epsilon = args.getDouble("epsilon", Double.NaN);
      double delta = args.getDouble("delta", 0);
      if (!args.has("epsilon")) {
        throw new IllegalArgumentException("--delta needs --epsilon");
      }
      if (!args.has("budget-epsilon") || !args.has("budget-delta")) {
        throw new IllegalArgumentException("a private fit (--epsilon) needs the home's budget: --budget-epsilon BE"
            + " --budget-delta BD");
      }
      privacy = budget("epsilon", epsilon, "delta", delta);
      options.budget(args.getDouble("budget-epsilon", 0), args.getDouble("budget-delta", 0));
      checkBudget(args.getDouble("budget-epsilon", 0), args.getDouble("budget-delta", 0));
      String period = args.get("budget-period", null);
      if (period != null) {
        try {
          options.budgetPeriod(Period.parse(period));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("--budget-period must be an ISO-8601 period such as P3M or P1Y."
              + " Provided value: '" + period + "'", e);
        }
      }
    } else if (args.has("budget-epsilon") || args.has("budget-delta") || args.has("budget-period")) {
      throw new IllegalArgumentException("--budget-epsilon, --budget-delta and --budget-period apply only to a private"
          + " fit: add --epsilon E --delta D");
    }
    args.checkAllUsed();
    try (RecommenderHome home = RecommenderHome.open(dir, options.build());
        Progress progress = Progress.open(err)) {
      progress.phase("fit " + model);
      RecommenderHome.ModelVersion v;
      try {
        v = home.refit(model, params, privacy);
      } catch (RuntimeException e) {
        progress.abandon();
        throw e;
      }
      progress.done();
      RecommenderHome.BudgetStatement b = home.budget();
      List<SpentBudget> spent = b.spentPerPeriod();
      out.println("{\"version\":" + Json.str(v.id()) + ",\"model\":" + Json.str(v.algorithm())
          + ",\"differentiallyPrivate\":" + v.differentiallyPrivate()
          + ",\"spent\":" + (spent.isEmpty() ? "null" : spent(spent.get(spent.size() - 1)))
          + ",\"cumulative\":" + b.cumulative().map(HomeCommand::cumulative).orElse("null") + "}");
    }
    return 0;
  }

  private static int recommend(Path dir, Args args, PrintStream out) throws IOException {
    String customer = args.get("customer", null);
    String attributes = args.get("attributes", null);
    if ((customer == null) == (attributes == null)) {
      throw new IllegalArgumentException("give either --customer ID or --attributes name=value,... (a visitor)");
    }
    Map<String, String> visitor = attributes == null ? null : attributeList(attributes);
    int k = args.getInt("k", -1);
    if (k < 1) {
      throw new IllegalArgumentException("--k must be an integer >= 1. Provided value: " + args.get("k", "(missing)"));
    }
    HomeOptions options = options(dir, args);
    args.checkAllUsed();
    try (RecommenderHome home = RecommenderHome.open(dir, options)) {
      if (home.model().isEmpty()) {
        throw new IllegalStateException("home " + dir + " has no model yet; run 'home fit --home " + dir
            + " --model NAME' first");
      }
      StringJoiner items = new StringJoiner(",", "[", "]");
      List<ScoredItem> list = visitor != null ? home.recommendForAttributes(visitor, k) : home.recommend(customer, k);
      for (ScoredItem s : list) {
        items.add("{\"item\":" + Json.str(s.itemId()) + ",\"score\":" + Json.num(s.score()) + "}");
      }
      out.println((visitor != null ? "{\"visitor\":" + Json.str(attributes) : "{\"customer\":" + Json.str(customer))
          + ",\"items\":" + items + "}");
    }
    return 0;
  }

  /** {@code name=value,name=value} as a map (names and values trimmed; a value may be empty). */
  static Map<String, String> attributeList(String text) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || m.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("--attributes must be name=value pairs separated by commas, each name once."
            + " Provided value: '" + text + "'");
      }
    }
    return m;
  }

  private static int forget(Path dir, Args args, PrintStream out, PrintStream err) throws IOException {
    List<String> customers = args.all("customer");
    if (customers.isEmpty()) {
      throw new IllegalArgumentException("missing required option --customer");
    }
    args.checkAllUsed();
    try (RecommenderHome home = RecommenderHome.open(dir, options(dir))) {
      ErasureReceipt r = home.forget(customers);
      err.printf(Locale.ROOT, "erased %d customer(s), %d interactions%n", r.customers(), r.interactionsRemoved());
      out.println("{\"customers\":" + r.customers() + ",\"interactionsRemoved\":" + r.interactionsRemoved()
          + ",\"modelUpdate\":" + Json.str(r.modelUpdate().name()) + ",\"proofs\":" + oneLine(r.proofsJson()) + "}");
    }
    return 0;
  }

  private static int export(Path dir, Args args, PrintStream out) throws IOException {
    String customer = args.require("customer");
    Path outFile = outFile(args);
    args.checkAllUsed();
    try (RecommenderHome home = RecommenderHome.open(dir, options(dir))) {
      String json = oneLine(home.export(customer));
      if (outFile != null && !Files.exists(outFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        // A new export file holds personal data: readable by its owner only (0600), like the home.
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        io.privrec.core.data.OutputFiles.writePrivate(outFile, o -> o.write(bytes));
      } else {
        emit(json, outFile, out);
      }
    }
    return 0;
  }

  private static int report(Path dir, Args args, PrintStream out) throws IOException {
    boolean internal = args.flag("internal");
    Path outFile = outFile(args);
    args.checkAllUsed();
    try (RecommenderHome home = RecommenderHome.open(dir, options(dir))) {
      Optional<PrivacyReport> report = home.privacyReport();
      StringBuilder sb = new StringBuilder("{\"report\":")
          .append(report.map(r -> oneLine(r.toJson())).orElse("null"))
          .append(",\"budget\":").append(budget(home.budget()));
      if (internal) {
        RecommenderHome.Status s = home.status();
        sb.append(",\"internal\":{\"events\":").append(s.events()).append(",\"customers\":").append(s.customers())
            .append(",\"erased\":").append(s.erased())
            .append(",\"modelVersion\":").append(Json.str(s.model().map(RecommenderHome.ModelVersion::id).orElse(null)))
            .append('}');
      }
      emit(sb.append('}').toString(), outFile, out);
    }
    return 0;
  }

  /** The consent regime a home was created under, read from its {@code home.properties}. */
  static Regime regime(Path dir) throws IOException {
    Path props = dir.resolve("home.properties");
    if (!Files.isRegularFile(props)) {
      throw new IllegalArgumentException("--home " + dir + ": no recommender home there (no home.properties);"
          + " create one with 'home init --home " + dir + "'");
    }
    for (String line : Files.readAllLines(props, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).trim().equals("regime")) {
        String value = line.substring(eq + 1).trim();
        try {
          return Regime.valueOf(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(props + ": unknown consent regime '" + value + "'", e);
        }
      }
    }
    throw new IllegalStateException(props + ": no 'regime' entry");
  }

  private static HomeOptions options(Path dir) throws IOException {
    return HomeOptions.builder().regime(regime(dir)).build();
  }

  /**
   * The home's options with the cohorts of {@code --cohorts A,B [--cohort-k K]}, if given: the
   * cohorts a version is fitted with must be named again to serve it.
   */
  private static HomeOptions options(Path dir, Args args) throws IOException {
    HomeOptions.Builder b = options(dir).toBuilder();
    if (args.has("cohorts")) {
      List<String> names = new ArrayList<>();
      for (String n : args.require("cohorts").split(",")) {
        if (!n.isBlank()) {
          names.add(n.trim());
        }
      }
      b.cohorts(CohortOptions.builder().attributes(names).k(args.getInt("cohort-k", CohortOptions.DEFAULT_K)).build());
      CohortEvaluation.hierarchies(args).forEach(b::attributeHierarchy);
    } else if (args.has("cohort-k") || args.has("hierarchy")) {
      throw new IllegalArgumentException("--cohort-k and --hierarchy need --cohorts A,B");
    }
    return b.build();
  }

  private static Path outFile(Args args) throws IOException {
    String value = args.get("out", null);
    return value == null ? null : OutputFiles.check("out", value);
  }

  private static void emit(String json, Path outFile, PrintStream out) throws IOException {
    if (outFile == null) {
      out.println(json);
    } else {
      byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
      OutputFiles.write("out", outFile, o -> o.write(bytes));
    }
  }

  private static PrivacyBudget budget(String epsName, double epsilon, String deltaName, double delta) {
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("--" + epsName + " must be > 0. Provided value: " + epsilon);
    }
    if (delta < 0 || delta >= 1) {
      throw new IllegalArgumentException("--" + deltaName + " must be in [0, 1). Provided value: " + delta);
    }
    return PrivacyBudget.of(epsilon, delta);
  }

  private static void checkBudget(double epsilon, double delta) {
    budget("budget-epsilon", epsilon, "budget-delta", delta);
  }

  private static String spent(SpentBudget s) {
    return "{\"epsilon\":" + Json.num(s.epsilon()) + ",\"delta\":" + Json.num(s.delta()) + "}";
  }

  private static String cumulative(CumulativeSpend c) {
    return "{\"epsilon\":" + Json.num(c.epsilon()) + ",\"delta\":" + Json.num(c.delta()) + ",\"periods\":"
        + c.periods() + "}";
  }

  private static String budget(RecommenderHome.BudgetStatement b) {
    StringJoiner periods = new StringJoiner(",", "[", "]");
    b.spentPerPeriod().forEach(s -> periods.add(spent(s)));
    return "{\"total\":" + b.total().map(t -> "{\"epsilon\":" + Json.num(t.epsilon()) + ",\"delta\":"
        + Json.num(t.delta()) + "}").orElse("null")
        + ",\"period\":" + Json.str(b.period().map(Period::toString).orElse(null))
        + ",\"spentPerPeriod\":" + periods
        + ",\"cumulative\":" + b.cumulative().map(HomeCommand::cumulative).orElse("null")
        + ",\"charges\":" + b.charges() + "}";
  }

  /** JSON text on one line: line breaks between tokens are insignificant whitespace. */
  private static String oneLine(String json) {
    return json.replace("\r", "").replace("\n", "");
  }
}
