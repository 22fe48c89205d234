package io.privrec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
