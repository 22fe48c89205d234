package io.privrec.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every notebook in {@code examples/notebooks/*.jsh} headless through {@link JShell}, snippet
 * by snippet, and fails on the first snippet that is rejected or throws.
 */
class NotebooksTest {

  private static Path notebooksDir() {
    String root = System.getProperty("privrec.project.root");
    Path dir = root != null ? Path.of(root, "examples", "notebooks") : Path.of("notebooks");
    return Files.isDirectory(dir) ? dir : Path.of("notebooks");
  }

  @TestFactory
  Stream<DynamicTest> everyNotebook_runsWithoutFailingSnippet() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(notebooksDir())) {
      notebooks = files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList();
    }
    assertThat(notebooks).as("notebooks in %s", notebooksDir()).isNotEmpty();
    return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> run(nb)));
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

  /** Splits the notebook into complete snippets and evaluates them in order. */
  static void run(Path notebook) throws IOException {
    String source = Files.readString(notebook, StandardCharsets.UTF_8);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        JShell shell = JShell.builder().executionEngine("local").out(out).err(out).build()) {
      String classPath = System.getProperty("java.class.path");
      for (String entry : classPath.split(java.io.File.pathSeparator)) {
        shell.addToClasspath(entry);
      }
      // The jshell tool's DEFAULT start-up imports, so notebooks behave as under examples/notebooks/run.sh.
      for (String pkg : List.of("java.io", "java.math", "java.net", "java.nio.file", "java.util", "java.util.concurrent",
          "java.util.function", "java.util.prefs", "java.util.regex", "java.util.stream")) {
        shell.eval("import " + pkg + ".*;");
      }
      SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
      String remaining = source;
      List<String> snippets = new ArrayList<>();
      while (!remaining.isBlank()) {
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
        if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
          break;
        }
        if (!info.completeness().isComplete()) {
          fail("%s: incomplete snippet at end: %s", notebook, remaining.strip());
        }
        snippets.add(info.source());
        remaining = info.remaining();
      }
      StringBuilder trace = new StringBuilder();
      for (String snippet : snippets) {
        String code = snippet.strip();
        if (code.startsWith("/") && !code.startsWith("//") && !code.startsWith("/*")) {
          continue; // JShell commands such as /exit are for interactive use only
        }
        for (SnippetEvent event : shell.eval(snippet)) {
          trace.append(event.status()).append(' ').append(event.snippet().source().strip().lines().findFirst().orElse("")).append('\n');
          if (event.causeSnippet() == null && !event.status().isDefined()) {
            String diagnostics = shell.diagnostics(event.snippet())
                .map(d -> d.getMessage(java.util.Locale.ROOT)).reduce("", (a, b) -> a + "\n" + b);
            fail("%s: snippet rejected:%n%s%n%s%nsnippets so far:%n%s", notebook.getFileName(), snippet, diagnostics, trace);
          }
          if (event.exception() != null) {
            fail("%s: snippet threw %s:%n%s%noutput so far:%n%s", notebook.getFileName(), event.exception(), snippet,
                output.toString(StandardCharsets.UTF_8));
          }
        }
      }
    }
  }
}
