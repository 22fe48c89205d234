package io.privrec.core.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.cf.dp.DpItemKnn;
import org.junit.jupiter.api.Test;

class ItemKnnOptionsTest {

  @Test
  void defaults_areItemKnnDefaults() {
    ItemKnnOptions d = ItemKnnOptions.defaults();
    assertThat(d.neighbours()).isEqualTo(ItemKnn.DEFAULT_NEIGHBOURS);
    assertThat(d.shrink()).isEqualTo(ItemKnn.DEFAULT_SHRINK);
    assertThat(ItemKnn.create().options()).isEqualTo(d);
  }

  @Test
  void eachRule_rejectedWithParameterRuleAndValue() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ItemKnnOptions(0, 1))
        .withMessage("neighbours must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> new ItemKnnOptions(5, -1))
        .withMessage("shrink must be finite and >= 0. Provided value: -1.0");
    assertThatIllegalArgumentException().isThrownBy(() -> new ItemKnnOptions(5, Double.NaN))
        .withMessage("shrink must be finite and >= 0. Provided value: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ItemKnnOptions.defaults().withShrink(Double.POSITIVE_INFINITY))
        .withMessage("shrink must be finite and >= 0. Provided value: Infinity");
    assertThatIllegalArgumentException().isThrownBy(() -> ItemKnnOptions.defaults().withNeighbours(-3))
        .withMessage("neighbours must be >= 1. Provided value: -3");
  }

  @Test
  void withers_copyOneComponent_andRecordsCompareByValue() {
    ItemKnnOptions o = ItemKnnOptions.defaults().withNeighbours(7).withShrink(2.5);
    assertThat(o).isEqualTo(new ItemKnnOptions(7, 2.5)).hasSameHashCodeAs(new ItemKnnOptions(7, 2.5));
    assertThat(o).isNotEqualTo(new ItemKnnOptions(7, 2.0)).isNotEqualTo(new ItemKnnOptions(8, 2.5));
    assertThat(ItemKnnOptions.defaults().withShrink(0)).isNotEqualTo(ItemKnnOptions.defaults().withShrink(-0.0));
  }

  @Test
  void modelAndPrivateTwin_readTheSameRecord() {
    ItemKnnOptions o = new ItemKnnOptions(12, 3);
    ItemKnn knn = ItemKnn.builder().options(o).build();
    DpItemKnn dp = DpItemKnn.builder().options(o).build();
    assertThat(knn.options()).isEqualTo(o).isEqualTo(dp.options());
    assertThat(knn.parameters()).containsEntry("neighbours", "12").containsEntry("shrink", "3.0");
    assertThat(dp.parameters()).containsEntry("neighbours", "12").containsEntry("shrink", "3.0");
    // The setters replace one component; a failed one leaves the builder unchanged.
    ItemKnn.Builder b = ItemKnn.builder().options(o);
    assertThatIllegalArgumentException().isThrownBy(() -> b.neighbours(0));
    assertThat(b.shrink(4).build().options()).isEqualTo(new ItemKnnOptions(12, 4));
    // The twin keeps its own defaults.
    assertThat(DpItemKnn.builder().build().options())
        .isEqualTo(new ItemKnnOptions(DpItemKnn.DEFAULT_NEIGHBOURS, DpItemKnn.DEFAULT_SHRINK));
  }
}
