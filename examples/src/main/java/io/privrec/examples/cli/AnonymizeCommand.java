package io.privrec.examples.cli;

import io.privrec.dp.kanon.AnonymizationAlgorithm;
import io.privrec.dp.kanon.AnonymizationResult;
import io.privrec.dp.kanon.Anonymizer;
import io.privrec.dp.kanon.Hierarchy;
import io.privrec.dp.kanon.LDiversity;
import io.privrec.dp.kanon.QualityMetric;
import io.privrec.dp.kanon.QualityReport;
import io.privrec.dp.kanon.RiskReport;
import io.privrec.dp.kanon.TCloseness;
import io.privrec.dp.kanon.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code anonymize}: k-anonymises a delimited file (optionally with ℓ-diversity / t-closeness) by
 * optimal full-domain generalisation or Mondrian, prints one JSON line with the transformation,
 * score, class count, suppressed records, time and risk figures, and writes the anonymised table.
 */
public final class AnonymizeCommand implements Command {

  /** Creates the command (stateless). */
  public AnonymizeCommand() {}

  @Override
  public String name() {
    return "anonymize";
  }

  @Override
  public String summary() {
    return "k-anonymise a delimited file (optimal generalisation or Mondrian)";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: anonymize --data FILE --qi a,b,... --hierarchy attr=FILE ... --k K [options]",
        "",
        "Prints one JSON line: transformation (levels in --qi order; null for Mondrian), score,",
        "classes, suppressed, seconds, optimal, risk figures (prosecutor model) and all quality measures.",
        "",
        "  --data FILE             delimited input with a header line (required)",
        "  --sep C                 field separator (default ';'; 'tab' for a tab)",
        "  --qi a,b,...            quasi-identifiers (required)",
        "  --hierarchy attr=FILE   ARX-format hierarchy of a quasi-identifier (repeatable); Mondrian",
        "                          splits numeric attributes without one by value",
        "  --hierarchy-sep C       separator of hierarchy files (default ';')",
        "  --identifying a,b,...   attributes removed from the output",
        "  --sensitive s           sensitive attribute (needed by --l and --t)",
        "  --k K                   minimum class size (default 2)",
        "  --l L                   l-diversity of --sensitive",
        "  --l-variant V           distinct (default), entropy or recursive",
        "  --c C                   c of recursive (c,l)-diversity (default 2)",
        "  --t T                   t-closeness of --sensitive",
        "  --t-distance D          equal (default), ordered or hierarchical (needs --hierarchy for",
        "                          the sensitive attribute)",
        "  --suppression F         fraction of records that may be suppressed (default 0)",
        "  --metric M              loss (default), dm, dm-star, aecs, precision, nu-entropy",
        "  --algorithm A           optimal (default), mondrian, mondrian-relaxed",
        "  --max-nodes N           stop the optimal search after N nodes (best so far)",
        "  --time-limit S          stop the optimal search after S seconds (best so far)",
        "  --risk-threshold R      risk above which a record counts as at risk (default 0.2)",
        "  --out FILE              write the anonymised table (same separator)",
        "");
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    Path data = Path.of(args.require("data"));
    char sep = separator(args.get("sep", ";"), "sep");
    char hierarchySep = separator(args.get("hierarchy-sep", ";"), "hierarchy-sep");
    List<String> qis = list(args.require("qi"));
    Map<String, String> hierarchyFiles = args.keyValues("hierarchy");
    List<String> identifying = list(args.get("identifying", ""));
    String sensitive = args.get("sensitive", null);
    int k = args.getInt("k", 2);
    boolean hasL = args.has("l");
    boolean hasT = args.has("t");
    double l = args.getDouble("l", 2);
    String lVariant = args.get("l-variant", "distinct");
    double c = args.getDouble("c", 2);
    double t = args.getDouble("t", 0.2);
    String tDistance = args.get("t-distance", "equal");
    double suppression = args.getDouble("suppression", 0);
    QualityMetric metric = QualityMetric.parse(args.get("metric", "loss"));
    String algorithmName = args.get("algorithm", "optimal");
    AnonymizationAlgorithm algorithm = algorithm(algorithmName);
    boolean hasMaxNodes = args.has("max-nodes");
    int maxNodes = args.getInt("max-nodes", Integer.MAX_VALUE);
    boolean hasTimeLimit = args.has("time-limit");
    double timeLimit = args.getDouble("time-limit", 0);
    double riskThreshold = args.getDouble("risk-threshold", 0.2);
    String outFile = args.get("out", null);
    args.checkAllUsed();

    if ((hasL || hasT) && sensitive == null) {
      throw new IllegalArgumentException("--l and --t need --sensitive");
    }
    for (String attribute : hierarchyFiles.keySet()) {
      if (!qis.contains(attribute) && !attribute.equals(sensitive)) {
        throw new IllegalArgumentException("--hierarchy given for '" + attribute
            + "', which is neither a quasi-identifier nor the sensitive attribute");
      }
    }

    // Every file is checked before any work, so a typo is reported at once and names the path.
    checkReadable(data);
    for (String file : hierarchyFiles.values()) {
      checkReadable(Path.of(file));
    }
    if (outFile != null) {
      OutputFiles.check("out", outFile);
    }

    Table table = Table.readDelimited(data, sep);
    Anonymizer.Builder builder = Anonymizer.builder();
    for (String qi : qis) {
      String file = hierarchyFiles.get(qi);
      if (file != null) {
        builder.quasiIdentifier(qi, hierarchy(qi, file, hierarchySep));
      } else {
        builder.quasiIdentifier(qi);
      }
    }
    for (String id : identifying) {
      builder.identifying(id);
    }
    if (sensitive != null) {
      builder.sensitive(sensitive);
      if (hasL) {
        builder.lDiversity(sensitive, diversity(lVariant, l, c));
      }
      if (hasT) {
        builder.tCloseness(sensitive, closeness(tDistance, t, sensitive, hierarchyFiles, hierarchySep));
      }
    }
    builder.k(k).suppressionLimit(suppression).metric(metric).algorithm(algorithm).riskThreshold(riskThreshold);
    if (hasMaxNodes) {
      builder.maxNodes(maxNodes);
    }
    if (hasTimeLimit) {
      if (!(timeLimit > 0)) {
        throw new IllegalArgumentException("--time-limit must be > 0. Provided value: " + timeLimit);
      }
      builder.timeLimit(Duration.ofNanos((long) (timeLimit * 1e9)));
    }
    Anonymizer anonymizer = builder.build();

    // The search has no progress hook: a line when it starts and one when it ends.
    err.printf(Locale.ROOT, "anonymize: searching generalisations of %d records over %s (%s)...%n", table.rowCount(),
        String.join(", ", qis), algorithmName);
    long start = System.nanoTime();
    AnonymizationResult result = anonymizer.anonymize(table);
    double seconds = (System.nanoTime() - start) / 1e9;
    err.println("anonymize: done in " + Progress.duration(seconds));

    if (outFile != null) {
      OutputFiles.write("out", Path.of(outFile), o -> {
        java.io.Writer w = new java.io.OutputStreamWriter(o, java.nio.charset.StandardCharsets.UTF_8);
        result.table().writeDelimited(w, sep);
        w.flush();
      });
    }
    out.println(json(result, seconds));
    return 0;
  }

  /**
   * Throws the exception the command line reports as "cannot read FILE: ..." if {@code file} is
   * missing, unreadable or a directory.
   */
  private static void checkReadable(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "is a directory, not a file");
    }
    if (!Files.isReadable(file)) {
      throw new AccessDeniedException(file.toString());
    }
  }

  private static Hierarchy hierarchy(String attribute, String file, char sep) throws IOException {
    try {
      return Hierarchy.readCsv(Path.of(file), sep);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hierarchy of '" + attribute + "': " + e.getMessage(), e);
    }
  }

  private static LDiversity diversity(String variant, double l, double c) {
    switch (variant) {
      case "distinct":
        return LDiversity.distinct(wholeNumber(l, "l"));
      case "entropy":
        return LDiversity.entropy(l);
      case "recursive":
        return LDiversity.recursive(c, wholeNumber(l, "l"));
      default:
        throw new IllegalArgumentException("--l-variant must be distinct, entropy or recursive. Provided value: '"
            + variant + "'");
    }
  }

  private static TCloseness closeness(String distance, double t, String sensitive, Map<String, String> files,
      char sep) throws IOException {
    switch (distance) {
      case "equal":
        return TCloseness.equalDistance(t);
      case "ordered":
        return TCloseness.orderedDistance(t);
      case "hierarchical": {
        String file = files.get(sensitive);
        if (file == null) {
          throw new IllegalArgumentException("--t-distance hierarchical needs --hierarchy " + sensitive + "=FILE");
        }
        return TCloseness.hierarchicalDistance(t, hierarchy(sensitive, file, sep));
      }
      default:
        throw new IllegalArgumentException("--t-distance must be equal, ordered or hierarchical. Provided value: '"
            + distance + "'");
    }
  }

  private static int wholeNumber(double v, String name) {
    if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + name + " must be a whole number >= 1 for this variant. Provided value: " + v);
    }
    return (int) v;
  }

  private static AnonymizationAlgorithm algorithm(String name) {
    switch (name) {
      case "optimal":
        return AnonymizationAlgorithm.OPTIMAL;
      case "mondrian":
        return AnonymizationAlgorithm.MONDRIAN_STRICT;
      case "mondrian-relaxed":
        return AnonymizationAlgorithm.MONDRIAN_RELAXED;
      default:
        throw new IllegalArgumentException("--algorithm must be optimal, mondrian or mondrian-relaxed. Provided value: '"
            + name + "'");
    }
  }

  private static char separator(String s, String option) {
    if (s.equals("tab") || s.equals("\\t")) {
      return '\t';
    }
    if (s.length() != 1) {
      throw new IllegalArgumentException("--" + option + " must be one character or 'tab'. Provided value: '" + s + "'");
    }
    return s.charAt(0);
  }

  private static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      if (!part.trim().isEmpty()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  static String json(AnonymizationResult r, double seconds) {
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"transformation\":");
    if (r.transformation().isPresent()) {
      sb.append(r.transformation().get().toString().replace(" ", ""));
    } else {
      sb.append("null");
    }
    sb.append(",\"score\":").append(number(r.score()));
    sb.append(",\"classes\":").append(r.classCount());
    sb.append(",\"suppressed\":").append(r.suppressedCount());
    sb.append(",\"seconds\":").append(number(seconds));
    sb.append(",\"optimal\":").append(r.optimal());
    RiskReport risk = r.risk();
    sb.append(",\"highestRisk\":").append(number(risk.highestRisk()));
    sb.append(",\"averageRisk\":").append(number(risk.averageRisk()));
    sb.append(",\"recordsAtRisk\":").append(number(risk.recordsAtRisk()));
    sb.append(",\"sampleUniques\":").append(number(risk.sampleUniques()));
    sb.append(",\"riskThreshold\":").append(number(risk.threshold()));
    QualityReport q = r.quality();
    sb.append(",\"quality\":{\"dm\":").append(number(q.discernibility()));
    sb.append(",\"dmStar\":").append(number(q.discernibilityStar()));
    sb.append(",\"aecs\":").append(number(q.averageClassSize()));
    sb.append(",\"precision\":").append(number(q.precision()));
    sb.append(",\"loss\":").append(number(q.loss()));
    sb.append(",\"nuEntropy\":").append(number(q.nonUniformEntropy()));
    sb.append(",\"ncp\":").append(number(q.certaintyPenalty()));
    return sb.append("}}").toString();
  }

  private static String number(double v) {
    if (!Double.isFinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }
}
