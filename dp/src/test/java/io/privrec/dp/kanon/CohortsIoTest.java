package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Cohorts#writeTo} and {@link Cohorts#readFrom}. */
class CohortsIoTest {

  private static final List<String> QIS = List.of("age", "height", "city", "segment", "since");
  private static final List<String> CITIES = CohortsLookupTest.CITIES.values();

  private static Table table(int n, SplittableRandom random) {
    Table.Builder b = Table.builder().column("age", ColumnType.INTEGER).column("height", ColumnType.DECIMAL)
        .column("city", ColumnType.STRING).column("segment", ColumnType.STRING).column("since", ColumnType.DATE);
    for (int i = 0; i < n; i++) {
      b.addRow(18 + random.nextInt(50), 150 + random.nextInt(40) + 0.25 * random.nextInt(4),
          CITIES.get(random.nextInt(CITIES.size())), "s" + random.nextInt(6),
          LocalDate.of(2019, 1, 1).plusDays(random.nextInt(900)));
    }
    return b.build();
  }

  static byte[] bytes(Cohorts c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      c.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Cohorts read(byte[] bytes) throws IOException {
    return Cohorts.readFrom(new ByteArrayInputStream(bytes));
  }

  /** A random, possibly partial, possibly odd record: unseen, out-of-range and unplaceable values. */
  private static Map<String, Object> randomRecord(SplittableRandom random) {
    Map<String, Object> m = new HashMap<>();
    for (String q : QIS) {
      int pick = random.nextInt(10);
      if (pick == 0) {
        continue;
      }
      Object v;
      switch (q) {
        case "age":
          v = pick == 1 ? "not a number" : pick == 2 ? 1000 : 10 + random.nextInt(70) + (pick == 3 ? 0.5 : 0);
          break;
        case "height":
          v = pick == 1 ? Double.NaN : 140 + random.nextDouble() * 60;
          break;
        case "city":
          v = pick == 1 ? "atlantis" : pick == 2 ? "france" : CITIES.get(random.nextInt(CITIES.size()));
          break;
        case "segment":
          v = pick <= 2 ? "unseen" + pick : "s" + random.nextInt(6);
          break;
        default:
          v = pick == 1 ? "2019-13-45" : LocalDate.of(2018, 6, 1).plusDays(random.nextInt(1500)).toString();
      }
      m.put(q, v);
    }
    return m;
  }

  private static Object lookup(Cohorts c, Map<String, Object> record) {
    try {
      return c.cohortOf(record);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  @Property(tries = 120)
  void roundTrip_answersEveryLookupAndDescriptionIdentically(@ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 1, max = 10) int k, @ForAll long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Cohorts c = Cohorts.fit(table(n, random), QIS, Map.of("city", CohortsLookupTest.CITIES), Math.min(k, n));
    byte[] written = bytes(c);
    Cohorts r = read(written);
    assertThat(r.quasiIdentifiers()).isEqualTo(c.quasiIdentifiers());
    assertThat(r.count()).isEqualTo(c.count());
    assertThat(r.toString()).isEqualTo(c.toString());
    for (int i = 0; i < c.count(); i++) {
      assertThat(r.describe(i)).isEqualTo(c.describe(i));
    }
    for (int i = 0; i < 200; i++) {
      Map<String, Object> record = randomRecord(random);
      assertThat(r.cohortsOf(record)).containsExactly(c.cohortsOf(record));
      assertThat(lookup(r, record)).isEqualTo(lookup(c, record));
      int[] some = random.ints(1 + random.nextInt(4), 0, c.count()).toArray();
      assertThat(r.describe(some)).isEqualTo(c.describe(some));
    }
    // Writing the restored instance gives the same bytes.
    assertThat(bytes(r)).isEqualTo(written);
  }

  @Test
  void restored_hasNoTrainingRowsOrSizes() throws IOException {
    Cohorts r = read(bytes(Cohorts.fit(table(60, new SplittableRandom(1)), QIS, 5)));
    for (Runnable call : List.<Runnable>of(() -> r.size(0), () -> r.members(0), () -> r.cohortOf(0))) {
      assertThatIllegalStateException().isThrownBy(call::run).withMessageContaining(
          "not available on cohorts read from a file: training rows and sizes are not kept");
    }
  }

  @Test
  void writtenForm_holdsNoSizesOrRowCounts() {
    // Same cuts and descriptions, different cohort sizes (2 + 2 versus 3 + 3): identical bytes.
    Table small = Table.builder().column("age", ColumnType.INTEGER).addRow(20).addRow(21).addRow(30).addRow(31).build();
    Table large = Table.builder().column("age", ColumnType.INTEGER).addRow(31).addRow(20).addRow(30).addRow(20)
        .addRow(21).addRow(31).build();
    Cohorts a = Cohorts.fit(small, List.of("age"), 2);
    Cohorts b = Cohorts.fit(large, List.of("age"), 2);
    assertThat(a.count()).isEqualTo(2);
    assertThat(b.size(0)).isEqualTo(3);
    assertThat(bytes(b)).isEqualTo(bytes(a));
  }

  @Test
  void writtenForm_holdsNoValueThatIsNeitherACutNorInADescription() {
    Table.Builder b = Table.builder().column("income", ColumnType.DECIMAL).column("segment", ColumnType.STRING);
    for (int i = 0; i < 40; i++) {
      b.addRow(i == 17 ? 1717.4242 : 1000 + 50 * i, "s" + (i % 3));
    }
    Cohorts c = Cohorts.fit(b.build(), List.of("income", "segment"), 10);
    for (int i = 0; i < c.count(); i++) {
      assertThat(c.describe(i).get("income")).doesNotContain("1717.4242");
    }
    byte[] written = bytes(c);
    assertThat(new String(written, StandardCharsets.ISO_8859_1)).doesNotContain("1717").doesNotContain("4242");
    byte[] bits = ByteBuffer.allocate(8).putDouble(1717.4242).array();
    assertThat(indexOf(written, bits)).isEqualTo(-1);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void truncatedOrDamagedInput_throwsIOException() {
    Cohorts c = Cohorts.fit(table(80, new SplittableRandom(3)), QIS, Map.of("city", CohortsLookupTest.CITIES), 4);
    byte[] written = bytes(c);
    for (int length = 0; length < written.length; length++) {
      byte[] cut = Arrays.copyOf(written, length);
      assertThatThrownBy(() -> read(cut)).isInstanceOf(IOException.class)
          .hasMessageContaining(length < 8 ? "truncated" : "");
    }
    for (int i = 0; i < written.length; i++) {
      for (int flip : new int[] {0x01, 0x80, 0xff}) {
        byte[] damaged = written.clone();
        damaged[i] ^= (byte) flip;
        assertThatThrownBy(() -> read(damaged)).as("byte %d ^ %d", i, flip).isInstanceOf(IOException.class)
            .hasMessageContaining("cohorts data");
      }
    }
  }

  @Test
  void wrongHeaderOrVersion_isNamed() {
    byte[] written = bytes(Cohorts.fit(table(20, new SplittableRandom(4)), QIS, 5));
    byte[] other = written.clone();
    other[0] = 'X';
    assertThatThrownBy(() -> read(other)).isInstanceOf(IOException.class).hasMessageContaining("magic header")
        .hasMessageContaining("not cohorts data");
    byte[] newer = written.clone();
    newer[11] = 2;
    assertThatThrownBy(() -> read(newer)).isInstanceOf(IOException.class)
        .hasMessageContaining("unsupported version 2");
  }

  @Test
  void readFrom_stopsAtTheEndOfTheCohorts() throws IOException {
    Cohorts c = Cohorts.fit(table(30, new SplittableRandom(5)), QIS, 3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.writeTo(out);
    new DataOutputStream(out).writeUTF("model follows");
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
    assertThat(Cohorts.readFrom(in).describe(0)).isEqualTo(c.describe(0));
    assertThat(in.readUTF()).isEqualTo("model follows");
  }
}
