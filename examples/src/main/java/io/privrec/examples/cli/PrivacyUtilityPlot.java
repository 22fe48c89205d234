package io.privrec.examples.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws the privacy-utility curve headless (Java2D, no display needed): mean Recall@20 against ε on
 * a log axis, one line per private model, non-private models as dashed horizontal lines.
 */
public final class PrivacyUtilityPlot {

  /**
   * One measurement.
   *
   * @param model model name
   * @param epsilon ε, or positive infinity for a non-private model
   * @param seed split seed
   * @param recall20 Recall@20
   * @param ndcg10 NDCG@10
   * @param fitSeconds fit time
   */
  public record Row(String model, double epsilon, long seed, double recall20, double ndcg10, double fitSeconds) {}

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)
  };

  private PrivacyUtilityPlot() {}

  /**
   * Writes the plot as a PNG.
   *
   * @throws IOException if the file cannot be written
   * @throws IllegalArgumentException if there are no rows
   */
  public static void write(List<Row> rows, String title, Path png) throws IOException {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("rows must not be empty");
    }
    Map<String, TreeMap<Double, double[]>> curves = new TreeMap<>(); // model -> eps -> (sum, n)
    for (Row r : rows) {
      double[] acc = curves.computeIfAbsent(r.model(), m -> new TreeMap<>()).computeIfAbsent(r.epsilon(), e -> new double[2]);
      acc[0] += r.recall20();
      acc[1]++;
    }
    double minEps = Double.POSITIVE_INFINITY;
    double maxEps = 0;
    double maxY = 0;
    for (TreeMap<Double, double[]> c : curves.values()) {
      for (Map.Entry<Double, double[]> e : c.entrySet()) {
        if (Double.isFinite(e.getKey())) {
          minEps = Math.min(minEps, e.getKey());
          maxEps = Math.max(maxEps, e.getKey());
        }
        maxY = Math.max(maxY, e.getValue()[0] / e.getValue()[1]);
      }
    }
    if (!Double.isFinite(minEps)) {
      minEps = 0.5;
      maxEps = 10;
    }
    if (maxEps <= minEps) {
      maxEps = minEps * 2;
    }
    maxY = Math.max(0.05, Math.ceil(maxY * 11) / 10);

    int width = 900;
    int height = 560;
    int left = 80;
    int right = 220;
    int top = 50;
    int bottom = 70;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int plotW = width - left - right;
      int plotH = height - top - bottom;
      double logMin = Math.log(minEps);
      double logMax = Math.log(maxEps);
      final double yMax = maxY;
      java.util.function.DoubleUnaryOperator xOf = eps -> left + (Math.log(eps) - logMin) / (logMax - logMin) * plotW;
      java.util.function.DoubleUnaryOperator yOf = y -> top + plotH - y / yMax * plotH;

      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setColor(new Color(0xdddddd));
      for (int i = 0; i <= 5; i++) {
        int y = (int) yOf.applyAsDouble(yMax * i / 5);
        g.drawLine(left, y, left + plotW, y);
      }
      g.setColor(Color.DARK_GRAY);
      g.drawRect(left, top, plotW, plotH);
      for (int i = 0; i <= 5; i++) {
        double v = yMax * i / 5;
        int y = (int) yOf.applyAsDouble(v);
        g.drawString(String.format(Locale.ROOT, "%.2f", v), left - 40, y + 4);
      }
      List<Double> ticks = new ArrayList<>();
      for (TreeMap<Double, double[]> c : curves.values()) {
        for (double e : c.keySet()) {
          if (Double.isFinite(e) && !ticks.contains(e)) {
            ticks.add(e);
          }
        }
      }
      for (double e : ticks) {
        int x = (int) xOf.applyAsDouble(e);
        g.drawLine(x, top + plotH, x, top + plotH + 5);
        g.drawString(trim(e), x - 8, top + plotH + 20);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, left, top - 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString("epsilon (log scale)", left + plotW / 2 - 50, height - 25);
      g.rotate(-Math.PI / 2);
      g.drawString("Recall@20 (mean over seeds)", -(top + plotH / 2 + 90), 25);
      g.rotate(Math.PI / 2);

      int colour = 0;
      int legendY = top + 10;
      for (Map.Entry<String, TreeMap<Double, double[]>> curve : curves.entrySet()) {
        Color c = PALETTE[colour++ % PALETTE.length];
        g.setColor(c);
        TreeMap<Double, double[]> points = curve.getValue();
        boolean privateModel = points.keySet().stream().anyMatch(Double::isFinite);
        if (privateModel) {
          g.setStroke(new BasicStroke(2.5f));
          int px = -1;
          int py = -1;
          for (Map.Entry<Double, double[]> p : points.entrySet()) {
            if (!Double.isFinite(p.getKey())) {
              continue;
            }
            int x = (int) xOf.applyAsDouble(p.getKey());
            int y = (int) yOf.applyAsDouble(p.getValue()[0] / p.getValue()[1]);
            g.fillOval(x - 4, y - 4, 8, 8);
            if (px >= 0) {
              g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
          }
        } else {
          double[] acc = points.get(Double.POSITIVE_INFINITY);
          int y = (int) yOf.applyAsDouble(acc[0] / acc[1]);
          g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
          g.drawLine(left, y, left + plotW, y);
        }
        g.drawLine(left + plotW + 15, legendY, left + plotW + 40, legendY);
        g.setColor(Color.BLACK);
        g.drawString(curve.getKey() + (privateModel ? "" : " (non-private)"), left + plotW + 45, legendY + 4);
        legendY += 20;
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private static String trim(double e) {
    return e == Math.rint(e) ? Long.toString((long) e) : Double.toString(e);
  }
}
