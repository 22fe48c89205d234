package io.privrec.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Side facts a benchmark fork records for the report beside its timings (a model's Recall@20, the
 * vector width the fork ran with): {@code key value} lines appended to the file named by the
 * system property {@value #PROPERTY}, and nothing when the property is unset. Lines are short and
 * appended in one write each, so forks that run one after another never interleave them.
 */
public final class BenchNotes {
  /** System property naming the notes file (passed to the forks by {@link PerformanceReport}). */
  public static final String PROPERTY = "privrec.bench.notes";

  private BenchNotes() {}

  /**
   * Prints {@code key value} and appends it to the notes file, if one is set.
   *
   * @param key a single word, e.g. {@code mllibAlsFit.recall@20}
   * @param value the value, without line breaks
   */
  public static void record(String key, String value) {
    String line = key + " " + value;
    System.out.println("note: " + line);
    String file = System.getProperty(PROPERTY, "");
    if (file.isEmpty()) {
      return;
    }
    try {
      Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the notes file " + file, e);
    }
  }

  /** The notes in {@code file} (later lines win), or none if it does not exist. */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> notes = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return notes;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines) {
      int space = line.indexOf(' ');
      if (space > 0) {
        notes.put(line.substring(0, space), line.substring(space + 1).trim());
      }
    }
    return notes;
  }
}
