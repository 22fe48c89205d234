package io.privrec.examples;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.TestFactory;

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

  /** Splits the notebook into complete snippets and evaluates them in order. */
  static void run(Path notebook) throws IOException {
    String source = Files.readString(notebook, StandardCharsets.UTF_8);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        JShell shell = JShell.builder().executionEngine("local").out(out).err(out).build()) {
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        shell.addToClasspath(entry);
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
      for (String snippet : snippets) {
        if (snippet.strip().startsWith("/")) {
          continue; // JShell commands such as /exit are for interactive use only
        }
        for (SnippetEvent event : shell.eval(snippet)) {
          if (event.status() == Snippet.Status.REJECTED) {
            String diagnostics = shell.diagnostics(event.snippet())
                .map(d -> d.getMessage(java.util.Locale.ROOT)).reduce("", (a, b) -> a + "\n" + b);
            fail("%s: snippet rejected:%n%s%n%s", notebook.getFileName(), snippet, diagnostics);
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
