package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code privacy-utility --from-csv}: redrawing the plot from a saved CSV. */
class PrivacyUtilityCommandTest {
  private final CliRun cli = new CliRun();

  @TempDir
  Path dir;

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

    assertThat(cli.run("privacy-utility", "--from-csv", csv.toString(), "--out", outDir.toString())).as(cli.err()).isZero();

    Path png = outDir.resolve("privacy-utility.png");
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
    assertThat(cli.out()).contains("wrote " + png);
    assertThat(Files.readAllLines(csv)).hasSize(7); // the CSV is left alone
  }

  @Test
  void fromCsv_withoutOut_writesBesideTheCsv() throws Exception {
    Path csv = csv();

    assertThat(cli.run("privacy-utility", "--from-csv", csv.toString())).as(cli.err()).isZero();

    assertThat(ImageIO.read(dir.resolve("privacy-utility.png").toFile())).isNotNull();
  }

  @Test
  void fromCsv_missingFile_exit2NamingThePath() {
    Path missing = dir.resolve("nope.csv");

    assertThat(cli.run("privacy-utility", "--from-csv", missing.toString())).isEqualTo(2);

    assertThat(cli.err()).contains(missing.toString(), "no such file");
    assertThat(dir.resolve("privacy-utility.png")).doesNotExist();
  }

  @Test
  void fromCsv_withExperimentOptions_exit2() throws Exception {
    Path csv = csv();

    assertThat(cli.run("privacy-utility", "--from-csv", csv.toString(), "--models", "dp-popularity")).isEqualTo(2);

    assertThat(cli.err()).contains("--from-csv", "--models");
  }

  @Test
  void help_describesFromCsvAndTheBand() {
    assertThat(cli.run("privacy-utility", "--help")).isZero();

    assertThat(cli.out()).contains("--from-csv FILE", "same colour", "band");
  }
}
