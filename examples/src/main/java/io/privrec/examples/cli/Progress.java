package io.privrec.examples.cli;

import io.privrec.core.model.FitListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress of the command line's long phases (fit, evaluate, recommend) on stderr.
 *
 * <p>On a terminal ({@link System#console()} present) one line is redrawn in place: a bar, the
 * percentage, the current stage, the elapsed time and an estimate of the time left; otherwise
 * plain lines are printed when another tenth is done (at most one a second) or every 5 seconds.
 * Either way a phase ends with {@code LABEL: done in TIME} on a line of its own, and nothing is
 * drawn more than {@value #REDRAWS_PER_SECOND} times a second.
 *
 * <p>A phase starts with {@link #phase}; the algorithms report into it as a {@link FitListener}
 * (from any thread); {@link #done} ends it. Fractions that go backwards are ignored. When {@link
 * #open opened} for a command, a daemon thread redraws every 250 ms so the elapsed time moves even
 * while an algorithm reports nothing. Thread-safe.
 */
public final class Progress implements FitListener, AutoCloseable {
  /** Interactive redraws per second, at most. */
  static final int REDRAWS_PER_SECOND = 4;

  private static final long REDRAW_NANOS = 1_000_000_000L / REDRAWS_PER_SECOND;
  private static final long PLAIN_MIN_NANOS = 1_000_000_000L;
  private static final long PLAIN_HEARTBEAT_NANOS = 5_000_000_000L;
  private static final int BAR = 24;

  private final PrintStream err;
  private final boolean interactive;
  private final LongSupplier clock;
  private ScheduledExecutorService ticker;

  private String label;
  private String stage = "";
  private double fraction;
  private long phaseStart;
  private long lastDraw;
  private int lastTenth;
  private int drawnWidth;

  /**
   * A renderer.
   *
   * @param err where to draw
   * @param interactive true to redraw one line in place (a terminal), false for plain lines
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass a fake)
   */
  public Progress(PrintStream err, boolean interactive, LongSupplier nanoClock) {
    this.err = err;
    this.interactive = interactive;
    this.clock = nanoClock;
  }

  /**
   * A renderer for a command: interactive when {@code err} is the process's stderr and the JVM has
   * a console, with a thread that redraws every 250 ms. Close it when the command ends.
   */
  public static Progress open(PrintStream err) {
    Progress p = new Progress(err, err == System.err && System.console() != null, System::nanoTime);
    p.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "privrec-progress");
      t.setDaemon(true);
      return t;
    });
    p.ticker.scheduleAtFixedRate(p::tick, 250, 250, TimeUnit.MILLISECONDS);
    return p;
  }

  /** Ends the current phase, if any, and starts one called {@code label} at 0%. */
  public synchronized void phase(String label) {
    if (this.label != null) {
      done();
    }
    this.label = label;
    this.stage = "";
    this.fraction = 0;
    this.phaseStart = clock.getAsLong();
    this.lastDraw = phaseStart;
    this.lastTenth = 0;
    this.drawnWidth = 0;
    if (interactive) {
      draw(phaseStart);
    }
  }

  /** Reports progress of the current phase (ignored outside a phase). */
  @Override
  public synchronized void progress(String stage, double fraction) {
    if (label == null) {
      return;
    }
    if (stage != null) {
      this.stage = stage;
    }
    if (fraction > this.fraction) {
      this.fraction = Math.min(1, fraction);
    }
    maybeDraw(clock.getAsLong());
  }

  /** Redraws if it is time to (called by the ticker thread; tests call it with a fake clock). */
  public synchronized void tick() {
    if (label != null) {
      maybeDraw(clock.getAsLong());
    }
  }

  /** Ends the current phase with {@code LABEL: done in TIME} and a newline; no-op outside a phase. */
  public synchronized void done() {
    if (label == null) {
      return;
    }
    long now = clock.getAsLong();
    String line = label + ": done in " + duration((now - phaseStart) / 1e9);
    if (interactive) {
      fraction = 1;
      String bar = label + "  " + bar(1) + " 100%  " + line.substring(label.length() + 2);
      err.print("\r" + pad(bar));
      err.print('\n');
    } else {
      err.println(line);
    }
    err.flush();
    label = null;
  }

  /**
   * Ends the current phase without a {@code done} line, for work that failed (its error follows);
   * on a terminal the partly drawn bar is ended with a newline. No-op outside a phase.
   */
  public synchronized void abandon() {
    if (label == null) {
      return;
    }
    if (interactive) {
      err.print('\n');
      err.flush();
    }
    label = null;
  }

  /** Ends the current phase and stops the redraw thread. */
  @Override
  public synchronized void close() {
    done();
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  private void maybeDraw(long now) {
    if (interactive) {
      if (now - lastDraw >= REDRAW_NANOS) {
        draw(now);
      }
      return;
    }
    int tenth = (int) Math.floor(fraction * 10 + 1e-9);
    boolean newTenth = tenth > lastTenth && now - lastDraw >= PLAIN_MIN_NANOS;
    if (newTenth || now - lastDraw >= PLAIN_HEARTBEAT_NANOS) {
      lastTenth = Math.max(lastTenth, tenth);
      lastDraw = now;
      err.println(plainLine(now));
      err.flush();
    }
  }

  private void draw(long now) {
    lastDraw = now;
    err.print("\r" + pad(barLine(now)));
    err.flush();
  }

  /** Pads with spaces over the rest of the previously drawn line. */
  private String pad(String s) {
    int width = s.length();
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < drawnWidth) {
      sb.append(' ');
    }
    drawnWidth = width;
    return sb.toString();
  }

  /** {@code LABEL  [#####-----]  42%  STAGE  12s elapsed, ETA 17s}. */
  String barLine(long now) {
    return String.format(Locale.ROOT, "%s  %s %3d%%%s  %s", label, bar(fraction), percent(), stageText(),
        times(now));
  }

  /** {@code LABEL: 42% (STAGE), 12s elapsed, ETA 17s}. */
  String plainLine(long now) {
    return String.format(Locale.ROOT, "%s: %d%%%s, %s", label, percent(),
        stage.isEmpty() ? "" : " (" + stage + ")", times(now));
  }

  private int percent() {
    return (int) Math.floor(fraction * 100 + 1e-9);
  }

  private String stageText() {
    return stage.isEmpty() ? "" : "  " + stage;
  }

  private String times(long now) {
    double elapsed = (now - phaseStart) / 1e9;
    return duration(elapsed) + " elapsed, ETA " + eta(elapsed, fraction);
  }

  private static String bar(double fraction) {
    int full = (int) Math.floor(fraction * BAR + 1e-9);
    return "[" + "#".repeat(full) + "-".repeat(BAR - full) + "]";
  }

  /**
   * The time left if the rest goes at the pace so far, or {@code ?} before 1% or 1 second.
   */
  static String eta(double elapsedSeconds, double fraction) {
    if (fraction < 0.01 || elapsedSeconds < 1) {
      return "?";
    }
    return duration(elapsedSeconds * (1 - fraction) / fraction);
  }

  /** {@code 3.2s}, {@code 42s}, {@code 2m05s}, {@code 1h02m}. */
  static String duration(double seconds) {
    if (!(seconds >= 0)) {
      seconds = 0;
    }
    if (seconds < 9.95) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
