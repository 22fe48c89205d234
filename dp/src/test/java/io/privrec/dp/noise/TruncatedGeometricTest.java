package io.privrec.dp.noise;

import static io.privrec.dp.noise.ScriptedStreams.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.StatisticalTests;
import io.privrec.dp.testing.TestRandoms;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link TruncatedGeometric} and {@link RandomBits#truncatedGeometric}: the threshold table against
 * an independent {@link BigDecimal} reference, the locating rule and its bit consumption on
 * scripted streams (including windows equal to a threshold's floor, decided exactly), and the
 * distribution by chi-square with a twin showing that a wrong ratio fails.
 */
class TruncatedGeometricTest {

  private static final MathContext MC = new MathContext(100, RoundingMode.HALF_EVEN);
  private static final BigDecimal TWO_64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));

  /** {@code t_k = (e^(-k/B) - e^-1) / (1 - e^-1)} to 100 digits. */
  private static BigDecimal threshold(int k, int size) {
    BigDecimal e1 = ExpMinusTest.expMinus(BigInteger.ONE, BigInteger.ONE);
    BigDecimal a = ExpMinusTest.expMinus(BigInteger.valueOf(k), BigInteger.valueOf(size));
    return a.subtract(e1, MC).divide(BigDecimal.ONE.subtract(e1, MC), MC);
  }

  @Test
  void thresholds_areTheFloorsOfTheExactTailProbabilities() {
    for (int b = 1; b <= 6; b++) {
      TruncatedGeometric g = TruncatedGeometric.ofLogSize(b);
      long[] f = g.thresholds();
      assertThat(g.size()).isEqualTo(1 << b);
      for (int k = 1; k < g.size(); k++) {
        BigInteger exact = threshold(k, g.size()).multiply(TWO_64, MC)
            .setScale(0, RoundingMode.FLOOR).toBigInteger();
        assertThat(unsigned(f[k])).as("B=%d k=%d", g.size(), k).isEqualTo(exact);
        if (k > 1) {
          // At most one threshold per top-byte range.
          assertThat(f[k] >>> 56).isLessThan(f[k - 1] >>> 56);
        }
      }
    }
  }

  /** The j that U determines, for U = (w + rest) 2^-64 with rest in (0, 1) not given: or -1. */
  private static int referenceJ(long w, long[] f) {
    int j = 0;
    for (int k = 1; k < f.length; k++) {
      if (Long.compareUnsigned(w, f[k]) < 0) {
        j = k;
      } else if (w == f[k]) {
        return -1;
      }
    }
    return j;
  }

  @Test
  void truncatedGeometric_locatesByTheThresholdsAndConsumesTheDecidingBits() {
    RandomSource random = TestRandoms.seeded("truncated_geometric_locate");
    for (int trial = 0; trial < 20_000; trial++) {
      TruncatedGeometric g = TruncatedGeometric.ofLogSize(1 + random.nextInt(6));
      long[] f = g.thresholds();
      int offset = random.nextInt(64);
      long w = random.nextLong();
      if (random.nextInt(2) == 0) {
        // Next to a threshold: the decision needs many bits.
        w = f[1 + random.nextInt(g.size() - 1)] + random.nextInt(5) - 2;
      }
      long[] words = {random.nextLong(), random.nextLong(), random.nextLong()};
      ScriptedStreams.place(words, offset, w);
      int j = referenceJ(w, f);
      if (j < 0) {
        continue;
      }
      RandomBits bits = new RandomBits(ScriptedStreams.of(words));
      if (offset > 0) {
        bits.nextBits(offset);
      }
      assertThat(bits.truncatedGeometric(g)).as("trial %d", trial).isEqualTo(j);
      int n = 0;
      if (j >= 1) {
        n = Long.numberOfLeadingZeros(w ^ f[j]) + 1;
      }
      if (j + 1 < g.size()) {
        n = Math.max(n, Long.numberOfLeadingZeros(w ^ f[j + 1]) + 1);
      }
      // The stream continues right after the n deciding bits.
      assertThat(bits.nextBits(63)).as("trial %d", trial)
          .isEqualTo(ScriptedStreams.bits(words, offset + n, 63).longValue());
    }
  }

  @Test
  void truncatedGeometric_windowOnAThreshold_decidedByTheExactThreshold() {
    // W = F_k exactly: the first 64 bits leave U < t_k open; the result must be k iff the U the
    // stream spells (first 192 bits) lies below t_k.
    RandomSource random = TestRandoms.seeded("truncated_geometric_exact");
    int below = 0;
    for (int trial = 0; trial < 300; trial++) {
      TruncatedGeometric g = TruncatedGeometric.ofLogSize(1 + random.nextInt(6));
      int k = 1 + random.nextInt(g.size() - 1);
      long[] words = {g.thresholds()[k], random.nextLong(), random.nextLong(), random.nextLong(),
          random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
      int j = new RandomBits(ScriptedStreams.of(words)).truncatedGeometric(g);
      BigDecimal u = new BigDecimal(ScriptedStreams.bits(words, 0, 192))
          .divide(new BigDecimal(BigInteger.ONE.shiftLeft(192)), MC);
      boolean uBelow = u.compareTo(threshold(k, g.size())) < 0;
      assertThat(j).as("B=%d k=%d", g.size(), k).isEqualTo(uBelow ? k : k - 1);
      below += uBelow ? 1 : 0;
    }
    assertThat(below).isBetween(50, 250);
  }

  /** Chi-square p-value of draws of {@code draw} against {@code P(j) ∝ rho^j} on [0, B). */
  private static double chiSquarePValue(int size, IntUnaryOperator draw, int n) {
    long[] observed = new long[size];
    for (int i = 0; i < n; i++) {
      observed[draw.applyAsInt(i)]++;
    }
    double rho = Math.exp(-1.0 / size);
    double norm = (1 - Math.pow(rho, size)) / (1 - rho);
    double[] expected = new double[size];
    for (int j = 0; j < size; j++) {
      expected[j] = n * Math.pow(rho, j) / norm;
    }
    return StatisticalTests.pearsonPValue(observed, expected, 0, size - 1);
  }

  @Tag("statistical")
  @Test
  void truncatedGeometric_passesChiSquareForEverySize() {
    // Six tests at 1e-6 / 6 each: false-failure rate <= 1e-6. Expected counts >= 200000 * 0.0058.
    RandomBits bits = new RandomBits(TestRandoms.seeded("truncated_geometric_chi2"));
    for (int b = 1; b <= 6; b++) {
      TruncatedGeometric g = TruncatedGeometric.ofLogSize(b);
      assertThat(chiSquarePValue(g.size(), i -> bits.truncatedGeometric(g), 200_000))
          .as("B=%d", g.size()).isGreaterThan(StatisticalTests.SIGNIFICANCE / 6);
    }
  }

  @Tag("statistical")
  @Test
  void chiSquare_ratioOfTheNextSize_rejected() {
    // Twin: draws of the B = 64 table folded onto [0, 32) (j mod 32, ratio e^(-1/64) instead of
    // e^(-1/32)) tested against the B = 32 law must fail: P(j) differs by up to ~40%, so the
    // statistic is in the thousands, against a 1e-6 critical value of ~75.
    RandomBits bits = new RandomBits(TestRandoms.seeded("truncated_geometric_wrong"));
    TruncatedGeometric wrong = TruncatedGeometric.ofLogSize(6);
    assertThat(chiSquarePValue(32, i -> bits.truncatedGeometric(wrong) % 32, 200_000))
        .isLessThan(StatisticalTests.SIGNIFICANCE);
  }
}
