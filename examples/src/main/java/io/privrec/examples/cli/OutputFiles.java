package io.privrec.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Writes the files a user names with {@code --out}: atomically (a complete new file or the old
 * one), never replacing a directory, device node, symbolic link or read-only file, keeping a
 * replaced file's permissions. Errors name the user's path.
 */
final class OutputFiles {
  private OutputFiles() {}

  /**
   * Checks before any work that {@code --option} may be written.
   *
   * @throws IllegalArgumentException (exit status 2) naming the option and path if the path exists
   *     and may not be replaced
   * @throws NoSuchFileException naming the path if its directory does not exist (reported as
   *     {@code cannot open FILE: no such directory DIR}, exit status 2)
   */
  static Path check(String option, String value) throws NoSuchFileException {
    Path target = Path.of(value);
    try {
      io.privrec.core.data.OutputFiles.checkReplaceable(target);
    } catch (IOException e) {
      throw new IllegalArgumentException("--" + option + " " + e.getMessage(), e);
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new NoSuchFileException(value);
    }
    return target;
  }

  /** Checks {@code target} (see {@link #check}) and writes {@code body} to it atomically. */
  static void write(String option, Path target, io.privrec.core.data.OutputFiles.Contents body) throws IOException {
    check(option, target.toString());
    io.privrec.core.data.OutputFiles.write(target, body);
  }
}
