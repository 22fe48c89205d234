package io.privrec.dp.kanon;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the UCI Adult extract and ARX's hierarchies from the shared data folder, or skips. */
final class AdultData {
  /** The 8 quasi-identifiers of the reference values: header order, occupation skipped. */
  static final List<String> QIS8 = List.of("sex", "age", "race", "marital-status", "education",
      "native-country", "workclass", "salary-class");
  /** All 9 columns as quasi-identifiers. */
  static final List<String> QIS9 = List.of("sex", "age", "race", "marital-status", "education",
      "native-country", "workclass", "occupation", "salary-class");

  private static Table table;

  private AdultData() {}

  static Path dir() {
    String prop = System.getProperty("privrec.shared.data");
    Path dir = prop == null ? null : Path.of(prop, "adult");
    assumeTrue(dir != null && Files.isDirectory(dir), "shared Adult data (privrec.shared.data/adult) absent: skipping");
    return dir;
  }

  static synchronized Table table() {
    if (table == null) {
      try {
        table = Table.readDelimited(dir().resolve("adult.csv"), ';');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return table;
  }

  static Hierarchy hierarchy(String attribute) {
    try {
      return Hierarchy.readCsv(dir().resolve("adult_hierarchy_" + attribute + ".csv"), ';');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Anonymizer.Builder builder(List<String> qis) {
    Anonymizer.Builder b = Anonymizer.builder();
    for (String q : qis) {
      b.quasiIdentifier(q, hierarchy(q));
    }
    return b;
  }

  static List<String> others(List<String> qis) {
    List<String> out = new ArrayList<>(QIS9);
    out.removeAll(qis);
    return out;
  }
}
