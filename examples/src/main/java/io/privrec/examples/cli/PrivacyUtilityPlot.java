package io.privrec.examples.cli;

import io.privrec.core.data.OutputFiles;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Draws the privacy-utility curve headless (Java2D, no display needed): mean Recall@20 against ε on
 * a log axis, one solid line with markers per private model {@code dp-X}, and its non-private
 * counterpart {@code X} as a dashed horizontal line in the same colour. With two or more seeds the
 * spread over seeds (min to max) is drawn as a translucent band around each line. The same rows
 * always give the same PNG bytes.
 *
 * <p>Also reads and writes the {@code privacy-utility.csv} format ({@link #writeCsv}, {@link
 * #readCsv}), so a plot can be redrawn from a saved CSV.
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

  /** The header line of {@code privacy-utility.csv}. */
  static final String CSV_HEADER = "model,epsilon,delta,seed,recall@20,ndcg@10,fit_seconds";

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)
  };

  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 230;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private PrivacyUtilityPlot() {}

  /**
   * Writes the plot as a PNG, atomically; see {@link OutputFiles#write}.
   *
   * @throws IOException if the file cannot be written, or exists and is not a writable regular
   *     file (a directory, device, symbolic link or read-only file is never replaced)
   * @throws IllegalArgumentException if there are no rows
   */
  public static void write(List<Row> rows, String title, Path png) throws IOException {
    BufferedImage image = render(rows, title).image();
    OutputFiles.write(png, o -> {
      if (!ImageIO.write(image, "png", o)) {
        throw new IOException("cannot write " + png + ": no PNG writer available");
      }
    });
  }

  /**
   * Writes {@code rows} in the {@code privacy-utility.csv} format: one line per row, ε {@code inf}
   * and δ {@code 0} for non-private models, δ {@code delta} otherwise. Written atomically; see
   * {@link OutputFiles#write}.
   *
   * @throws IOException if the file cannot be written, or exists and is not a writable regular
   *     file
   */
  public static void writeCsv(List<Row> rows, double delta, Path csv) throws IOException {
    OutputFiles.write(csv, o -> {
      BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8));
      w.write(CSV_HEADER + "\n");
      for (Row r : rows) {
        w.write(String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.6f,%.3f%n", r.model(),
            Double.isInfinite(r.epsilon()) ? "inf" : Double.toString(r.epsilon()),
            Double.isInfinite(r.epsilon()) ? "0" : Double.toString(delta), r.seed(), r.recall20(), r.ndcg10(), r.fitSeconds()));
      }
      w.flush();
    });
  }

  /**
   * A {@code privacy-utility.csv} as written by {@link #writeCsv}.
   *
   * @param rows its rows, in file order
   * @param deltas the distinct δ of its private rows, ascending
   */
  public record Csv(List<Row> rows, List<Double> deltas) {}

  /**
   * Reads a {@code privacy-utility.csv}.
   *
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is not in the format (naming the file and line) or has
   *     no rows
   */
  public static Csv readCsv(Path csv) throws IOException {
    List<Row> rows = new ArrayList<>();
    TreeSet<Double> deltas = new TreeSet<>();
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || !header.strip().equals(CSV_HEADER)) {
        throw new IllegalArgumentException(csv + ": expected the header '" + CSV_HEADER + "', found '" + header + "'");
      }
      String line;
      int number = 1;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 7) {
          throw new IllegalArgumentException(csv + " line " + number + ": expected 7 fields, found " + f.length);
        }
        try {
          double epsilon = f[1].equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(f[1]);
          if (Double.isFinite(epsilon)) {
            deltas.add(Double.parseDouble(f[2]));
          }
          rows.add(new Row(f[0], epsilon, Long.parseLong(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
              Double.parseDouble(f[6])));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(csv + " line " + number + ": not a number in '" + line + "'", e);
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(csv + ": no rows after the header");
    }
    return new Csv(Collections.unmodifiableList(rows), List.copyOf(deltas));
  }

  /** Mean, min and max Recall@20 of one model at one ε over its seeds. */
  private record Stats(double mean, double min, double max, int seeds) {}

  /**
   * A rendered plot: the image, each model's colour and the mapping from data to pixels.
   *
   * @param image the plot
   * @param colours each model's colour ({@code dp-X} and {@code X} share one)
   * @param bands whether spreads over seeds were drawn (some model has two or more seeds at one ε)
   */
  record Chart(BufferedImage image, Map<String, Color> colours, boolean bands, double logMin, double logMax,
      double yMin, double yMax) {

    /** The pixel column of ε. */
    double x(double epsilon) {
      return LEFT + (Math.log(epsilon) - logMin) / (logMax - logMin) * (WIDTH - LEFT - RIGHT);
    }

    /** The pixel row of a Recall@20 value. */
    double y(double recall) {
      int plotH = HEIGHT - TOP - BOTTOM;
      return TOP + plotH - (recall - yMin) / (yMax - yMin) * plotH;
    }
  }

  /** The pair a model belongs to: {@code X} for {@code dp-X} and for {@code X}. */
  static String family(String model) {
    return model.startsWith("dp-") ? model.substring(3) : model;
  }

  /**
   * Renders the plot.
   *
   * @throws IllegalArgumentException if there are no rows
   */
  static Chart render(List<Row> rows, String title) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("rows must not be empty");
    }
    // model -> eps -> recall values
    Map<String, TreeMap<Double, List<Double>>> values = new TreeMap<>();
    TreeSet<Long> seeds = new TreeSet<>();
    for (Row r : rows) {
      values.computeIfAbsent(r.model(), m -> new TreeMap<>()).computeIfAbsent(r.epsilon(), e -> new ArrayList<>()).add(r.recall20());
      seeds.add(r.seed());
    }
    Map<String, TreeMap<Double, Stats>> curves = new TreeMap<>();
    boolean bands = false;
    double minEps = Double.POSITIVE_INFINITY;
    double maxEps = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, TreeMap<Double, List<Double>>> m : values.entrySet()) {
      TreeMap<Double, Stats> curve = new TreeMap<>();
      for (Map.Entry<Double, List<Double>> e : m.getValue().entrySet()) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : e.getValue()) {
          sum += v;
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        Stats s = new Stats(sum / e.getValue().size(), min, max, e.getValue().size());
        curve.put(e.getKey(), s);
        bands |= s.seeds() >= 2;
        lo = Math.min(lo, min);
        hi = Math.max(hi, max);
        if (Double.isFinite(e.getKey())) {
          minEps = Math.min(minEps, e.getKey());
          maxEps = Math.max(maxEps, e.getKey());
        }
      }
      curves.put(m.getKey(), curve);
    }
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("Recall@20 must be finite");
    }
    if (!Double.isFinite(minEps)) {
      minEps = 0.5;
      maxEps = 10;
    }
    if (maxEps <= minEps) {
      maxEps = minEps * 2;
    }
    double step = tickStep(lo, hi);
    double yMin = Math.max(0, Math.floor(lo / step + 1e-9) * step);
    double yMax = Math.ceil(hi / step - 1e-9) * step;
    if (yMax <= yMin) {
      yMax = yMin + step;
    }

    // One colour per pair (dp-X, X), in the order of X.
    List<String> families = new ArrayList<>(new TreeSet<>(curves.keySet().stream().map(PrivacyUtilityPlot::family).toList()));
    Map<String, Color> colours = new TreeMap<>();
    for (String model : curves.keySet()) {
      colours.put(model, PALETTE[families.indexOf(family(model)) % PALETTE.length]);
    }

    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Chart chart = new Chart(image, Collections.unmodifiableMap(colours), bands, Math.log(minEps), Math.log(maxEps), yMin, yMax);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);

      // Grid and y labels.
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      int yTicks = (int) Math.round((yMax - yMin) / step);
      for (int i = 0; i <= yTicks; i++) {
        double v = yMin + step * i;
        int y = (int) chart.y(v);
        g.setColor(new Color(0xdddddd));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, Math.abs(step * 100 - Math.rint(step * 100)) < 1e-9 ? "%.2f" : "%.3f", v),
            LEFT - 45, y + 4);
      }
      g.setColor(Color.DARK_GRAY);
      TreeSet<Double> ticks = new TreeSet<>();
      for (TreeMap<Double, Stats> c : curves.values()) {
        c.keySet().stream().filter(Double::isFinite).forEach(ticks::add);
      }
      for (double e : ticks) {
        int x = (int) chart.x(e);
        g.drawLine(x, TOP + plotH, x, TOP + plotH + 5);
        g.drawString(trim(e), x - 8, TOP + plotH + 20);
      }

      // Bands first, so that every line is drawn over every band.
      Composite opaque = g.getComposite();
      Map<Boolean, List<String>> byKind = new TreeMap<>();
      for (Map.Entry<String, TreeMap<Double, Stats>> curve : curves.entrySet()) {
        byKind.computeIfAbsent(isPrivate(curve.getValue()), k -> new ArrayList<>()).add(curve.getKey());
      }
      for (Map.Entry<String, TreeMap<Double, Stats>> curve : curves.entrySet()) {
        TreeMap<Double, Stats> points = curve.getValue();
        g.setColor(colours.get(curve.getKey()));
        if (isPrivate(points)) {
          List<Map.Entry<Double, Stats>> finite = points.entrySet().stream().filter(p -> Double.isFinite(p.getKey())).toList();
          if (finite.stream().noneMatch(p -> p.getValue().seeds() >= 2)) {
            continue;
          }
          Polygon band = new Polygon();
          for (Map.Entry<Double, Stats> p : finite) {
            band.addPoint((int) Math.round(chart.x(p.getKey())), (int) Math.round(chart.y(p.getValue().max())));
          }
          for (int i = finite.size() - 1; i >= 0; i--) {
            Map.Entry<Double, Stats> p = finite.get(i);
            band.addPoint((int) Math.round(chart.x(p.getKey())), (int) Math.round(chart.y(p.getValue().min())));
          }
          g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.25f));
          if (finite.size() == 1) {
            int x = band.xpoints[0];
            g.fillRect(x - 5, band.ypoints[0], 10, Math.max(1, band.ypoints[1] - band.ypoints[0]));
          } else {
            g.fillPolygon(band);
          }
        } else {
          Stats s = points.get(Double.POSITIVE_INFINITY);
          if (s.seeds() < 2) {
            continue;
          }
          int top = (int) Math.round(chart.y(s.max()));
          int bottom = (int) Math.round(chart.y(s.min()));
          g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.15f));
          g.fillRect(LEFT, top, plotW, Math.max(1, bottom - top));
        }
        g.setComposite(opaque);
      }
      g.setColor(Color.DARK_GRAY);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(LEFT, TOP, plotW, plotH);

      // Non-private baselines (dashed), then private curves (solid with markers) on top.
      Stroke dashed = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
      Stroke solid = new BasicStroke(2.2f);
      for (String model : byKind.getOrDefault(false, List.of())) {
        g.setColor(colours.get(model));
        g.setStroke(dashed);
        int y = (int) chart.y(curves.get(model).get(Double.POSITIVE_INFINITY).mean());
        g.drawLine(LEFT, y, LEFT + plotW, y);
      }
      for (String model : byKind.getOrDefault(true, List.of())) {
        g.setColor(colours.get(model));
        g.setStroke(solid);
        int px = -1;
        int py = -1;
        for (Map.Entry<Double, Stats> p : curves.get(model).entrySet()) {
          if (!Double.isFinite(p.getKey())) {
            continue;
          }
          int x = (int) chart.x(p.getKey());
          int y = (int) chart.y(p.getValue().mean());
          g.fillOval(x - 4, y - 4, 8, 8);
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          px = x;
          py = y;
        }
      }

      // Titles.
      g.setColor(Color.DARK_GRAY);
      g.setStroke(new BasicStroke(1f));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, LEFT, TOP - 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString("epsilon (log scale)", LEFT + plotW / 2 - 50, HEIGHT - 25);
      String yLabel = yLabel(seeds, bands);
      int yLabelWidth = g.getFontMetrics().stringWidth(yLabel);
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -(TOP + plotH / 2 + yLabelWidth / 2), 22);
      g.rotate(Math.PI / 2);

      // Legend: per pair, dp-X then X (non-private), in the pair's colour.
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      int lx = LEFT + plotW + 15;
      int ly = TOP + 10;
      for (String f : families) {
        for (String model : new String[] {"dp-" + f, f}) {
          TreeMap<Double, Stats> points = curves.get(model);
          if (points == null) {
            continue;
          }
          g.setColor(colours.get(model));
          if (isPrivate(points)) {
            g.setStroke(solid);
            g.drawLine(lx, ly, lx + 28, ly);
            g.fillOval(lx + 10, ly - 4, 8, 8);
          } else {
            g.setStroke(dashed);
            g.drawLine(lx, ly, lx + 28, ly);
          }
          g.setColor(Color.BLACK);
          g.drawString(model + (isPrivate(points) ? "" : " (non-private)"), lx + 36, ly + 5);
          ly += 20;
        }
        ly += 6;
      }
      if (bands) {
        g.setColor(Color.GRAY);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
        g.fillRect(lx, ly - 6, 28, 12);
        g.setComposite(opaque);
        g.setColor(Color.BLACK);
        g.drawString("min-max over seeds", lx + 36, ly + 5);
      }
    } finally {
      g.dispose();
    }
    return chart;
  }

  private static boolean isPrivate(TreeMap<Double, Stats> points) {
    return points.keySet().stream().anyMatch(Double::isFinite);
  }

  /** "Recall@20 (seed 1)", or "Recall@20, mean over seeds 1-3" (consecutive) or "... over 3 seeds". */
  private static String yLabel(TreeSet<Long> seeds, boolean bands) {
    if (seeds.size() == 1) {
      return "Recall@20 (seed " + seeds.first() + ")";
    }
    String over = seeds.last() - seeds.first() == seeds.size() - 1
        ? "seeds " + seeds.first() + "-" + seeds.last() : seeds.size() + " seeds";
    return "Recall@20, mean over " + over + (bands ? "; band: min-max" : "");
  }

  /** The smallest round step (1, 2, 2.5 or 5 times a power of ten, at least 0.01) giving at most 8 intervals over [lo, hi]. */
  private static double tickStep(double lo, double hi) {
    for (double decade = 0.01; ; decade *= 10) {
      for (double m : new double[] {1, 2, 2.5, 5}) {
        double step = m * decade;
        if (Math.ceil(hi / step - 1e-9) - Math.floor(lo / step + 1e-9) <= 8) {
          return step;
        }
      }
    }
  }

  private static String trim(double e) {
    return e == Math.rint(e) ? Long.toString((long) e) : Double.toString(e);
  }
}
