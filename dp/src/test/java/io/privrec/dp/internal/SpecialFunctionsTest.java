package io.privrec.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecialFunctionsTest {

  /**
   * Checks {@code erfc(x)} against the exact value {@code reference} (to 20+ digits): relative error
   * at most {@link SpecialFunctions#ERFC_MAX_RELATIVE_ERROR}, plus one subnormal unit for subnormal
   * results; below {@code |x| = 2}, where the documented method rounds once from double-double,
   * also correctly rounded (error at most half an ulp, with a slack of 1e-3 ulp).
   */
  private static void assertMatchesReference(double x, BigDecimal reference) {
    double actual = SpecialFunctions.erfc(x);
    BigDecimal error = new BigDecimal(actual).subtract(reference).abs();
    BigDecimal allowed = reference.multiply(new BigDecimal(SpecialFunctions.ERFC_MAX_RELATIVE_ERROR));
    if (reference.compareTo(new BigDecimal(Double.MIN_NORMAL)) < 0) {
      allowed = allowed.add(new BigDecimal(Double.MIN_VALUE));
    }
    assertThat(error).as("|erfc(%s) - %s|, erfc computed as %s", x, reference, actual)
        .isLessThanOrEqualTo(allowed);
    if (Math.abs(x) < SpecialFunctions.SERIES_LIMIT) {
      assertThat(error).as("erfc(%s) correctly rounded, computed %s, exact %s", x, actual, reference)
          .isLessThanOrEqualTo(new BigDecimal(0.501 * Math.ulp(actual)));
    }
  }

  // Second column: erfc of the double in the first, at 50 digits rounded to 25 significant
  // digits, by mpmath 1.3, printed from the first column (one value per line on standard input):
  //   python3 -c 'import mpmath, sys; mpmath.mp.dps = 50; [print(f"{x.strip()}, {mpmath.nstr(
  //     mpmath.erfc(float(x)), 25, min_fixed=1, max_fixed=0)}") for x in sys.stdin]'
  // Points: both sides of the method switches (|x| = 2, x² = 700) and of the classic ones (0.5,
  // √1.5), tiny arguments, the last normal results (x < 26.543) and subnormal ones up to 27.22.
  @ParameterizedTest
  @CsvSource({
      "-6.0, 1.999999999999999978480263",
      "-5.87, 1.999999999999999897137473",
      "-5.5, 1.999999999999992642152082",
      "-5.0, 1.999999999998462540205572",
      "-4.0, 1.999999984582742099719981",
      "-3.0, 1.999977909503001414558627",
      "-2.5, 1.999593047982555041060436",
      "-2.0000000000000004, 1.995322265018952743340054",
      "-2.0, 1.995322265018952734162069",
      "-1.9999999999999998, 1.995322265018952729573077",
      "-1.5, 1.966105146475310727066976",
      "-1.224744871391589, 1.916735483336449570844863",
      "-1.0, 1.842700792949714869341221",
      "-0.75, 1.711155633653515131598938",
      "-0.5000000000000001, 1.520499877813046635247212",
      "-0.5, 1.520499877813046537682747",
      "-0.49999999999999994, 1.520499877813046488900514",
      "-0.25, 1.276326390168236932985068",
      "-0.1, 1.112462916018284898404712",
      "-0.001, 1.001128378790969236403438",
      "-1e-08, 1.000000011283791670955126",
      "-1e-20, 1.000000000000000000011284",
      "-5e-324, 1.0",
      "0.0, 1.0",
      "5e-324, 1.0",
      "1e-300, 1.0",
      "1e-20, 9.999999999999999999887162e-1",
      "1e-08, 9.999999887162083290448744e-1",
      "0.001, 9.988716212090307635965624e-1",
      "0.1, 8.875370839817151015952877e-1",
      "0.25, 7.236736098317630670149317e-1",
      "0.49999999999999994, 4.79500122186953511099486e-1",
      "0.5, 4.795001221869534623172533e-1",
      "0.5000000000000001, 4.795001221869533647527881e-1",
      "0.6, 3.961439091520740949176932e-1",
      "0.75, 2.888443663464848684010622e-1",
      "0.9, 2.030917875771678603353338e-1",
      "1.0, 1.572992070502851306587794e-1",
      "1.1, 1.197949304259182703427405e-1",
      "1.2247448713915887, 8.326451666355048506051113e-2",
      "1.224744871391589, 8.326451666355042915513652e-2",
      "1.2247448713915892, 8.326451666355037324976191e-2",
      "1.3, 6.599205505934755414981464e-2",
      "1.5, 3.389485352468927293302374e-2",
      "1.75, 1.33283287808175562277889e-2",
      "1.9999999999999998, 4.677734981047270426923342e-3",
      "2.0, 4.677734981047265837930744e-3",
      "2.0000000000000004, 4.677734981047256659945548e-3",
      "2.5, 4.069520174449589395642157e-4",
      "3.0, 2.209049699858544137277613e-5",
      "3.141592653589793, 8.876146367641612415830126e-6",
      "3.5, 7.430983723414127455236838e-7",
      "4.0, 1.541725790028001885215967e-8",
      "4.5, 1.96616044154288747627916e-10",
      "5.0, 1.537459794428034850188343e-12",
      "6.0, 2.151973671249891311659335e-17",
      "7.0, 4.18382560777941439861401e-23",
      "8.0, 1.122429717298292707996789e-29",
      "9.0, 4.137031746513810238053903e-37",
      "10.0, 2.088487583762544757000786e-45",
      "12.0, 1.356261169205904212780306e-64",
      "15.0, 7.212994172451206666565067e-100",
      "17.5, 3.198863812343480988193469e-135",
      "20.0, 5.395865611607900928934999e-176",
      "22.0, 1.621905860933472513052035e-212",
      "24.0, 1.648982583151933514218512e-252",
      "25.0, 8.300172571196522752044013e-274",
      "26.0, 5.663192408856142846475728e-296",
      "26.4, 4.401776858803542720448333e-305",
      "26.457513110645902, 2.101014516264670565308189e-306",
      "26.457513110645905, 2.10101451626427530979609e-306",
      "26.45751311064591, 2.101014516263880054283991e-306",
      "26.5, 2.210907664263734275929239e-307",
      "26.54, 2.645558174468510575182807e-308",
      "26.55, 1.555202694113550649772974e-308",
      "26.6, 1.088512588544226533171756e-309",
      "26.8, 2.484962157250835578302751e-314",
      "27.0, 5.237048923789255685016068e-319",
      "27.2, 1.018904914270315539514234e-323",
      "27.22, 3.428694222673063753546167e-324"
  })
  void erfc_matchesMpmathTable(double x, String reference) {
    assertMatchesReference(x, new BigDecimal(reference));
  }

  /** 2,000 random points (half of them in [−2.5, 3.5]); the file's header gives the command. */
  @Test
  void erfc_matchesMpmathOnRandomPoints() throws IOException {
    int checked = 0;
    try (InputStream in = SpecialFunctionsTest.class.getResourceAsStream("erfc-reference.csv");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split(",");
        assertMatchesReference(Double.parseDouble(fields[0]), new BigDecimal(fields[1]));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(2000);
  }

  /**
   * Commons Math 3.6.1 documents its erfc as {@code Q(½, x²)} by series or continued fraction to a
   * relative convergence tolerance of 1e-15, with the factor {@code e^{−x² + ½ ln x² − ln Γ(½)}}
   * formed from the rounded {@code x²}: the exponent's rounding adds a relative error growing like
   * {@code x²·2⁻⁵³} (1.6e-13 at x = 26.5). The tolerance is that, with a margin, plus a few units
   * for subnormal results; erfc must also not increase along the grid.
   */
  @Test
  void erfc_agreesWithCommonsMathOnDenseGrid() {
    int points = 100_000;
    double from = -6;
    double to = 27.3;
    double worst = 0;
    double worstX = Double.NaN;
    double previous = 2;
    double increasedAt = Double.NaN;
    for (int i = 0; i < points; i++) {
      double x = from + (to - from) * i / (points - 1);
      double actual = SpecialFunctions.erfc(x);
      double reference = Erf.erfc(x);
      double tolerance = (1e-14 + 4 * x * x * 0x1p-53) * reference + 4 * Double.MIN_VALUE;
      double ratio = Math.abs(actual - reference) / tolerance;
      if (ratio > worst) {
        worst = ratio;
        worstX = x;
      }
      if (actual > previous && Double.isNaN(increasedAt)) {
        increasedAt = x;
      }
      previous = actual;
    }
    assertThat(worst).as("largest difference / tolerance, at x = %s", worstX).isLessThanOrEqualTo(1);
    assertThat(increasedAt).as("first x where erfc increased").isNaN();
  }

  @Test
  void erfc_specialValues() {
    assertThat(SpecialFunctions.erfc(Double.NaN)).isNaN();
    assertThat(SpecialFunctions.erfc(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
    assertThat(SpecialFunctions.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2.0);
    assertThat(SpecialFunctions.erfc(Double.MAX_VALUE)).isEqualTo(0.0);
    assertThat(SpecialFunctions.erfc(-Double.MAX_VALUE)).isEqualTo(2.0);
    assertThat(SpecialFunctions.erfc(0.0)).isEqualTo(1.0);
    assertThat(SpecialFunctions.erfc(-0.0)).isEqualTo(1.0);
    assertThat(SpecialFunctions.erfc(Double.MIN_VALUE)).isEqualTo(1.0);
    assertThat(SpecialFunctions.erfc(-Double.MIN_VALUE)).isEqualTo(1.0);
    // erfc(−5.87) = 2 − 1.03e-16 rounds to 2; erfc(27.23) < 2⁻¹⁰⁷⁵ rounds to 0.
    assertThat(SpecialFunctions.erfc(-5.87)).isEqualTo(2.0);
    assertThat(SpecialFunctions.erfc(-5.86)).isLessThan(2.0);
    assertThat(SpecialFunctions.erfc(27.23)).isEqualTo(0.0);
    assertThat(SpecialFunctions.erfc(27.22)).isEqualTo(Double.MIN_VALUE);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-300, 0.1, 0.5, 1, 1.9999999999999998, 2, 3, 5.5, 10})
  void erfc_reflection(double x) {
    assertThat(SpecialFunctions.erfc(-x))
        .isCloseTo(2 - SpecialFunctions.erfc(x), org.assertj.core.api.Assertions.within(Math.ulp(2.0)));
  }

  /**
   * The fixed depth of the continued fraction truncates below rounding: four times the depth
   * gives the same double on a fine grid over its whole domain (z = x² in [4, 745]).
   */
  @Test
  void continuedFraction_depthSuffices() {
    for (double z = 4; z < 746; z *= 1.0002) {
      int depth = SpecialFunctions.depth(z);
      assertThat(SpecialFunctions.continuedFraction(z, depth)).as("K(z = %s)", z)
          .isEqualTo(SpecialFunctions.continuedFraction(z, 4 * depth));
    }
  }
}
