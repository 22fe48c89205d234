package io.privrec.core.internal.storage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Child process for the storage tests, printing what happened as {@code key=value} lines.
 *
 * <ul>
 *   <li>{@code fill-log <file>}: under a file size limit, appends 1000-byte records until a write
 *       fails, then one batch that fits and one that does not.
 *   <li>{@code write-atomically <file>}: under a file size limit, replaces the file with more bytes
 *       than the limit allows.
 *   <li>{@code hold-lock <dir>}: takes the directory's lock, prints {@code locked}, holds it until
 *       standard input ends, then releases it.
 *   <li>{@code try-lock <dir>}: tries to take the lock once and prints the outcome.
 * </ul>
 */
public final class StorageChildProcess {
  static final int MAGIC = 0x54455354; // "TEST"

  private StorageChildProcess() {}

  /**
   * Runs one scenario.
   *
   * @param args the scenario name and a path
   * @throws IOException on unexpected failures (the exit code is then non-zero)
   */
  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path path = Path.of(args[1]);
    switch (args[0]) {
      case "fill-log":
        fillLog(out, path);
        break;
      case "write-atomically":
        try {
          DurableFiles.writeAtomically(path, o -> o.write(new byte[1 << 20]));
          out.println("written");
        } catch (IOException e) {
          out.println("failure=" + e.getMessage());
        }
        break;
      case "hold-lock":
        try (DirectoryLock lock = DirectoryLock.acquire(path, "test directory")) {
          out.println("locked " + lock.file());
          while (System.in.read() >= 0) {
            // hold until the parent closes our input
          }
        }
        out.println("released");
        break;
      case "try-lock":
        try (DirectoryLock lock = DirectoryLock.acquire(path, "test directory")) {
          out.println("acquired " + lock.file());
        } catch (IllegalStateException e) {
          out.println("refused=" + e.getMessage());
        }
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + args[0]);
    }
  }

  private static void fillLog(PrintStream out, Path file) throws IOException {
    try (FramedLog log = FramedLog.open(file, MAGIC, "test log", (p, o) -> { })) {
      int appended = 0;
      while (true) {
        long before = log.size();
        try {
          log.append(payload(appended, 1000));
          appended++;
        } catch (IOException e) {
          out.println("append-failure=" + e.getMessage());
          out.println("size-before=" + before);
          break;
        }
      }
      report(out, "after-append", log, file);
      long room = (64 << 10) - log.size();
      // A batch that fits in the room left, then one that does not (its first record would).
      int small = (int) ((room - 100) / 3) - FramedLog.RECORD_HEADER;
      if (small > 0) {
        log.appendAll(List.of(payload(1001, small), payload(1002, small), payload(1003, small)));
        out.println("fitting-batch=ok");
      }
      report(out, "after-fitting-batch", log, file);
      try {
        log.appendAll(List.of(payload(2001, 10), payload(2002, 5000)));
        out.println("overflowing-batch=ok");
      } catch (IOException e) {
        out.println("batch-failure=" + e.getMessage());
      }
      report(out, "after-failed-batch", log, file);
    }
  }

  private static void report(PrintStream out, String when, FramedLog log, Path file) throws IOException {
    out.println(when + ".size=" + log.size());
    out.println(when + ".file-size=" + Files.size(file));
    out.println(when + ".records=" + log.records());
  }

  /** Deterministic payload number {@code n} of {@code length} bytes. */
  static byte[] payload(int n, int length) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) (n * 31 + 7));
    b[0] = (byte) n;
    b[length - 1] = (byte) (n >>> 8);
    return b;
  }
}
