package io.privrec.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every notebook in {@code examples/notebooks/*.jsh} the way the README tells a user to:
 * {@code examples/notebooks/run.sh <notebook>} in a subprocess, that is the jshell tool with the
 * examples jar, here with standard input closed so JShell ends after the notebook. A notebook
 * fails if the script exits with a non-zero code or JShell reports a rejected snippet, an uncaught
 * exception or a warning.
 *
 * <p>An integration test (maven-failsafe, {@code integration-test} phase of {@code ./mvnw
 * verify}): {@code run.sh} needs {@code examples/target/privrec-examples.jar}, which {@code
 * package} builds after the unit tests. Skipped when there is no {@code sh} or no {@code jshell}
 * (a JRE).
 *
 * <p>Limitation of the jshell tool: when it loads a file it reports compile errors and uncaught
 * exceptions but says nothing when a snippet calls a method whose body refers to something
 * undefined; notebooks therefore keep to top-level statements.
 */
class NotebooksIT {
  private static final long TIMEOUT_SECONDS = 300;

  /**
   * What JShell prints for a rejected snippet ({@code Error:} followed by the compiler message),
   * an uncaught exception ({@code Exception java.lang.IllegalStateException: boom} and its stack),
   * a compiler warning ({@code Warning:}) and a call that cannot run yet ({@code attempted to call
   * ...}); in interactive feedback these lines start with {@code "|  "}, which is stripped first.
   * The JVM's {@code WARNING: Using incubator modules} line does not match.
   */
  private static final Pattern PROBLEM = Pattern.compile(
      "Error:|Exception|Warning:|^Caused by|attempted to (call|use|create)|cannot be (invoked|referenced|instantiated) until");

  private static Path notebooksDir;
  private static Path javaHome;

  @BeforeAll
  static void findNotebooksAndJshell() throws IOException, InterruptedException {
    notebooksDir = Path.of(System.getProperty("privrec.notebooks.dir", "notebooks")).toAbsolutePath();
    assertThat(notebooksDir.resolve("run.sh")).as("run.sh").isRegularFile();
    Path home = Path.of(System.getProperty("java.home"));
    javaHome = Files.isExecutable(home.resolve("bin").resolve("jshell")) ? home : null;
    assumeTrue(javaHome != null || shellFinds("jshell"),
        "skipped: no jshell next to the test JVM (" + home + ") or on the PATH: the notebooks need a JDK, not a JRE");
  }

  private static boolean shellFinds(String command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no sh
    }
  }

  @TestFactory
  Stream<DynamicTest> everyNotebook_runsCleanInTheJshellTool() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(notebooksDir)) {
      notebooks = files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList();
    }
    assertThat(notebooks).as("notebooks in %s", notebooksDir).isNotEmpty();
    return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> run(nb)));
  }

  @Test
  void runSh_givesTheSnippetJvmTheVectorApiModule(@TempDir Path dir) throws Exception {
    Path nb = dir.resolve("kernels.jsh");
    Files.writeString(nb, """
        System.out.println("vector module: " + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        System.out.println("kernels: " + io.privrec.core.scoring.ScoringKernels.implementation());
        """);

    String output = run(nb);

    assertThat(output).contains("vector module: true").containsPattern("kernels: (vector-\\d+|scalar)");
  }

  @Test
  void run_notebookWithThrowingSnippet_fails(@TempDir Path dir) throws IOException {
    Path nb = dir.resolve("bad.jsh");
    Files.writeString(nb, "int x = 1;\nif (x == 1) throw new IllegalStateException(\"boom\");\n");

    assertThatThrownBy(() -> run(nb)).isInstanceOf(AssertionError.class).hasMessageContaining("boom");
  }

  @Test
  void run_notebookWithUncompilableSnippet_fails(@TempDir Path dir) throws IOException {
    Path nb = dir.resolve("bad.jsh");
    Files.writeString(nb, "// a comment first\nString s = undefinedVariable;\n");

    assertThatThrownBy(() -> run(nb)).isInstanceOf(AssertionError.class).hasMessageContaining("undefinedVariable");
  }

  /** The bug of issue 17: the tool runs a complete line at once, so a line starting with a dot fails. */
  @Test
  void run_notebookWithLeadingDotContinuation_fails(@TempDir Path dir) throws IOException {
    Path nb = dir.resolve("bad.jsh");
    Files.writeString(nb, "String s = \"a\"\n    .toUpperCase();\n");

    assertThatThrownBy(() -> run(nb)).isInstanceOf(AssertionError.class).hasMessageContaining("Error:");
  }

  /**
   * Runs {@code sh run.sh <notebook>} in the notebooks directory with standard input closed and
   * returns its output (stdout and stderr); fails, quoting the whole output, on a non-zero exit
   * code, a timeout, a JShell problem line or a run that never reached JShell's prompt.
   */
  static String run(Path notebook) throws IOException, InterruptedException {
    Path log = Files.createTempFile("notebook-", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder("sh", notebooksDir.resolve("run.sh").toString(), notebook.toAbsolutePath().toString())
          .directory(notebooksDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      if (javaHome != null) {
        pb.environment().put("JAVA_HOME", javaHome.toString());
      }
      long start = System.nanoTime();
      Process process = pb.start();
      process.getOutputStream().close(); // standard input at its end: JShell exits after the notebook
      boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      String name = notebook.getFileName().toString();
      System.out.printf("%s: %.1f s%n", name, (System.nanoTime() - start) / 1e9);
      if (!finished) {
        fail("%s: no end after %d s; output:%n%s", name, TIMEOUT_SECONDS, output);
      }
      if (process.exitValue() != 0) {
        fail("%s: run.sh exited with %d; output:%n%s", name, process.exitValue(), output);
      }
      List<String> problems = output.lines().map(NotebooksIT::withoutFeedbackPrefix)
          .filter(line -> PROBLEM.matcher(line).find()).toList();
      if (!problems.isEmpty()) {
        fail("%s: JShell reported %d problem line(s), first: %s%noutput:%n%s", name, problems.size(), problems.get(0), output);
      }
      if (!output.contains("jshell>")) {
        fail("%s: JShell never reached its prompt after the notebook; output:%n%s", name, output);
      }
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The line without JShell's prompt and the {@code "|  "} its interactive feedback starts with. */
  private static String withoutFeedbackPrefix(String line) {
    String stripped = line.replace("jshell>", "").strip();
    return stripped.startsWith("|") ? stripped.substring(1).strip() : stripped;
  }
}
