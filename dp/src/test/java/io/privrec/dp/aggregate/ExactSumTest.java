package io.privrec.dp.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.dp.random.RandomSource;
import io.privrec.dp.testing.TestRandoms;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExactSumTest {

  @Test
  void sum_manyMixedMagnitudes_equalsBigDecimalSumRounded() {
    RandomSource random = TestRandoms.seeded("exact_sum");
    ExactSum sum = new ExactSum();
    BigDecimal exact = BigDecimal.ZERO;
    // 5000 values (several carry intervals) spanning 2^-1074 .. 2^900, both signs.
    for (int i = 0; i < 5000; i++) {
      double value = Math.scalb((random.nextDouble() - 0.5), (int) random.nextLong(1975) - 1074);
      if (i % 97 == 0) {
        value = Double.MIN_VALUE * (i % 5);
      }
      sum.add(value);
      exact = exact.add(new BigDecimal(value));
    }

    assertThat(sum.sum()).isEqualTo(exact.doubleValue());
  }

  @Test
  void sum_cancellingLargeValues_keepsSmallOnesExactly() {
    ExactSum sum = new ExactSum();
    sum.add(1e300);
    sum.add(3.0e-300);
    sum.add(-1e300);

    assertThat(sum.sum()).isEqualTo(3.0e-300);
  }

  @Test
  void sum_empty_isZero() {
    assertThat(new ExactSum().sum()).isZero();
  }
}
