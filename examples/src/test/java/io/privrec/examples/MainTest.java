package io.privrec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.examples.cli.Args;
import io.privrec.examples.cli.Command;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.lang.module.ModuleFinder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on small files: outputs, exit codes and error messages. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... argv) {
    return Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Four users; everyone has i1, so popularity ranks i1 first. */
  private static Path train(Path dir) throws IOException {
    return Files.writeString(dir.resolve("train.tsv"),
        "u1\ti1\nu1\ti2\nu2\ti1\nu2\ti3\nu3\ti1\nu3\ti2\nu4\ti1\nu4\ti4\n");
  }

  @Test
  void evaluate_trainAndTestFiles_printsOneJsonLineWithTheMetrics(@TempDir Path dir) throws IOException {
    Path test = Files.writeString(dir.resolve("test.tsv"), "u2\ti2\nu4\ti2\n");

    int status = run("evaluate", "--train", train(dir).toString(), "--test", test.toString(), "--model", "popularity");

    assertThat(status).as(err()).isZero();
    List<String> lines = out().lines().toList();
    assertThat(lines).hasSize(1);
    // u2 and u4 both have i2 ranked first among their unseen items: precision@10 = 1/10.
    assertThat(lines.get(0)).startsWith("{\"model\":\"popularity\"").contains("\"users\":4", "\"items\":4",
        "\"precision@10\":0.1,", "\"recall@10\":1.0,", "\"ndcg@10\":1.0,", "\"fit_seconds\":", "\"coverage@10\":");
  }

  @Test
  void evaluate_malformedLine_exitsWithUsageErrorNamingFileLineAndColumn(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.tsv"), "u1\ti1\t1\nu2\ti2\tNaN\n");

    int status = run("evaluate", "--data", bad.toString(), "--format", "tsv", "--model", "popularity");

    assertThat(status).isEqualTo(2);
    assertThat(err()).contains("bad.tsv").contains("line 2").contains("column 3");
  }

  @Test
  void evaluate_unknownModelOrOption_exitsWithClearMessage(@TempDir Path dir) throws IOException {
    assertThat(run("evaluate", "--train", train(dir).toString(), "--test", train(dir).toString(), "--model", "magic")).isEqualTo(2);
    assertThat(err()).contains("unknown model 'magic'");
    assertThat(run("evaluate", "--data", "store:1:200", "--model", "popularity", "--colour", "red")).isEqualTo(2);
    assertThat(err()).contains("unknown option(s): --colour");
  }

  @Test
  void evaluate_embeddedStore_runsWithoutAFile() {
    assertThat(run("evaluate", "--data", "store:3:300", "--model", "item-knn", "--param", "neighbours=20")).as(err()).isZero();
    assertThat(out()).contains("\"model\":\"item-knn\"").contains("\"neighbours\":\"20\"").contains("\"users\":300");
  }

  @Test
  void recommend_writesUserItemRankLinesForEveryUser(@TempDir Path dir) throws IOException {
    Path outFile = dir.resolve("top.tsv");

    int status = run("recommend", "--train", train(dir).toString(), "--k", "2", "--out", outFile.toString(), "--model", "popularity",
        "--fallback-min-customers", "1");

    assertThat(status).as(err()).isZero();
    assertThat(Files.readAllLines(outFile)).containsExactly(
        "u1\ti3\t1", "u1\ti4\t2", "u2\ti2\t1", "u2\ti4\t2", "u3\ti3\t1", "u3\ti4\t2", "u4\ti2\t1", "u4\ti3\t2");
  }

  @Test
  void recommend_badK_isRejectedAndNoFileWritten(@TempDir Path dir) throws IOException {
    Path outFile = dir.resolve("top.tsv");

    assertThat(run("recommend", "--train", train(dir).toString(), "--k", "0", "--out", outFile.toString(), "--model", "popularity")).isEqualTo(2);
    assertThat(err()).contains("--k must be an integer >= 1");
    assertThat(outFile).doesNotExist();
  }

  @Test
  void recommend_trainingFileWithoutInteractions_exitsWithUsageErrorAndNoFileWritten(@TempDir Path dir)
      throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.tsv"), "");
    Path heavyOnly = Files.writeString(dir.resolve("light.tsv"), "u1\ti1\t1\nu2\ti1\t2\n");
    Path outFile = dir.resolve("top.tsv");

    assertThat(run("recommend", "--train", empty.toString(), "--k", "2", "--out", outFile.toString(),
        "--model", "popularity")).as(err()).isEqualTo(2);
    assertThat(err()).contains("empty.tsv: no interactions to train on");
    assertThat(run("recommend", "--train", heavyOnly.toString(), "--min-weight", "5", "--k", "2",
        "--out", outFile.toString(), "--model", "popularity")).as(err()).isEqualTo(2);
    assertThat(err()).contains("light.tsv: no interactions to train on");
    assertThat(outFile).doesNotExist();
  }

  @Test
  void evaluate_dataWithoutInteractions_exitsWithUsageError(@TempDir Path dir) throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.tsv"), "\n\n");
    Path test = Files.writeString(dir.resolve("test.tsv"), "u2\ti2\n");

    assertThat(run("evaluate", "--data", empty.toString(), "--format", "tsv", "--model", "popularity"))
        .as(err()).isEqualTo(2);
    assertThat(err()).contains("empty.tsv: no interactions");
    assertThat(run("evaluate", "--train", empty.toString(), "--test", test.toString(), "--model", "popularity"))
        .as(err()).isEqualTo(2);
    assertThat(run("evaluate", "--train", train(dir).toString(), "--test", empty.toString(), "--model", "popularity"))
        .as(err()).isEqualTo(2);
    assertThat(out()).isEmpty();
  }

  @Test
  void help_listsEveryCommand_andEachCommandHasHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("demo", "evaluate", "recommend", "privacy-utility", "anonymize");
    for (String command : List.of("demo", "evaluate", "recommend", "privacy-utility", "anonymize")) {
      out.reset();
      assertThat(run(command, "--help")).isZero();
      assertThat(out()).startsWith("usage:");
    }
    assertThat(run("nonsense")).isEqualTo(2);
    assertThat(err()).contains("unknown command 'nonsense'");
  }

  /** A command that fails with {@code failure}. */
  private static Command failing(Throwable failure) {
    return new Command() {
      @Override
      public String name() {
        return "boom";
      }

      @Override
      public String summary() {
        return "fails";
      }

      @Override
      public String help() {
        return "usage: boom\n";
      }

      @Override
      public int run(Args args, PrintStream o, PrintStream e) throws Exception {
        if (failure instanceof Exception x) {
          throw x;
        }
        throw (Error) failure;
      }
    };
  }

  private int runFailing(Throwable failure) {
    return Main.run(Map.of("boom", failing(failure)), new String[] {"boom"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void version_printsPrivrecAndTheManifestVersionOrSaysItIsUnknown() {
    assertThat(run("--version")).isZero();
    assertThat(out()).startsWith("privrec ").endsWith("\n").hasLineCount(1);
    out.reset();
    assertThat(run("version")).isZero();
    assertThat(out()).startsWith("privrec ");
    // Tests run from target/classes, which has no manifest.
    assertThat(out().trim()).isEqualTo("privrec unknown (not run from a jar)");
    assertThat(Main.versionLine("0.1.0-SNAPSHOT")).isEqualTo("privrec 0.1.0-SNAPSHOT");
  }

  @Test
  void help_documentsVersionAndExitStatuses() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("--version", "2 bad usage or a file that cannot be read", "3 out of memory", "-Xmx8g");
  }

  @Test
  void anonymize_missingFile_exitsTwoWithOneLineNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.csv");

    int status = run("anonymize", "--data", missing.toString(), "--qi", "age", "--k", "2");

    assertThat(status).isEqualTo(2);
    assertThat(err()).isEqualTo("anonymize: cannot read " + missing + ": no such file\n");
  }

  @Test
  void anyCommand_missingFile_evenWrapped_isReportedAsCannotRead(@TempDir Path dir) {
    Path missing = dir.resolve("train.tsv");
    assertThat(runFailing(new NoSuchFileException(missing.toString()))).isEqualTo(2);
    assertThat(err()).isEqualTo("boom: cannot read " + missing + ": no such file\n");
    err.reset();
    assertThat(runFailing(new UncheckedIOException(new NoSuchFileException("x.tsv")))).isEqualTo(2);
    assertThat(err()).isEqualTo("boom: cannot read x.tsv: no such file\n");
  }

  @Test
  void anyCommand_outputInMissingDirectory_namesTheDirectory(@TempDir Path dir) {
    Path out = dir.resolve("no-dir").resolve("top.tsv");

    assertThat(runFailing(new NoSuchFileException(out.toString()))).isEqualTo(2);
    assertThat(err()).isEqualTo("boom: cannot open " + out + ": no such directory " + out.getParent() + "\n");
  }

  @Test
  void anyCommand_outOfMemory_exitsThreeWithOneLineSayingHowToRaiseTheHeap() {
    int status = runFailing(new OutOfMemoryError("Java heap space"));

    assertThat(status).isEqualTo(3);
    assertThat(err()).hasLineCount(1).startsWith("boom: out of memory (Java heap space)")
        .contains("-Xmx", "-jar privrec-examples.jar boom").doesNotContain("at io.", "OutOfMemoryError");
    assertThat(Main.outOfMemory("demo", new OutOfMemoryError("Java heap space"), 4L << 30))
        .isEqualTo("out of memory (Java heap space) with a maximum heap of 4.0 GB; the data does not fit."
            + " Give Java more memory, e.g. java -Xmx8g -jar privrec-examples.jar demo …, or use less data.");
    assertThat(Main.outOfMemory("demo", new OutOfMemoryError(), 16L << 30)).contains("16.0 GB", "-Xmx32g");
    assertThat(Main.outOfMemory("demo", new OutOfMemoryError(), 24L << 20)).contains("24 MB", "-Xmx8g");
  }

  @Test
  void anyCommand_budgetRefusal_printsTheMessageAlone() {
    PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.pure(1));
    accountant.allocate("first", PrivacyCost.pureDp(1));
    Exception refusal = null;
    try {
      accountant.allocate("second", PrivacyCost.pureDp(1));
    } catch (RuntimeException e) {
      refusal = e;
    }

    assertThat(runFailing(refusal)).isEqualTo(1);
    assertThat(err()).startsWith("boom: Privacy budget exceeded: 'second' needs ε = 1").doesNotContain("Exception");
  }

  @Test
  void evaluate_store_progressOnStderrOnly_stdoutStaysOneJsonLine() {
    assertThat(run("evaluate", "--data", "store:3:300", "--model", "ials", "--param", "iterations=3")).as(err()).isZero();

    assertThat(out().lines().toList()).hasSize(1).allMatch(l -> l.startsWith("{\"model\":\"ials\"") && l.endsWith("}"));
    assertThat(err()).containsPattern("(?m)^fit ials: done in \\d+\\.\\ds$")
        .containsPattern("(?m)^evaluate: done in \\d+\\.\\ds$").doesNotContain("\r").endsWith("\n");
  }

  @Test
  void launcher_decision() {
    // In the boot layer: run here (unless the scalar kernels are forced).
    assertThat(Launcher.decide(true, true, null, null, null, true)).isEqualTo(Launcher.Decision.RUN);
    assertThat(Launcher.decide(true, true, null, null, "scalar", true)).isEqualTo(Launcher.Decision.RUN_SCALAR_FORCED);
    // Missing but available: re-launch, unless turned off.
    assertThat(Launcher.decide(false, true, null, null, null, true)).isEqualTo(Launcher.Decision.RELAUNCH);
    assertThat(Launcher.decide(false, true, "0", "true", "", true)).isEqualTo(Launcher.Decision.RELAUNCH);
    assertThat(Launcher.decide(false, true, "1", null, null, true)).isEqualTo(Launcher.Decision.RUN_SCALAR_OPTED_OUT);
    assertThat(Launcher.decide(false, true, null, "false", null, true)).isEqualTo(Launcher.Decision.RUN_SCALAR_OPTED_OUT);
    assertThat(Launcher.decide(false, true, null, null, " Scalar ", true)).isEqualTo(Launcher.Decision.RUN_SCALAR_FORCED);
    // Not in this JVM, or no java to start: run here on the scalar kernels.
    assertThat(Launcher.decide(false, false, null, null, null, true)).isEqualTo(Launcher.Decision.RUN_SCALAR_NO_MODULE);
    assertThat(Launcher.decide(false, true, null, null, null, false)).isEqualTo(Launcher.Decision.RUN_SCALAR_NO_JAVA);

    assertThat(Launcher.kernelLine(Launcher.Decision.RUN, "vector-256")).isEqualTo("scoring kernels: vector-256 (Vector API)");
    assertThat(Launcher.kernelLine(Launcher.Decision.RUN_SCALAR_NO_MODULE, "scalar"))
        .startsWith("scoring kernels: scalar (this JVM has no module jdk.incubator.vector");
    assertThat(Launcher.kernelLine(Launcher.Decision.RUN_SCALAR_OPTED_OUT, "scalar")).contains("PRIVREC_NO_RELAUNCH",
        "--add-modules jdk.incubator.vector");

    assertThat(Launcher.childCommand("/jdk/bin/java", List.of("-Xmx8g", "-Dfrom.env=1"), Set.of("-Dfrom.env=1"),
        "a.jar", "io.privrec.examples.Main", new String[] {"evaluate", "--data", "store"}))
        .containsExactly("/jdk/bin/java", "-Xmx8g", "--add-modules=jdk.incubator.vector", "-cp", "a.jar",
            "io.privrec.examples.Main", "evaluate", "--data", "store");

    Map<String, Command> commands = Main.commands();
    assertThat(Main.runsACommand(commands, new String[] {})).isTrue(); // demo
    assertThat(Main.runsACommand(commands, new String[] {"evaluate", "--data", "store"})).isTrue();
    assertThat(Main.runsACommand(commands, new String[] {"evaluate", "--help"})).isFalse();
    assertThat(Main.runsACommand(commands, new String[] {"--version"})).isFalse();
    assertThat(Main.runsACommand(commands, new String[] {"magic"})).isFalse();
  }

  /** The real entry point in a JVM without the module: it re-launches itself and uses the Vector API. */
  @Test
  void main_withoutTheVectorModule_relaunchesAndNamesTheVectorKernelsOnce(@TempDir Path dir) throws Exception {
    String javaExe = Launcher.java();
    Assumptions.assumeTrue(javaExe != null, "no java executable found");
    Assumptions.assumeTrue(ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent(),
        "this JDK has no jdk.incubator.vector");
    ProcessBuilder pb = new ProcessBuilder(javaExe, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "evaluate", "--data", "store:3:300", "--model", "popularity")
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    pb.environment().remove(Launcher.NO_RELAUNCH_ENV);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(dir.resolve("err"));
    String stdout = Files.readString(dir.resolve("out"));

    assertThat(p.exitValue()).as(stderr).isZero();
    assertThat(stderr.lines().filter(l -> l.startsWith("scoring kernels:")).toList()).as(stderr)
        .singleElement().asString().startsWith("scoring kernels: vector-").endsWith("(Vector API)");
    assertThat(stdout.lines().toList()).hasSize(1).allMatch(l -> l.startsWith("{\"model\":\"popularity\""));
  }
}
