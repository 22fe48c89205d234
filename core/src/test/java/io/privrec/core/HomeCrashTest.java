package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.privrec.core.data.EventKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link HomeCrashChild}) with SIGKILL at random moments of a record / refit /
 * forget loop, 30 times on one home, and checks after every kill that reopening loses no
 * acknowledged event, erasure or privacy charge and finds no torn state.
 */
class HomeCrashTest {
  private static final int ROUNDS = 30;

  @TempDir
  Path tmp;

  @Test
  void killMinusNineAtRandomMomentsLosesNoAcknowledgedEventErasureOrCharge() throws Exception {
    Path dir = tmp.resolve("shop");
    Random random = new Random(20261206);
    Map<String, Set<Long>> acknowledged = new HashMap<>();
    Set<String> erased = new HashSet<>();
    Set<String> maybeErased = new HashSet<>();
    int charges = 0;
    int killedAfterAcks = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", io.privrec.core.internal.storage.ChildJvm.classPath(), HomeCrashChild.class.getName(), dir.toString(),
          Integer.toString(round)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      List<String> lines = new ArrayList<>();
      CountDownLatch ready = new CountDownLatch(1);
      // Killed after a random number of acknowledged operations (0 = right after opening): a
      // moment in the middle of its work, chosen by what it did rather than by the clock.
      CountDownLatch killPoint = new CountDownLatch(random.nextInt(round % 3 == 0 ? 600 : 150) + 1);
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (lines) {
              lines.add(line);
            }
            if (line.equals("READY")) {
              ready.countDown();
            }
            killPoint.countDown();
          }
        } catch (IOException ignored) {
          // the child was killed
        }
        ready.countDown();
        while (killPoint.getCount() > 0) {
          killPoint.countDown(); // the child ended on its own: nothing left to wait for
        }
      });
      reader.start();
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("round %d: the child did not open the home", round).isTrue();
      assertThat(killPoint.await(120, TimeUnit.SECONDS)).as("round %d: the child stalled", round).isTrue();
      child.destroyForcibly(); // SIGKILL on POSIX
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join();
      List<String> acks;
      synchronized (lines) {
        acks = new ArrayList<>(lines);
      }
      assertThat(acks).as("round %d: the child never opened the home", round).contains("READY");
      int acksThisRound = 0;
      for (String line : acks) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "E" -> {
            acknowledged.computeIfAbsent(f[1], k -> new HashSet<>()).add(Long.parseLong(f[2]));
            acksThisRound++;
          }
          case "f" -> maybeErased.add(f[1]);
          case "F" -> {
            erased.add(f[1]);
            acksThisRound++;
          }
          case "C" -> {
            charges = Math.max(charges, Integer.parseInt(f[1]));
            acksThisRound++;
          }
          default -> { }
        }
      }
      killedAfterAcks += acksThisRound > 0 ? 1 : 0;
      try (RecommenderHome home = RecommenderHome.open(dir, HomeCrashChild.options())) {
        for (Map.Entry<String, Set<Long>> e : acknowledged.entrySet()) {
          String customer = e.getKey();
          if (erased.contains(customer) || maybeErased.contains(customer)) {
            continue;
          }
          String export = home.export(customer);
          for (long t : e.getValue()) {
            assertThat(export).as("round %d: an acknowledged event was lost", round)
                .contains("\"time\":\"" + Instant.ofEpochSecond(t) + "\"");
          }
        }
        for (String customer : erased) {
          assertThat(home.record(customer, "sku-1", EventKind.VIEW, Instant.ofEpochSecond(1_600_000_000L))
              .refusedErased()).as("round %d: an acknowledged erasure was lost", round).isEqualTo(1);
          assertThat(home.export(customer)).doesNotContain("\"item\"");
        }
        assertThat(home.budget().charges()).as("round %d: an acknowledged charge was lost", round)
            .isGreaterThanOrEqualTo(charges);
        if (home.model().isPresent()) {
          assertThat(home.recommendForSession(List.of("sku-1"), 5)).isNotNull();
        }
      }
    }
    assertThat(killedAfterAcks).as("rounds killed while working").isGreaterThanOrEqualTo(ROUNDS / 2);
  }

  @Test
  void aSecondProcessCannotOpenAHomeInUse() throws Exception {
    Path dir = tmp.resolve("shop");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", io.privrec.core.internal.storage.ChildJvm.classPath(), HomeCrashChild.class.getName(), dir.toString(), "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(r.readLine()).isEqualTo("READY");
      assertThatThrownBy(() -> RecommenderHome.open(dir, HomeCrashChild.options()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another process");
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    RecommenderHome.open(dir, HomeCrashChild.options()).close(); // the kernel released the dead process's lock
  }
}
