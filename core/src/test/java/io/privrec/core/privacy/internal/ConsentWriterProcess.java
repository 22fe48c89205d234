package io.privrec.core.privacy.internal;

import io.privrec.core.privacy.ConsentEvent;
import io.privrec.core.privacy.ConsentRegister;
import io.privrec.core.privacy.ConsentStatus;
import io.privrec.core.privacy.PrivacyTesting;
import io.privrec.core.privacy.Purpose;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for the crash test: records changes following {@link #planned(long)} forever and
 * prints the sequence number of each acknowledged change, one per line, until it is killed.
 *
 * <p>Arguments: the register directory and the automatic compaction interval.
 */
public final class ConsentWriterProcess {
  private ConsentWriterProcess() {}

  /** The change with sequence {@code sequence} that the writer records (fresh directory). */
  static ConsentEvent planned(long sequence) {
    Purpose purpose = Purpose.values()[(int) (sequence % Purpose.values().length)];
    ConsentStatus status = sequence % 2 == 0 ? ConsentStatus.GRANTED : ConsentStatus.WITHDRAWN;
    return new ConsentEvent(sequence, "customer-" + (sequence % 37), purpose, status, PrivacyTesting.NOW,
        "writer-" + sequence);
  }

  /**
   * Runs the writer.
   *
   * @param args directory, compaction interval
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (ConsentRegister register = ConsentRegister.builder().pseudonymizer(PrivacyTesting.pseudonymizer())
        .clock(PrivacyTesting.clock()).storage(Path.of(args[0])).compactAfter(Integer.parseInt(args[1])).build()) {
      for (long s = 1; ; s++) {
        ConsentEvent e = planned(s);
        ConsentEvent acked = register.record(e.customerId(), e.purpose(), e.status(), e.at(), e.source());
        out.println(acked.sequence());
        out.flush();
      }
    }
  }
}
