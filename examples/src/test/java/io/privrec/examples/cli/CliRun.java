package io.privrec.examples.cli;

import io.privrec.examples.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and keeps what it printed; one instance per test. */
final class CliRun {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs {@code argv} through {@link Main#run} and returns its exit status. */
  int run(String... argv) {
    out.reset();
    err.reset();
    return Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Standard output of the last run. */
  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Standard error of the last run. */
  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
