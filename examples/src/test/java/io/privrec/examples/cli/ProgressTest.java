package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress renderer on a fake clock. */
class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private long now;

  private Progress progress(boolean interactive) {
    return new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), interactive, () -> now);
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void at(double seconds) {
    now = (long) (seconds * 1e9);
  }

  @Test
  void plain_linePerTenthAtMostOncePerSecond_heartbeatEvery5s_endsWithDoneAndNewline() {
    Progress p = progress(false);
    at(0);
    p.phase("fit ials");
    at(0.5);
    p.progress("iteration 1/10", 0.1); // a new tenth, but under a second since the start: quiet
    at(2);
    p.progress("iteration 2/10", 0.2); // prints
    at(2.1);
    p.progress("iteration 3/10", 0.3); // too soon after the last line
    at(7.1);
    p.tick(); // 5 s without a line: heartbeat
    at(8);
    p.done();

    assertThat(text().lines().toList()).containsExactly(
        "fit ials: 20% (iteration 2/10), 2.0s elapsed, ETA 8.0s",
        "fit ials: 30% (iteration 3/10), 7.1s elapsed, ETA 17s",
        "fit ials: done in 8.0s");
    assertThat(text()).endsWith("\n").doesNotContain("\r");
  }

  @Test
  void plain_manyReportsInASecond_printNothingButTheEnd() {
    Progress p = progress(false);
    at(0);
    p.phase("evaluate");
    for (int i = 1; i <= 1000; i++) {
      at(i / 1000.0 * 0.9);
      p.progress(i + "/1000 users", i / 1000.0);
    }
    p.done();
    assertThat(text()).isEqualTo("evaluate: done in 0.9s\n");
  }

  @Test
  void interactive_redrawsInPlaceAtMostFourTimesASecond_withBarPercentAndEta_thenNewline() {
    Progress p = progress(true);
    at(0);
    p.phase("fit ease");
    for (int i = 1; i <= 100; i++) {
      at(i * 0.01 * 2); // 100 reports over 2 s
      p.progress("inverse", i / 200.0);
    }
    at(2.5);
    p.tick();
    at(30);
    p.done();

    String t = text();
    long redraws = t.chars().filter(c -> c == '\r').count();
    assertThat(redraws).isBetween(3L, 1 + 2 * 4 + 1 + 1L); // the start, ≤ 4 a second, the tick, the end
    assertThat(t).contains("\rfit ease  [############------------]  50%  inverse  2.5s elapsed, ETA 2.5s")
        .endsWith("\n");
    assertThat(t.indexOf('\n')).isEqualTo(t.length() - 1);
    String last = t.substring(t.lastIndexOf('\r') + 1);
    assertThat(last.stripTrailing()).isEqualTo("fit ease  [########################] 100%  done in 30s");
  }

  @Test
  void newPhaseEndsThePreviousOne_andFractionsNeverGoBack() {
    Progress p = progress(false);
    at(0);
    p.phase("fit dp-ease");
    at(1.5);
    p.progress("noise", 0.5);
    at(2.6);
    p.progress("noise", 0.1); // backwards: ignored
    at(8);
    p.tick();
    p.phase("evaluate");
    at(9);
    p.close();
    assertThat(text().lines().toList()).containsExactly(
        "fit dp-ease: 50% (noise), 1.5s elapsed, ETA 1.5s",
        "fit dp-ease: 50% (noise), 8.0s elapsed, ETA 8.0s",
        "fit dp-ease: done in 8.0s",
        "evaluate: done in 1.0s");
  }

  @Test
  void eta_unknownAtFirst_durationsReadable() {
    assertThat(Progress.eta(0.5, 0.5)).isEqualTo("?");
    assertThat(Progress.eta(10, 0.001)).isEqualTo("?");
    assertThat(Progress.eta(10, 0.25)).isEqualTo("30s");
    assertThat(Progress.duration(3.21)).isEqualTo("3.2s");
    assertThat(Progress.duration(125)).isEqualTo("2m05s");
    assertThat(Progress.duration(3725)).isEqualTo("1h02m");
  }
}
