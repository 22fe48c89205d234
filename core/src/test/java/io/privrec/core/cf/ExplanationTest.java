package io.privrec.core.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.privrec.core.model.Explanation;
import org.junit.jupiter.api.Test;

class ExplanationTest {

  @Test
  void ofTop_keepsLargestPositiveContributionsInOrder() {
    Explanation e = Explanation.ofTop(9, 1.5f, new int[] {3, 1, 7, 5, 2},
        new float[] {0.2f, 0.9f, -0.4f, 0.2f, Float.NaN}, 3);
    // 1 (0.9) first; 3 and 5 tie at 0.2 → lower index first; 7 negative and 2 NaN never reasons.
    assertThat(e.reasons()).containsExactly(1, 3, 5);
    assertThat(e.contributions()).containsExactly(0.9f, 0.2f, 0.2f);
    assertThat(e.item()).isEqualTo(9);
    assertThat(e.score()).isEqualTo(1.5f);
  }

  @Test
  void ofTop_maxReasonsZero_empty() {
    assertThat(Explanation.ofTop(0, 0f, new int[] {1}, new float[] {1f}, 0).size()).isZero();
  }

  @Test
  void constructor_badOrder_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Explanation(0, 1f, new int[] {1, 2}, new float[] {0.1f, 0.5f}))
        .withMessageContaining("decreasing contribution");
  }

  @Test
  void constructor_badValues_rejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Explanation(-1, 1f, new int[0], new float[0]))
        .withMessageContaining("item");
    assertThatIllegalArgumentException().isThrownBy(() -> new Explanation(0, Float.NaN, new int[0], new float[0]))
        .withMessageContaining("score must be finite");
    assertThatIllegalArgumentException().isThrownBy(() -> new Explanation(0, 1f, new int[] {1}, new float[] {0f}))
        .withMessageContaining("contributions[0]");
    assertThatIllegalArgumentException().isThrownBy(() -> new Explanation(0, 1f, new int[] {1}, new float[0]))
        .withMessageContaining("equal lengths");
    assertThatIllegalArgumentException().isThrownBy(() -> Explanation.ofTop(0, 1f, new int[0], new float[0], -1))
        .withMessageContaining("maxReasons");
    assertThatIllegalArgumentException().isThrownBy(() -> new Explanation(0, 1f, new int[] {2, 2}, new float[] {2f, 1f}))
        .withMessageContaining("distinct");
  }

  @Test
  void arrays_copiedInAndOut() {
    int[] reasons = {4};
    Explanation e = new Explanation(1, 2f, reasons, new float[] {2f});
    reasons[0] = 5;
    e.reasons()[0] = 6;
    assertThat(e.reasons()).containsExactly(4);
    assertThat(e).isEqualTo(new Explanation(1, 2f, new int[] {4}, new float[] {2f}));
  }
}
