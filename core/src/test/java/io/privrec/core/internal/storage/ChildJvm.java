package io.privrec.core.internal.storage;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@link StorageChildProcess} (or another test main class) in a separate JVM. */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * A class path for a child JVM that sees everything this test JVM sees: the test classes, and
   * the main classes and libraries whether the tests run on the class path or patched into the
   * module on the module path (then the child runs them on the class path, as an application
   * that does not use modules would).
   */
  public static String classPath() {
    List<String> entries = new ArrayList<>();
    try {
      entries.add(Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty() && !entries.contains(entry)) {
          entries.add(entry);
        }
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:-UsePerfData");
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(StorageChildProcess.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  static Process start(String... args) throws IOException {
    return new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /**
   * Runs the child under a file size limit of {@code kib} KiB (bash {@code ulimit -f}) and returns
   * its {@code key=value} output; skips the test where that is not possible.
   */
  static Map<String, String> runWithFileSizeLimit(int kib, String... args) throws IOException, InterruptedException {
    assumeThat(System.getProperty("os.name")).as("file size limits need Linux").startsWith("Linux");
    assumeThat(Files.isExecutable(Path.of("/bin/bash"))).as("needs /bin/bash").isTrue();
    List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", "ulimit -f " + kib + " && exec \"$@\"", "bash"));
    cmd.addAll(command(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Map<String, String> result = new LinkedHashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int eq = line.indexOf('=');
        result.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child did not finish: " + result);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("child failed with exit code " + p.exitValue() + ": " + result);
    }
    return result;
  }
}
