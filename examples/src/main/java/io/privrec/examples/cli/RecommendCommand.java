package io.privrec.examples.cli;

import io.privrec.core.PrivateRecommender;
import io.privrec.core.ScoredItem;
import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.Catalogue;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.model.Algorithm;
import io.privrec.core.model.PrivateAlgorithm;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code recommend}: writes every training user's top-K list as {@code user item rank} lines. */
public final class RecommendCommand implements Command {

  @Override
  public String name() {
    return "recommend";
  }

  @Override
  public String summary() {
    return "write the top-K list of every user in a training file (TAB: user item rank)";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recommend --train FILE [--format F] [--min-weight W] [--catalogue FILE] --k K",
        "                 [--fallback-min-customers K]",
        "                 --out FILE --model NAME [--param key=value]...",
        "",
        "Fits the model on the TAB-separated 'user item [weight]' training file and writes, for",
        "every user in it, the top-K items she has not interacted with as TAB-separated",
        "'user item rank' lines (raw ids, rank 1 = best), users in file order. The output file is",
        "written atomically (a complete new file or the old one); an existing file keeps its permissions,",
        "a directory, device, symbolic link or read-only file is refused. Only catalogue items",
        "are recommended when a catalogue is known (--catalogue, the store's garments, or u.item",
        "beside a MovieLens u.data); dp-* models need one.",
        "",
        "  --train FILE       training interactions (TAB: user item [weight], no header, unless",
        "                     --format says otherwise: movielens, movielens-csv, rtr, tsv, csv as in",
        "                     'evaluate --help', or store[:SEED[:CUSTOMERS]])",
        "  --min-weight W     keep only interactions with weight >= W",
        "  --catalogue FILE   the shop's public catalogue, one item id per line; interactions on other",
        "                     items are dropped (counted on stderr)",
        "  --k K              list length, >= 1",
        "  --out FILE         output file",
        "  --model NAME       model name (see 'evaluate --help')",
        "  --param key=value  model hyperparameter, repeatable:",
        ModelHelp.PARAMS,
        "  --fallback-min-customers K",
        "                     non-personalised lists (popularity, customers without a profile) show",
        "                     only items held by at least K customers (default 10; non-private models)",
        "  --skip-malformed   skip and count malformed lines",
        "");
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    Path trainFile = Path.of(args.require("train"));
    Path outFile = OutputFiles.check("out", args.require("out"));
    int k = args.getInt("k", -1);
    if (k < 1) {
      throw new IllegalArgumentException("--k must be an integer >= 1. Provided value: " + args.get("k", "(missing)"));
    }
    String model = args.require("model");
    var params = args.keyValues("param");
    String format = args.get("format", "tsv");
    Algorithm algorithm = Algorithms.create(model, params);
    Catalogue catalogue = Datasets.catalogue(args, trainFile.toString(), format);
    if (algorithm instanceof PrivateAlgorithm dp) {
      if (catalogue == null) {
        throw new IllegalArgumentException(Datasets.catalogueRequired(model));
      }
      algorithm = dp.withCatalogue(catalogue);
    }
    int fallbackMin = args.getInt("fallback-min-customers", PrivateRecommender.DEFAULT_FALLBACK_MIN_CUSTOMERS);
    if (fallbackMin < 1) {
      throw new IllegalArgumentException("--fallback-min-customers must be an integer >= 1. Provided value: "
          + fallbackMin);
    }
    InteractionMatrix train = Datasets.load(trainFile.toString(), format, catalogue, args, err);
    args.checkAllUsed();
    Datasets.requireInteractions(train, trainFile.toString(), "train on");
    try (Progress progress = Progress.open(err)) {
      PrivateRecommender.Builder builder = PrivateRecommender.builder().data(train).algorithm(algorithm)
          .fallbackMinCustomers(fallbackMin).listener(progress);
      if (catalogue != null) {
        builder.catalogue(catalogue);
      }
      progress.phase("fit " + algorithm.name());
      PrivateRecommender rec = builder.build();
      progress.phase("recommend");
      write(rec, train, k, outFile, progress, err);
    }
    return 0;
  }

  /**
   * Writes the top {@code k} of every customer to {@code outFile} atomically (see {@link
   * OutputFiles}).
   */
  private static void write(PrivateRecommender rec, InteractionMatrix train, int k, Path outFile, Progress progress,
      PrintStream err) throws IOException {
    long[] lines = {0};
    int step = Math.max(1, train.numUsers() / 1000);
    OutputFiles.write("out", outFile, o -> {
      BufferedWriter w = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8));
      for (int u = 0; u < train.numUsers(); u++) {
        String user = train.users().id(u);
        List<ScoredItem> top = rec.recommend(user, k);
        if ((u + 1) % step == 0 || u + 1 == train.numUsers()) {
          progress.progress((u + 1) + "/" + train.numUsers() + " customers", (u + 1.0) / train.numUsers());
        }
        for (int r = 0; r < top.size(); r++) {
          w.write(user);
          w.write('\t');
          w.write(top.get(r).itemId());
          w.write('\t');
          w.write(Integer.toString(r + 1));
          w.write('\n');
          lines[0]++;
        }
      }
      w.flush();
    });
    progress.done();
    err.printf(Locale.ROOT, "wrote %d lines for %d users to %s%n", lines[0], train.numUsers(), outFile);
  }
}
