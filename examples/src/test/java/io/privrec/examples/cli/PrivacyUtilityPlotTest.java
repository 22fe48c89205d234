package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privrec.examples.cli.PrivacyUtilityPlot.Chart;
import io.privrec.examples.cli.PrivacyUtilityPlot.Row;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyUtilityPlotTest {
  @TempDir
  Path dir;

  private static final double INF = Double.POSITIVE_INFINITY;

  /**
   * dp-a and dp-b at ε 1 and 10, a and b non-private; dp-a's Recall@20 is 0.20 with seed 1 and
   * 0.30 with seed 2 at every ε, a's 0.45 and 0.47.
   */
  private static List<Row> rows(int seeds) {
    List<Row> rows = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      double shift = seed == 1 ? 0 : 0.1;
      rows.add(new Row("a", INF, seed, 0.45 + shift / 5, 0.2, 0));
      rows.add(new Row("b", INF, seed, 0.10, 0.05, 0));
      for (double eps : new double[] {1, 10}) {
        rows.add(new Row("dp-a", eps, seed, 0.20 + shift, 0.1, 0));
        rows.add(new Row("dp-b", eps, seed, 0.05, 0.02, 0));
      }
    }
    return rows;
  }

  @Test
  void render_privateModelAndItsBaseline_shareAColour_otherPairsDiffer() {
    Chart chart = PrivacyUtilityPlot.render(rows(2), "t");

    assertThat(chart.colours()).containsOnlyKeys("a", "b", "dp-a", "dp-b");
    assertThat(chart.colours().get("dp-a")).isEqualTo(chart.colours().get("a"));
    assertThat(chart.colours().get("dp-b")).isEqualTo(chart.colours().get("b"));
    assertThat(chart.colours().get("dp-a")).isNotEqualTo(chart.colours().get("dp-b"));
  }

  @Test
  void render_dpLine_isDrawnInThePairColour() {
    Chart chart = PrivacyUtilityPlot.render(rows(1), "t");

    // the marker at ε 1 is a filled 8-pixel disc centred on the point
    Color marker = new Color(chart.image().getRGB((int) chart.x(1), (int) chart.y(0.20)));
    assertThat(marker).isEqualTo(chart.colours().get("a"));
  }

  @Test
  void render_twoSeeds_drawsABandBetweenMinAndMax() {
    Chart chart = PrivacyUtilityPlot.render(rows(2), "t");

    assertThat(chart.bands()).isTrue();
    Color pair = chart.colours().get("dp-a");
    // between the two ε, inside [0.20, 0.30] but away from the mean line at 0.25
    Color inside = pixel(chart, Math.sqrt(10), 0.215);
    assertThat(inside).isNotEqualTo(Color.WHITE);
    assertThat(tintedTowards(inside, pair)).isTrue();
    assertThat(pixel(chart, Math.sqrt(10), 0.18)).isEqualTo(Color.WHITE); // below the band
    // the baseline's thin band: a spans 0.45 to 0.47, its dashed mean line sits at 0.46
    assertThat(tintedTowards(pixel(chart, Math.sqrt(10), 0.4525), pair)).isTrue();
  }

  @Test
  void render_oneSeed_drawsNoBand() {
    Chart chart = PrivacyUtilityPlot.render(rows(1), "t");

    assertThat(chart.bands()).isFalse();
    assertThat(pixel(chart, Math.sqrt(10), 0.215)).isEqualTo(Color.WHITE);
  }

  @Test
  void write_sameRows_sameBytes() throws Exception {
    Path first = dir.resolve("1.png");
    Path second = dir.resolve("2.png");
    PrivacyUtilityPlot.write(rows(3), "t", first);
    PrivacyUtilityPlot.write(rows(3), "t", second);

    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
  }

  @Test
  void csvAndPng_neverReplaceASymlinkOrDirectory_andKeepAReplacedFilesMode() throws Exception {
    List<Row> rows = rows(1);
    Path target = Files.writeString(dir.resolve("target.txt"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("privacy-utility.csv"), target);
    assertThatThrownBy(() -> PrivacyUtilityPlot.writeCsv(rows, 1e-6, link))
        .hasMessage(link + ": not a regular file; refusing to replace it");
    assertThat(Files.readString(target)).isEqualTo("keep");
    Path pngDir = Files.createDirectory(dir.resolve("privacy-utility.png"));
    assertThatThrownBy(() -> PrivacyUtilityPlot.write(rows, "t", pngDir))
        .hasMessage(pngDir + ": not a regular file; refusing to replace it");

    Path png = Files.writeString(dir.resolve("plot.png"), "old");
    Files.setPosixFilePermissions(png, PosixFilePermissions.fromString("rw-r-----"));
    PrivacyUtilityPlot.write(rows, "t", png);
    assertThat(ImageIO.read(png.toFile())).isNotNull();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(png))).isEqualTo("rw-r-----");
  }

  @Test
  void csv_writeThenRead_givesTheRowsBack() throws Exception {
    Path csv = dir.resolve("privacy-utility.csv");
    List<Row> rows = List.of(new Row("a", INF, 1, 0.5, 0.25, 1.5), new Row("dp-a", 2.0, 1, 0.375, 0.125, 0.25));
    PrivacyUtilityPlot.writeCsv(rows, 1e-6, csv);

    assertThat(Files.readAllLines(csv)).containsExactly("model,epsilon,delta,seed,recall@20,ndcg@10,fit_seconds",
        "a,inf,0,1,0.500000,0.250000,1.500", "dp-a,2.0,1.0E-6,1,0.375000,0.125000,0.250");
    PrivacyUtilityPlot.Csv read = PrivacyUtilityPlot.readCsv(csv);
    assertThat(read.rows()).isEqualTo(rows);
    assertThat(read.deltas()).containsExactly(1e-6);
  }

  @Test
  void readCsv_badLine_namesFileAndLine() throws Exception {
    Path csv = Files.writeString(dir.resolve("bad.csv"),
        "model,epsilon,delta,seed,recall@20,ndcg@10,fit_seconds\na,inf,0,1,0.5,0.2,1\ndp-a,x,1e-6,1,0.3,0.1,1\n");

    assertThatIllegalArgumentException().isThrownBy(() -> PrivacyUtilityPlot.readCsv(csv))
        .withMessageContaining(csv.toString()).withMessageContaining("line 3");
  }

  private static Color pixel(Chart chart, double epsilon, double recall) {
    return new Color(chart.image().getRGB((int) Math.round(chart.x(epsilon)), (int) Math.round(chart.y(recall))));
  }

  /** A light, non-grey pixel whose channels are ordered like {@code colour}'s strongest one. */
  private static boolean tintedTowards(Color pixel, Color colour) {
    int[] p = {pixel.getRed(), pixel.getGreen(), pixel.getBlue()};
    int[] c = {colour.getRed(), colour.getGreen(), colour.getBlue()};
    int strongest = 0;
    for (int i = 1; i < 3; i++) {
      if (c[i] > c[strongest]) {
        strongest = i;
      }
    }
    for (int i = 0; i < 3; i++) {
      if (i != strongest && p[i] >= p[strongest]) {
        return false;
      }
    }
    return !pixel.equals(Color.WHITE);
  }
}
