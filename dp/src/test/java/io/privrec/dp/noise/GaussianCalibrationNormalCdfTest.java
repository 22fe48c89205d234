package io.privrec.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.internal.SpecialFunctions;
import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The normal CDF behind the analytic calibration, and the error margin it is given. */
class GaussianCalibrationNormalCdfTest {

  /** Relative error that rounding −x/√2 can add: erfc at y magnifies it about (2y² + 1)-fold. */
  private static double argumentRounding(double x) {
    return (x * x + 1) * 0x1p-52;
  }

  @Test
  void erfcMargin_coversErfcBoundAndArgumentRoundingTwice() {
    // Where erfc(y) does not underflow, |y| < 27.3, i.e. |x| < 27.3·√2.
    double worstArgumentRounding = argumentRounding(27.3 * Math.sqrt(2));

    assertThat(GaussianCalibration.ERFC_RELATIVE_ERROR)
        .isGreaterThanOrEqualTo(2 * (SpecialFunctions.ERFC_MAX_RELATIVE_ERROR + worstArgumentRounding));
  }

  // Second column: Φ of the double in the first, at 50 digits rounded to 25 significant digits,
  // by mpmath 1.3, printed from the first column (one value per line on standard input):
  //   python3 -c 'import mpmath, sys; mpmath.mp.dps = 50; [print(f"{x.strip()}, {mpmath.nstr(
  //     mpmath.ncdf(float(x)), 25, min_fixed=1, max_fixed=0)}") for x in sys.stdin]'
  @ParameterizedTest
  @CsvSource({
      "-37.5, 4.605353009581954843827969e-308",
      "-35.0, 1.124910706472406243979243e-268",
      "-30.0, 4.906713927148187059533809e-198",
      "-25.0, 3.056696706382560916402749e-138",
      "-20.0, 2.753624118606233695075623e-89",
      "-12.345, 2.591712067896196985229191e-35",
      "-10.0, 7.619853024160526065973343e-24",
      "-5.0, 2.866515718791939116737523e-7",
      "-2.5, 6.209665325776135166978105e-3",
      "-1.0, 1.586552539314570514147675e-1",
      "-0.1, 4.601721627229710163310661e-1",
      "0.0, 5.0e-1",
      "0.3, 6.179114221889526330722736e-1",
      "1.0, 8.413447460685429485852325e-1",
      "2.0, 9.772498680518207927997174e-1",
      "3.7, 9.998922002665226117385187e-1",
      "8.0, 9.999999999999993779039426e-1",
      "8.2, 9.999999999999998798064846e-1"
  })
  void normalCdf_withinErfcBoundPlusArgumentRounding(double x, String reference) {
    BigDecimal exact = new BigDecimal(reference);
    double relativeError = new BigDecimal(GaussianCalibration.normalCdf(x)).subtract(exact).abs()
        .divide(exact, MathContext.DECIMAL64).doubleValue();

    assertThat(relativeError).as("relative error of Φ(%s)", x)
        .isLessThanOrEqualTo(SpecialFunctions.ERFC_MAX_RELATIVE_ERROR + argumentRounding(x))
        .isLessThanOrEqualTo(GaussianCalibration.ERFC_RELATIVE_ERROR);
  }
}
