package io.privrec.core.data;

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
}
