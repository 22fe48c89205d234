package io.privrec.core.internal.home;

import io.privrec.core.internal.storage.FramedLog;
import io.privrec.dp.budget.CumulativeSpend;
import io.privrec.dp.budget.LedgerEntry;
import io.privrec.dp.budget.PrivacyAccountant;
import io.privrec.dp.budget.PrivacyBudget;
import io.privrec.dp.budget.PrivacyCost;
import io.privrec.dp.budget.SpentBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A home's durable privacy ledger ({@value #FILE}): the budget, then every charge, each forced to
 * disk before the accountant grants it (so before anything it pays for is computed or released).
 *
 * <p>The first record fixes the budget: total (ε, δ) per period and the period (none: one period
 * for the life of the home), starting at the first charge's day. Reopening restores the current
 * period's accountant exactly from its entries; a ledger whose budget differs from the one the
 * caller configures, whose records fail their checksums, or whose entries spend more than the
 * total is refused.
 *
 * <p>Thread-safe through the accountant's lock (the journal is only called under it).
 */
public final class Ledger implements Closeable {
  static final String FILE = "ledger.log";
  private static final int MAGIC = 0x50524c47; // "PRLG"
  private static final byte BUDGET = 1;
  private static final byte CHARGE = 2;

  private final FramedLog log;
  private final Clock clock;
  private PrivacyBudget total; // null until a budget is set
  private Period period; // null: one period for the life of the home
  private Instant start;
  /** Entries per period index, in order. */
  private final TreeMap<Long, List<LedgerEntry>> periods = new TreeMap<>();
  private PrivacyAccountant accountant;
  private long accountantPeriod = -1;

  private Ledger(FramedLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * Opens (creating) the ledger in {@code directory}.
   *
   * @throws IllegalStateException if the file is corrupt (naming file and offset) or malformed
   */
  public static Ledger open(Path directory, Clock clock) throws IOException {
    List<byte[]> records = new ArrayList<>();
    FramedLog log = FramedLog.open(directory.resolve(FILE), MAGIC, "privacy ledger", (payload, offset) -> records.add(payload));
    Ledger ledger = new Ledger(log, clock);
    try {
      for (byte[] r : records) {
        ledger.replay(r);
      }
    } catch (IOException | RuntimeException e) {
      log.close();
      throw new IllegalStateException("privacy ledger " + directory.resolve(FILE) + " is malformed: " + e.getMessage(), e);
    }
    return ledger;
  }

  private void replay(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    byte tag = in.readByte();
    if (tag == BUDGET) {
      if (total != null) {
        throw new IOException("a second budget record");
      }
      total = PrivacyBudget.of(in.readDouble(), in.readDouble());
      String p = in.readUTF();
      period = p.isEmpty() ? null : Period.parse(p);
      start = Instant.ofEpochSecond(in.readLong());
    } else if (tag == CHARGE) {
      if (total == null) {
        throw new IOException("a charge before the budget record");
      }
      long periodIndex = in.readLong();
      int n = in.readInt();
      List<LedgerEntry> list = periods.computeIfAbsent(periodIndex, k -> new ArrayList<>());
      for (int j = 0; j < n; j++) {
        list.add(readEntry(in));
      }
    } else {
      throw new IOException("unknown record tag " + tag);
    }
  }

  /** The budget fixed by this ledger, if one was set. */
  public Optional<PrivacyBudget> total() {
    return Optional.ofNullable(total);
  }

  /** The budget period, if budgets are per period. */
  public Optional<Period> period() {
    return Optional.ofNullable(period);
  }

  /**
   * Fixes the budget on first use, or checks that {@code requested} is the budget already fixed.
   *
   * @throws IllegalStateException if a different budget or period is already fixed
   */
  public synchronized void requireBudget(PrivacyBudget requested, Period requestedPeriod) throws IOException {
    if (total != null) {
      if (!total.equals(requested) || !java.util.Objects.equals(period, requestedPeriod)) {
        throw new IllegalStateException("the home's privacy budget is fixed at " + describe(total, period)
            + "; refusing a request for " + describe(requested, requestedPeriod)
            + " (a budget never resets or grows silently)");
      }
      return;
    }
    Instant now = clock.instant();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(BUDGET);
    out.writeDouble(requested.epsilon());
    out.writeDouble(requested.delta());
    out.writeUTF(requestedPeriod == null ? "" : requestedPeriod.toString());
    out.writeLong(now.getEpochSecond());
    out.flush();
    log.append(bytes.toByteArray());
    total = requested;
    period = requestedPeriod;
    start = Instant.ofEpochSecond(now.getEpochSecond());
  }

  private static String describe(PrivacyBudget b, Period p) {
    return "(ε=" + b.epsilon() + ", δ=" + b.delta() + ")" + (p == null ? " for the life of the home" : " per " + p);
  }

  /**
   * The accountant of the current period, restored from its durable entries; every charge it
   * grants is forced to this ledger first.
   *
   * @throws IllegalStateException if no budget is fixed, or the stored entries spend more than
   *     the total
   */
  public synchronized PrivacyAccountant accountant() {
    if (total == null) {
      throw new IllegalStateException("no privacy budget is set for this home");
    }
    long current = periodIndex(clock.instant());
    if (accountant == null || accountantPeriod != current) {
      long index = current;
      List<LedgerEntry> entries = periods.getOrDefault(index, List.of());
      try {
        accountant = PrivacyAccountant.restore(total, clock, entries, granted -> journal(index, granted));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("privacy ledger " + log.path() + " does not match its budget: " + e.getMessage(), e);
      }
      accountantPeriod = current;
    }
    return accountant;
  }

  private void journal(long periodIndex, List<LedgerEntry> granted) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(CHARGE);
      out.writeLong(periodIndex);
      out.writeInt(granted.size());
      for (LedgerEntry e : granted) {
        writeEntry(out, e);
      }
      out.flush();
      log.append(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record a privacy charge in " + log.path() + " (nothing was charged or"
          + " released): " + e.getMessage(), e);
    }
    periods.computeIfAbsent(periodIndex, k -> new ArrayList<>()).addAll(granted);
  }

  private long periodIndex(Instant now) {
    if (period == null || start == null) {
      return 0;
    }
    java.time.ZonedDateTime from = start.atZone(ZoneOffset.UTC);
    long k = 0;
    while (!from.plus(period.multipliedBy((int) Math.min(Integer.MAX_VALUE, k + 1))).toInstant().isAfter(now)) {
      k++;
    }
    return k;
  }

  /** Spent (ε, δ) per period, oldest first, each composed as its accountant composes it. */
  public synchronized Map<Long, SpentBudget> spentPerPeriod() {
    Map<Long, SpentBudget> result = new LinkedHashMap<>();
    if (total == null) {
      return result;
    }
    for (Map.Entry<Long, List<LedgerEntry>> e : periods.entrySet()) {
      result.put(e.getKey(), PrivacyAccountant.restore(total, clock, e.getValue(), g -> { }).spent());
    }
    return result;
  }

  /** The cumulative spend over all periods (basic composition across periods). */
  public synchronized CumulativeSpend cumulative() {
    return CumulativeSpend.basic(new ArrayList<>(spentPerPeriod().values()));
  }

  /** Every entry ever charged, oldest first. */
  public synchronized List<LedgerEntry> entries() {
    List<LedgerEntry> all = new ArrayList<>();
    periods.values().forEach(all::addAll);
    return all;
  }

  private static void writeEntry(DataOutputStream out, LedgerEntry e) throws IOException {
    out.writeLong(e.sequence());
    out.writeUTF(e.label());
    out.writeLong(e.timestamp().getEpochSecond());
    out.writeInt(e.timestamp().getNano());
    PrivacyCost c = e.cost();
    out.writeUTF(c.kind().name());
    out.writeUTF(c.mechanism());
    Map<String, Number> params = c.parameters();
    out.writeInt(params.size());
    for (Map.Entry<String, Number> p : params.entrySet()) {
      out.writeUTF(p.getKey());
      if (p.getValue() instanceof Integer i) {
        out.writeByte('I');
        out.writeInt(i);
      } else if (p.getValue() instanceof Long l) {
        out.writeByte('L');
        out.writeLong(l);
      } else {
        out.writeByte('D');
        out.writeDouble(p.getValue().doubleValue());
      }
    }
  }

  private static LedgerEntry readEntry(DataInputStream in) throws IOException {
    long sequence = in.readLong();
    String label = in.readUTF();
    Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
    PrivacyCost.Kind kind = PrivacyCost.Kind.valueOf(in.readUTF());
    String mechanism = in.readUTF();
    int n = in.readInt();
    if (n < 0 || n > 16) {
      throw new IOException("parameter count out of range: " + n);
    }
    Map<String, Number> params = new LinkedHashMap<>();
    for (int j = 0; j < n; j++) {
      String name = in.readUTF();
      byte type = in.readByte();
      params.put(name, switch (type) {
        case 'I' -> in.readInt();
        case 'L' -> in.readLong();
        case 'D' -> in.readDouble();
        default -> throw new IOException("unknown parameter type " + type);
      });
    }
    return new LedgerEntry(sequence, label, at, PrivacyCost.of(kind, mechanism, params));
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
