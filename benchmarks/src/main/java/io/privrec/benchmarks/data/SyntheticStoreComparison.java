package io.privrec.benchmarks.data;

import io.privrec.core.data.DatasetStats;
import io.privrec.core.data.InteractionReaders;
import io.privrec.core.data.ReadOptions;
import io.privrec.core.store.SyntheticStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the Markdown table of docs/synthetic-store.md: shape statistics of the default synthetic
 * store (and a RentTheRunway-sized variant) next to RentTheRunway and MovieLens 100K.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * io.privrec.benchmarks.data.SyntheticStoreComparison [shared-data-dir]} (default
 * {@code ../shared/data}); data sets that are absent are left out.
 */
public final class SyntheticStoreComparison {
  private SyntheticStoreComparison() {}

  public static void main(String[] args) throws IOException {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
    List<String> names = new ArrayList<>();
    List<DatasetStats> stats = new ArrayList<>();
    names.add("synthetic default (seed 42)");
    stats.add(DatasetStats.of(SyntheticStore.builder().seed(42).build().interactions()));
    names.add("synthetic RTR-sized (105,571 × 5,850, 300k events)");
    stats.add(DatasetStats.of(SyntheticStore.builder().seed(42).customers(105_571).garments(5_850).events(300_000)
        .build().interactions()));
    Path rtr = shared.resolve("renttherunway/rtr_interactions.csv");
    if (Files.isRegularFile(rtr)) {
      names.add("RentTheRunway");
      stats.add(DatasetStats.of(InteractionReaders.rentTheRunway(rtr, ReadOptions.defaults()).matrix()));
    }
    Path ml = shared.resolve("ml-100k/u.data");
    if (Files.isRegularFile(ml)) {
      names.add("MovieLens 100K");
      stats.add(DatasetStats.of(InteractionReaders.movieLens100k(ml, ReadOptions.defaults()).matrix()));
    }
    System.out.println("| data set | users (active) | items (active) | interactions | density | item Gini "
        + "| single-interaction users | mean / median per user |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (int k = 0; k < names.size(); k++) {
      DatasetStats s = stats.get(k);
      System.out.printf(Locale.ROOT, "| %s | %,d (%,d) | %,d (%,d) | %,d | %.2e | %.3f | %.1f%% | %.2f / %.1f |%n",
          names.get(k), s.users(), s.activeUsers(), s.items(), s.activeItems(), s.interactions(), s.density(),
          s.itemGini(), 100 * s.singleInteractionUserShare(), s.meanPerUser(), s.medianPerUser());
    }
  }
}
