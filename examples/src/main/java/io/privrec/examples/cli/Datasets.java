package io.privrec.examples.cli;

import io.privrec.core.data.Catalogue;
import io.privrec.core.data.DelimitedFormat;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.data.InteractionReaders;
import io.privrec.core.data.ReadOptions;
import io.privrec.core.data.ReadResult;
import io.privrec.core.data.TimeFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads interaction data named on the command line: {@code --data FILE [--format …]} or the
 * embedded synthetic store ({@code --data store[:SEED[:CUSTOMERS]]}), and the shop's public
 * catalogue ({@code --catalogue FILE}, else the store's garment list, else a MovieLens
 * {@code u.item} beside {@code u.data}). When a catalogue is known the data is re-indexed onto it
 * right after reading, so splits, models and the evaluator share the catalogue's item index.
 */
final class Datasets {

  /** Options help shared by commands that read {@code --data}. */
  static final String DATA_HELP = String.join("\n",
      "  --data FILE|store[:SEED[:CUSTOMERS]]",
      "                     interactions: a file, or the embedded synthetic fashion store generated",
      "                     with SEED (default 42) and CUSTOMERS customers (default 50000)",
      "  --format F         movielens (u.data: TAB user item rating time; the default),",
      "                     movielens-csv (ratings.csv with header), rtr (RentTheRunway CSV),",
      "                     tsv (user item [weight], no header), csv (header with named columns:",
      "                     --sep C --user-col NAME --item-col NAME [--weight-col NAME] [--time-col NAME])",
      "  --min-weight W     keep only interactions with weight >= W (e.g. 4 for ratings >= 4)",
      "  --min-user-interactions N   keep only users with at least N interactions (after --min-weight)",
      "  --skip-malformed   skip and count malformed lines instead of failing on the first one",
      "  --catalogue FILE   the shop's public catalogue, one item id per line (UTF-8; blank lines and",
      "                     '#' comments skipped); interactions on other items are dropped (counted",
      "                     on stderr). Default: the store's garment list for --data store, the",
      "                     u.item beside a MovieLens u.data, else none. dp-* models need one.",
      "");

  /** The error of a private model without a catalogue. */
  static String catalogueRequired(String model) {
    return "model '" + model + "' is differentially private and indexes only the shop's public catalogue:"
        + " pass --catalogue FILE (one item id per line; --data store and a MovieLens u.data with u.item"
        + " beside it provide one)";
  }

  private Datasets() {}

  /**
   * The public catalogue for {@code data}: {@code --catalogue FILE} if given, else the store's
   * garment list for a store spec, else the {@code u.item} beside a MovieLens ({@code movielens}
   * format) file, else {@code null}. Reads no interactions.
   */
  static Catalogue catalogue(Args args, String data, String formatName) throws IOException {
    String file = args.get("catalogue", null);
    if (file != null) {
      return Catalogue.read(Path.of(file));
    }
    if (data == null) {
      return null;
    }
    if (isStore(data)) {
      return StoreData.store(data).catalogue();
    }
    if (formatName.toLowerCase(Locale.ROOT).equals("movielens")) {
      Path uItem = Path.of(data).toAbsolutePath().resolveSibling("u.item");
      if (Files.isRegularFile(uItem)) {
        return InteractionReaders.movieLensCatalogue(uItem);
      }
    }
    return null;
  }

  /**
   * The {@code --catalogue} or default catalogue of the required {@code --data} (see {@link
   * #catalogue(Args, String, String)}).
   */
  static Catalogue catalogue(Args args) throws IOException {
    return catalogue(args, args.require("data"), args.get("format", "movielens"));
  }

  /**
   * Reads {@code --data} and the format options, re-indexed onto {@code catalogue} when not null;
   * reports skipped lines and dropped interactions on {@code err}.
   */
  static InteractionMatrix load(Args args, Catalogue catalogue, PrintStream err) throws IOException {
    InteractionMatrix m = load(args.require("data"), args.get("format", "movielens"), catalogue, args, err);
    int minPerUser = args.getInt("min-user-interactions", 1);
    if (minPerUser < 1) {
      throw new IllegalArgumentException("--min-user-interactions must be >= 1. Provided value: " + minPerUser);
    }
    return minPerUser == 1 ? m : m.filter((u, i, w, t) -> m.rowLength(u) >= minPerUser);
  }

  /**
   * Reads {@code data} (a file or a store spec) in {@code format}, re-indexed onto {@code catalogue}
   * when not null; reports skipped lines and dropped interactions on {@code err}.
   */
  static InteractionMatrix load(String data, String formatName, Catalogue catalogue, Args args, PrintStream err)
      throws IOException {
    InteractionMatrix m = read(data, formatName, args, err);
    return catalogue == null ? m : onCatalogue(m, catalogue, data, err);
  }

  /**
   * Re-indexes {@code m} onto {@code catalogue}'s items, reporting on {@code err} how many of the
   * shop's interactions were dropped because their item is not in the catalogue.
   */
  static InteractionMatrix onCatalogue(InteractionMatrix m, Catalogue catalogue, String source, PrintStream err) {
    InteractionMatrix on = m.onItems(catalogue.items());
    long dropped = (long) m.numInteractions() - on.numInteractions();
    err.printf(Locale.ROOT, "%s: catalogue of %d items; dropped %d of %d interactions whose item is not in it%n",
        source, catalogue.size(), dropped, m.numInteractions());
    return on;
  }

  /**
   * Returns {@code m} if it holds at least one interaction.
   *
   * @param source the file or store spec {@code m} was read from, for the message
   * @param purpose what the data is for, e.g. {@code "train on"}
   * @throws IllegalArgumentException (exit status 2) naming {@code source} if {@code m} is empty:
   *     a model fitted on nothing would silently recommend nothing
   */
  static InteractionMatrix requireInteractions(InteractionMatrix m, String source, String purpose) {
    if (m.numInteractions() == 0) {
      throw new IllegalArgumentException(source + ": no interactions to " + purpose + " (the file has no data lines,"
          + " or every line was skipped or filtered out by --min-weight, --min-user-interactions or the catalogue)");
    }
    return m;
  }

  private static boolean isStore(String data) {
    return data.equals("store") || data.startsWith("store:");
  }

  private static InteractionMatrix read(String data, String formatName, Args args, PrintStream err) throws IOException {
    ReadOptions options = readOptions(args);
    if (isStore(data)) {
      InteractionMatrix store = StoreData.interactions(data);
      return args.has("min-weight") ? store.withMinWeight((float) args.getDouble("min-weight", 0)) : store;
    }
    String format = formatName.toLowerCase(Locale.ROOT);
    Path file = Path.of(data);
    ReadResult result;
    switch (format) {
      case "movielens":
        result = InteractionReaders.movieLens100k(file, options);
        break;
      case "movielens-csv":
        result = InteractionReaders.movieLensCsv(file, options);
        break;
      case "rtr":
        result = InteractionReaders.rentTheRunway(file, options);
        break;
      case "tsv":
        result = InteractionReaders.tabSeparated(file, options);
        break;
      case "csv":
        result = InteractionReaders.delimited(file, csvFormat(args), options);
        break;
      default:
        throw new IllegalArgumentException("--format must be movielens, movielens-csv, rtr, tsv or csv. Provided value: '" + format + "'");
    }
    report(result, file, err);
    return result.matrix();
  }

  /** Reads a TAB-separated {@code user item [weight]} training file. */
  static InteractionMatrix loadTrain(Path file, Args args, PrintStream err) throws IOException {
    ReadResult result = InteractionReaders.tabSeparated(file, readOptions(args));
    report(result, file, err);
    return result.matrix();
  }

  /** Reads a TAB-separated test file whose ids line up with {@code train}'s indices. */
  static InteractionMatrix loadTest(Path file, InteractionMatrix train, Args args, PrintStream err) throws IOException {
    ReadResult result = InteractionReaders.tabSeparated(file, readOptions(args).extending(train.users(), train.items()));
    report(result, file, err);
    return result.matrix();
  }

  private static ReadOptions readOptions(Args args) {
    ReadOptions options = ReadOptions.defaults();
    if (args.flag("skip-malformed")) {
      options = options.skipMalformed();
    }
    if (args.has("min-weight")) {
      options = options.minWeight((float) args.getDouble("min-weight", 0));
    }
    return options;
  }

  private static DelimitedFormat csvFormat(Args args) {
    String sep = args.get("sep", ",");
    if (sep.equals("\\t") || sep.equalsIgnoreCase("tab")) {
      sep = "\t";
    }
    if (sep.length() != 1) {
      throw new IllegalArgumentException("--sep must be a single character. Provided value: '" + sep + "'");
    }
    DelimitedFormat.Builder builder = DelimitedFormat.builder().delimiter(sep.charAt(0))
        .userColumn(args.require("user-col")).itemColumn(args.require("item-col"));
    String weight = args.get("weight-col", null);
    if (weight != null) {
      builder.weightColumn(weight);
    }
    String time = args.get("time-col", null);
    if (time != null) {
      builder.timeColumn(time, TimeFormat.EPOCH_SECONDS);
    }
    return builder.build();
  }

  private static void report(ReadResult result, Path file, PrintStream err) {
    if (result.linesSkipped() > 0) {
      err.printf(Locale.ROOT, "%s: skipped %d of %d lines; first reasons:%n", file, result.linesSkipped(), result.linesRead());
      result.skipReasons().forEach(r -> err.println("  " + r));
    }
  }
}
