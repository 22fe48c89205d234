package io.privrec.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the real datasets beside the project; tests skip when they are absent. */
public final class SharedData {
  private SharedData() {}

  /**
   * Returns {@code <shared data>/<relative>}, skipping the calling test with a clear message if
   * the system property {@code privrec.shared.data} is unset or the file is absent.
   */
  public static Path require(String relative) {
    String root = System.getProperty("privrec.shared.data");
    Assumptions.assumeTrue(root != null && Files.isDirectory(Path.of(root)),
        "shared data directory (system property privrec.shared.data=" + root + ") absent: skipping");
    Path file = Path.of(root).resolve(relative);
    Assumptions.assumeTrue(Files.isRegularFile(file), file + " absent: skipping");
    return file;
  }

  /**
   * MovieLens 100K ({@code ml-100k/u.data}) as read by {@link InteractionReaders#movieLens100k}:
   * every rating as the weight, timestamps kept, a repeated (user, item) pair rejected. Skips the
   * calling test when the file is absent.
   */
  public static InteractionMatrix movieLens100k() throws IOException {
    return InteractionReaders.movieLens100k(require("ml-100k/u.data"),
        ReadOptions.defaults().duplicates(DuplicatePolicy.REJECT)).matrix();
  }
}
