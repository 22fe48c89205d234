package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.examples.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code privacy-utility --from-csv}: redrawing the plot from a saved CSV. */
class PrivacyUtilityCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path dir;

  private int run(String... argv) {
    out.reset();
    err.reset();
    return Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path csv() throws Exception {
    PrivacyUtilityPlot.writeCsv(List.of(new PrivacyUtilityPlot.Row("popularity", Double.POSITIVE_INFINITY, 1, 0.17, 0.08, 0.01),
        new PrivacyUtilityPlot.Row("popularity", Double.POSITIVE_INFINITY, 2, 0.18, 0.08, 0.01),
        new PrivacyUtilityPlot.Row("dp-popularity", 1, 1, 0.15, 0.07, 0.2),
        new PrivacyUtilityPlot.Row("dp-popularity", 1, 2, 0.16, 0.07, 0.2),
        new PrivacyUtilityPlot.Row("dp-popularity", 5, 1, 0.17, 0.08, 0.2),
        new PrivacyUtilityPlot.Row("dp-popularity", 5, 2, 0.175, 0.08, 0.2)), 1e-6, dir.resolve("privacy-utility.csv"));
    return dir.resolve("privacy-utility.csv");
  }

  @Test
  void fromCsv_withOut_writesThePngThere() throws Exception {
    Path csv = csv();
    Path outDir = dir.resolve("plots");

    assertThat(run("privacy-utility", "--from-csv", csv.toString(), "--out", outDir.toString())).as(err.toString()).isZero();

    Path png = outDir.resolve("privacy-utility.png");
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + png);
    assertThat(Files.readAllLines(csv)).hasSize(7); // the CSV is left alone
  }

  @Test
  void fromCsv_withoutOut_writesBesideTheCsv() throws Exception {
    Path csv = csv();

    assertThat(run("privacy-utility", "--from-csv", csv.toString())).as(err.toString()).isZero();

    assertThat(ImageIO.read(dir.resolve("privacy-utility.png").toFile())).isNotNull();
  }

  @Test
  void fromCsv_missingFile_exit2NamingThePath() {
    Path missing = dir.resolve("nope.csv");

    assertThat(run("privacy-utility", "--from-csv", missing.toString())).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains(missing.toString(), "no such file");
    assertThat(dir.resolve("privacy-utility.png")).doesNotExist();
  }

  @Test
  void fromCsv_withExperimentOptions_exit2() throws Exception {
    Path csv = csv();

    assertThat(run("privacy-utility", "--from-csv", csv.toString(), "--models", "dp-popularity")).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--from-csv", "--models");
  }

  @Test
  void help_describesFromCsvAndTheBand() {
    assertThat(run("privacy-utility", "--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--from-csv FILE", "same colour", "band");
  }
}
