package io.privrec.dp.bounding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorClippingTest {

  @Test
  void clipL2_longVector_rescaledToMaxNormKeepingDirection() {
    double[] clipped = VectorClipping.clipL2(new double[] {3, 4}, 1);

    assertThat(clipped[0]).isCloseTo(0.6, within(1e-15));
    assertThat(clipped[1]).isCloseTo(0.8, within(1e-15));
  }

  @Test
  void clipL2_shortVector_unchangedAndNotAliased() {
    double[] v = {0.1, -0.2};

    double[] clipped = VectorClipping.clipL2(v, 1);

    assertThat(clipped).containsExactly(0.1, -0.2).isNotSameAs(v);
  }

  @Test
  void clipL2_randomAndExtremeVectors_neverExceedMaxNorm() {
    SplittableRandom random = new SplittableRandom(11);
    for (int t = 0; t < 2000; t++) {
      double[] v = new double[1 + random.nextInt(20)];
      double magnitude = Math.pow(10, random.nextInt(-300, 300));
      for (int i = 0; i < v.length; i++) {
        v[i] = (random.nextDouble() - 0.5) * magnitude;
      }
      double maxNorm = Math.pow(10, random.nextInt(-5, 5));
      assertThat(VectorClipping.l2Norm(VectorClipping.clipL2(v, maxNorm)))
          .isLessThanOrEqualTo(maxNorm);
    }
  }

  @Test
  void l2Norm_hugeAndTinyCoordinates_noOverflowOrUnderflow() {
    assertThat(VectorClipping.l2Norm(new double[] {3e300, 4e300})).isCloseTo(5e300, within(1e286));
    assertThat(VectorClipping.l2Norm(new double[] {3e-300, 4e-300}))
        .isCloseTo(5e-300, within(1e-314));
    assertThat(VectorClipping.l2Norm(new double[0])).isZero();
  }

  @Test
  void clipL2_zeroVector_unchanged() {
    assertThat(VectorClipping.clipL2(new double[] {0, 0}, 1)).containsExactly(0, 0);
  }

  @Test
  void clipL2_nonFiniteCoordinateOrBadNorm_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VectorClipping.clipL2(new double[] {1, Double.NaN}, 1))
        .withMessage("vector[1] must be finite. Provided value: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VectorClipping.clipL2(new double[] {1}, 0))
        .withMessageContaining("maxNorm");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VectorClipping.clipL2(new double[] {1}, Double.POSITIVE_INFINITY))
        .withMessageContaining("maxNorm");
  }

  @Test
  void clamp_clampsIntoBounds() {
    assertThat(VectorClipping.clamp(new double[] {-3, 0.5, 9}, -1, 1)).containsExactly(-1, 0.5, 1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VectorClipping.clamp(new double[] {Double.NEGATIVE_INFINITY}, -1, 1))
        .withMessageContaining("values[0]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VectorClipping.clamp(new double[] {0}, 1, -1))
        .withMessageContaining("lower must be < upper");
  }
}
