package io.privrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privrec.core.data.EventKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home on a full disk and on a read-only file system: writes fail clearly and the home stays as
 * it was. Each case mounts a small tmpfs, which needs root (or a user allowed to mount); without
 * that the case is skipped with a message.
 */
class HomeStorageFailureTest {
  @TempDir
  Path tmp;

  private Path mounted;

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private Path mountTmpfs(String size) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("fs"));
    boolean ok;
    try {
      ok = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString());
    } catch (IOException noMount) {
      ok = false;
    }
    assumeTrue(ok, "skipped: mounting a small tmpfs (to fill a disk or make it read-only) needs root");
    mounted = dir;
    return dir;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      run("umount", "-l", mounted.toString());
    }
  }

  private static List<RecommenderHome.Event> batch(int round, int n) {
    List<RecommenderHome.Event> events = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      events.add(RecommenderHome.Event.of("customer-" + round + "-" + j, "sku-" + (j % 40), EventKind.PURCHASE,
          Instant.ofEpochSecond(1_600_000_000L + round * 1000L + j)));
    }
    return events;
  }

  @Test
  void aFullDiskFailsTheWriteClearlyAndLosesNothingAcknowledged() throws Exception {
    Path fs = mountTmpfs("1m");
    Path dir = fs.resolve("shop");
    long acknowledged = 0;
    try (RecommenderHome home = RecommenderHome.create(dir, HomeCrashChild.catalogue(), HomeCrashChild.options())) {
      UncheckedIOException failure = null;
      for (int round = 0; round < 10_000 && failure == null; round++) {
        try {
          acknowledged += home.recordAll(batch(round, 200)).stored();
        } catch (UncheckedIOException e) {
          failure = e;
        }
      }
      assertThat(failure).as("the 1 MiB file system never filled").isNotNull();
      assertThat(failure).hasMessageContaining("nothing of them was stored");
      assertThat(home.status().events()).isEqualTo(acknowledged);
    } catch (UncheckedIOException closing) {
      // closing may fail too on a full disk; what matters is the state on disk
    }
    try (RecommenderHome home = RecommenderHome.open(dir, HomeCrashChild.options())) {
      assertThat(home.status().events()).isEqualTo(acknowledged);
    }
  }

  @Test
  void aHomeOnAReadOnlyFileSystemFailsClearlyAndStaysAsItWas() throws Exception {
    Path fs = mountTmpfs("8m");
    Path dir = fs.resolve("shop");
    long stored;
    List<ScoredItem> before;
    try (RecommenderHome home = RecommenderHome.create(dir, HomeCrashChild.catalogue(), HomeCrashChild.options())) {
      stored = home.recordAll(batch(0, 100)).stored();
      home.refit("popularity", java.util.Map.of(), null);
      before = home.recommend("customer-0-2", 3);
    }
    // A file system cannot be remounted read-only while files are open for writing (EBUSY), so the
    // read-only case is a home whose file system became read-only while it was closed.
    assertThat(run("mount", "-o", "remount,ro", fs.toString())).isTrue();
    assertThatThrownBy(() -> RecommenderHome.open(dir, HomeCrashChild.options()))
        .hasMessageContaining(dir.toString()).hasMessageContaining("Read-only");
    assertThat(run("mount", "-o", "remount,rw", fs.toString())).isTrue();
    try (RecommenderHome home = RecommenderHome.open(dir, HomeCrashChild.options())) {
      assertThat(home.status().events()).isEqualTo(stored);
      assertThat(home.recommend("customer-0-2", 3)).isEqualTo(before);
    }
  }
}
