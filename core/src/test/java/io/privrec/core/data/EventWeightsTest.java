package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventWeightsTest {

  @Test
  void weightOf_defaults_returnDocumentedValues() {
    EventWeights w = EventWeights.DEFAULT;

    assertThat(w.weightOf(EventKind.VIEW, 0f)).isEqualTo(1f);
    assertThat(w.weightOf(EventKind.CART, 0f)).isEqualTo(2f);
    assertThat(w.weightOf(EventKind.PURCHASE, 0f)).isEqualTo(4f);
    assertThat(w.weightOf(EventKind.RETURN, 0f)).isEqualTo(-3f);
    assertThat(w.weightOf(EventKind.RATING, 4.5f)).isEqualTo(4.5f);
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY})
  void weightOf_badRating_throwsWithValue(float rating) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EventWeights.DEFAULT.weightOf(EventKind.RATING, rating))
        .withMessage("rating must be finite and > 0. Provided value: " + rating);
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, -1f, Float.NaN, Float.NEGATIVE_INFINITY})
  void constructor_nonPositiveView_throwsNamingComponent(float view) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new EventWeights(view, 2f, 4f, -3f))
        .withMessage("view must be finite and > 0. Provided value: " + view);
  }

  @ParameterizedTest
  @ValueSource(floats = {0.5f, Float.NaN, Float.NEGATIVE_INFINITY})
  void constructor_badReturnWeight_throwsNamingComponent(float returned) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new EventWeights(1f, 2f, 4f, returned))
        .withMessage("returned must be finite and <= 0. Provided value: " + returned);
  }

  @Test
  void constructor_zeroReturnWeight_accepted() {
    assertThat(new EventWeights(1f, 1f, 1f, 0f).weightOf(EventKind.RETURN, 0f)).isZero();
  }
}
