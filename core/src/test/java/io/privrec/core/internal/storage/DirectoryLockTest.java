package io.privrec.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
  @TempDir
  Path tmp;

  private static String inUse(Path dir) {
    return "test directory " + dir + " is in use by another process (lock file " + dir.resolve("lock") + ")";
  }

  /** Runs a child JVM that tries to take the lock once; returns its one line of output. */
  private static String tryLockInChild(Path dir) throws IOException, InterruptedException {
    Process p = ChildJvm.start("try-lock", dir.toString());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = in.readLine();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return line;
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void acquire_createsPrivateLockFile_closeReleasesItForTheNextOwner() throws IOException {
    DirectoryLock lock = DirectoryLock.acquire(tmp, "test directory");
    assertThat(lock.isHeld()).isTrue();
    assertThat(lock.file()).isEqualTo(tmp.resolve("lock"));
    assertThat(lock.directory()).isEqualTo(tmp);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock.file()))).isEqualTo("rw-------");
    }
    lock.close();
    lock.close();
    assertThat(lock.isHeld()).isFalse();
    try (DirectoryLock again = DirectoryLock.acquire(tmp, "test directory")) {
      assertThat(again.isHeld()).isTrue();
    }
    assertThat(tmp.resolve("lock")).exists();
  }

  @Test
  @Timeout(120)
  void secondAcquire_inThisJvm_refused_andTheFirstStillKeepsOtherProcessesOut() throws Exception {
    try (DirectoryLock first = DirectoryLock.acquire(tmp, "test directory")) {
      assertThatIllegalStateException().isThrownBy(() -> DirectoryLock.acquire(tmp, "test directory"))
          .withMessageStartingWith(inUse(tmp))
          .withMessageContaining("this process");
      // Through another path to the same directory, too.
      Path other = tmp.resolve(".").resolve("..").resolve(tmp.getFileName());
      assertThatIllegalStateException().isThrownBy(() -> DirectoryLock.acquire(other, "test directory"))
          .withMessageContaining("is in use");
      // On POSIX, closing any descriptor of the lock file would release the process's lock: the
      // refused attempts must not have done that.
      assertThat(tryLockInChild(tmp)).isEqualTo("refused=" + inUse(tmp));
      assertThat(first.isHeld()).isTrue();
    }
    assertThat(tryLockInChild(tmp)).startsWith("acquired");
  }

  @Test
  @Timeout(120)
  void acquire_whileAnotherProcessHoldsTheLock_refusedUntilItReleases() throws Exception {
    Process holder = ChildJvm.start("hold-lock", tmp.toString());
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).startsWith("locked");

      assertThatIllegalStateException().isThrownBy(() -> DirectoryLock.acquire(tmp, "test directory"))
          .withMessage(inUse(tmp));

      holder.getOutputStream().close(); // the child releases the lock and exits
      assertThat(out.readLine()).isEqualTo("released");
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      holder.destroyForcibly();
    }
    try (DirectoryLock lock = DirectoryLock.acquire(tmp, "test directory")) {
      assertThat(lock.isHeld()).isTrue();
    }
  }

  @Test
  @Timeout(120)
  void killedHolder_releasesTheLock() throws Exception {
    Process holder = ChildJvm.start("hold-lock", tmp.toString());
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).startsWith("locked");
      holder.destroyForcibly();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    try (DirectoryLock lock = DirectoryLock.acquire(tmp, "test directory")) {
      assertThat(lock.isHeld()).isTrue();
    }
  }

  @Test
  void acquire_missingDirectoryOrBlankWhat_refused() {
    Path absent = tmp.resolve("absent");
    assertThatThrownBy(() -> DirectoryLock.acquire(absent, "test directory"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(absent + ": not an existing directory");
    assertThatThrownBy(() -> DirectoryLock.acquire(tmp, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("what must not be empty or blank. Provided length: 1");
  }
}
