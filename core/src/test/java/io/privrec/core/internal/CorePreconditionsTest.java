package io.privrec.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorePreconditionsTest {

  private static final String SECRET = "cust-4711";

  @Test
  void builders_formatNameRuleAndValue() {
    assertThat(CorePreconditions.fail("n", "must be even", 3)).hasMessage("n must be even. Provided value: 3");
    assertThat(CorePreconditions.fail("train and test", "must share the same user index, but their sizes differ"))
        .hasMessage("train and test must share the same user index, but their sizes differ");
    assertThat(CorePreconditions.failLength("secret", "must be at least 32 bytes long", 31))
        .hasMessage("secret must be at least 32 bytes long. Provided length: 31");
    assertThat(CorePreconditions.unknown("metric key", "ndcg@7", List.of("ndcg@5")))
        .hasMessage("unknown metric key 'ndcg@7'; expected one of [ndcg@5]");
  }

  @Test
  void unquotedBuilders_nameParameterAndRuleOnly() {
    assertThat(CorePreconditions.failUnquoted("itemId", "must be an item of the model"))
        .hasMessage("itemId must be an item of the model (the value is not quoted)");
    assertThat(CorePreconditions.unknownCustomer("customerIds[1]", "nothing is held about her"))
        .hasMessage("customerIds[1] is unknown: nothing is held about her (the value is not quoted)");
    assertThat(CorePreconditions.failRepeated("ids", 0, 2))
        .hasMessage("ids must be distinct, but ids[2] repeats ids[0] (the value is not quoted)");
  }

  @Test
  void checkArgument_formatsTheTemplateOnlyOnFailure() {
    CorePreconditions.checkArgument(true, "never %s", new Object() {
      @Override
      public String toString() {
        throw new AssertionError("formatted although the check passed");
      }
    });
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkArgument(false, "plain"))
        .withMessage("plain");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkArgument(false, "%s of %s (100%)", 3, 4.5))
        .withMessage("3 of 4.5 (100%)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkArgument(false, "too few %s", "placeholders", 7, null))
        .withMessage("too few placeholders [7, null]");
  }

  @Test
  void integerChecks_acceptTheEdge_rejectWithTheExactMessage() {
    assertThat(CorePreconditions.checkPositive("k", 1)).isEqualTo(1);
    assertThat(CorePreconditions.checkPositive("sequence", 1L)).isEqualTo(1L);
    assertThat(CorePreconditions.checkNonNegative("k", 0)).isZero();
    assertThat(CorePreconditions.checkNonNegative("events", 0L)).isZero();
    assertThat(CorePreconditions.checkAtLeast("k", 2, 2)).isEqualTo(2);
    assertThat(CorePreconditions.checkInRange("year", 2200, 1971, 2200)).isEqualTo(2200);
    assertThat(CorePreconditions.checkIndex("item index", 0, 1)).isZero();

    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkPositive("k", 0))
        .withMessage("k must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkPositive("sequence", 0L))
        .withMessage("sequence must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNonNegative("k", -1))
        .withMessage("k must be >= 0. Provided value: -1");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNonNegative("events", -1L))
        .withMessage("events must be >= 0. Provided value: -1");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkAtLeast("k", 1, 2))
        .withMessage("k must be >= 2. Provided value: 1");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkInRange("year", 1970, 1971, 2200))
        .withMessage("year must be in [1971, 2200]. Provided value: 1970");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkIndex("item index", 1, 1))
        .withMessage("item index must be in [0, 1). Provided value: 1");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkIndex("item index", -1, 1))
        .withMessage("item index must be in [0, 1). Provided value: -1");
  }

  @Test
  void floatingPointChecks_acceptTheEdge_rejectNanAndInfinity() {
    assertThat(CorePreconditions.checkPositive("x", Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
    assertThat(CorePreconditions.checkPositive("w", Float.MIN_VALUE)).isEqualTo(Float.MIN_VALUE);
    assertThat(CorePreconditions.checkNonNegative("alpha", 0.0)).isZero();
    assertThat(CorePreconditions.checkFinite("score", -Double.MAX_VALUE)).isEqualTo(-Double.MAX_VALUE);
    assertThat(CorePreconditions.checkFinite("weight", -Float.MAX_VALUE)).isEqualTo(-Float.MAX_VALUE);

    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkPositive("x", 0.0))
        .withMessage("x must be finite and > 0. Provided value: 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkPositive("x", Double.POSITIVE_INFINITY))
        .withMessage("x must be finite and > 0. Provided value: Infinity");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkPositive("rating", -0.1f))
        .withMessage("rating must be finite and > 0. Provided value: -0.1");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNonNegative("alpha", Double.NaN))
        .withMessage("alpha must be finite and >= 0. Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkFinite("score", Double.NaN))
        .withMessage("score must be finite. Provided value: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkFinite("weight", Float.NEGATIVE_INFINITY))
        .withMessage("weight must be finite. Provided value: -Infinity");
  }

  @Test
  void intervals_acceptClosedEnds_rejectOpenEnds_inIntervalNotation() {
    assertThat(CorePreconditions.checkInRange("density", 1, 0, 1)).isEqualTo(1);
    assertThat(CorePreconditions.checkInOpenRange("testFraction", 0.5, 0, 1)).isEqualTo(0.5);
    assertThat(CorePreconditions.checkInRangeExcludingUpper("oneOffShare", 0, 0, 1)).isZero();
    assertThat(CorePreconditions.checkProbability("newUserFraction", 1)).isEqualTo(1);

    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkInRange("density", Double.NaN, 0, 1))
        .withMessage("density must be in [0, 1]. Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkInOpenRange("testFraction", 1, 0, 1))
        .withMessage("testFraction must be in (0, 1). Provided value: 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkInRangeExcludingUpper("oneOffShare", 1, 0, 1))
        .withMessage("oneOffShare must be in [0, 1). Provided value: 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkProbability("newUserFraction", 0))
        .withMessage("newUserFraction must be in (0, 1]. Provided value: 0.0");
  }

  @Test
  void privacyParameters_epsilonAndPositiveDelta() {
    assertThat(CorePreconditions.checkEpsilon(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
    assertThat(CorePreconditions.checkPositiveDelta("delta", 1e-9)).isEqualTo(1e-9);
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkEpsilon(0))
        .withMessage("epsilon must be finite and > 0. Provided value: 0.0");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkPositiveDelta("delta", 0))
        .withMessage("delta must be in (0, 1). Provided value: 0.0");
  }

  @Test
  void durationsAndPeriods_mustBePositive() {
    assertThat(CorePreconditions.checkPositive("maxAge", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
    assertThat(CorePreconditions.checkPositive("budgetPeriod", Period.ofDays(1))).isEqualTo(Period.ofDays(1));
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkPositive("maxAge", Duration.ZERO))
        .withMessage("maxAge must be > 0. Provided value: PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkPositive("budgetPeriod", Period.of(0, 1, -40)))
        .withMessage("budgetPeriod must be > 0. Provided value: P1M-40D");
    assertThatNullPointerException().isThrownBy(() -> CorePreconditions.checkPositive("maxAge", (Duration) null))
        .withMessage("maxAge");
  }

  @Test
  void elementChecks_nameTheElement() {
    assertThat(CorePreconditions.checkNonNegativeElements("reasons", new int[] {0, 3})).containsExactly(0, 3);
    assertThat(CorePreconditions.checkPositiveElements("lengths", new int[] {1})).containsExactly(1);
    assertThat(CorePreconditions.checkPositiveElements("contributions", new float[] {Float.MIN_VALUE})).hasSize(1);
    assertThat(CorePreconditions.checkNonNegativeElements("weights", new double[] {0, 2})).hasSize(2);
    CorePreconditions.checkIndexElements("indices", new int[] {9, 0, 4, 9}, 1, 3, 5);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkNonNegativeElements("reasons", new int[] {0, -2}))
        .withMessage("reasons[1] must be >= 0. Provided value: -2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkPositiveElements("lengths", new int[] {3, 0}))
        .withMessage("lengths[1] must be >= 1. Provided value: 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkPositiveElements("contributions", new float[] {1, Float.NaN}))
        .withMessage("contributions[1] must be finite and > 0. Provided value: NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkNonNegativeElements("weights", new double[] {-0.5}))
        .withMessage("weights[0] must be finite and >= 0. Provided value: -0.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkIndexElements("indices", new int[] {0, 5}, 0, 2, 5))
        .withMessage("indices[1] must be in [0, 5). Provided value: 5");
  }

  @Test
  void sizes_sameLengthAndNotEmpty() {
    CorePreconditions.checkSameLength("a", 2, "b", 2);
    assertThat(CorePreconditions.checkNotEmpty("runs", List.of(1))).containsExactly(1);
    assertThat(CorePreconditions.checkNotEmpty("cutoffs", new int[] {1})).containsExactly(1);
    assertThat(CorePreconditions.checkNotEmpty("seeds", new long[] {1})).containsExactly(1L);
    assertThat(CorePreconditions.checkNotEmpty("weights", new double[] {1})).containsExactly(1.0);

    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkSameLength("a", 2, "b", 3))
        .withMessage("a and b must have equal lengths. Provided lengths: 2 and 3");
    CorePreconditions.checkLength("scores", 4, "numItems()", 4);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkLength("scores", 3, "numItems()", 4))
        .withMessage("scores must have length numItems() = 4. Provided length: 3");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNotEmpty("runs", Set.of()))
        .withMessage("runs must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNotEmpty("cutoffs", new int[0]))
        .withMessage("cutoffs must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNotEmpty("seeds", new long[0]))
        .withMessage("seeds must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNotEmpty("weights", new double[0]))
        .withMessage("weights must not be empty");
    assertThatNullPointerException().isThrownBy(() -> CorePreconditions.checkNotEmpty("runs", (List<?>) null))
        .withMessage("runs");
  }

  @Test
  void checkDistinct_quotesTheValue_unquotedVariantNamesPositionsOnly() {
    CorePreconditions.checkDistinct("names", List.of("age", "zip"));
    CorePreconditions.checkDistinctUnquoted("customerIds", List.of(SECRET, "other"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkDistinct("names", List.of("age", "zip", "age")))
        .withMessage("names must be distinct, but names[2] repeats names[0]. Provided value: age");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkDistinctUnquoted("customerIds", List.of("a", SECRET, SECRET)))
        .withMessage("customerIds must be distinct, but customerIds[2] repeats customerIds[1]"
            + " (the value is not quoted)")
        .withMessageNotContaining(SECRET);
  }

  @Test
  void textChecks_acceptTheEdge_rejectWithoutQuotingTheText() {
    assertThat(CorePreconditions.checkNotEmpty("itemId", " ")).isEqualTo(" ");
    assertThat(CorePreconditions.checkNotBlank("customerId", "x")).isEqualTo("x");
    String longest = "x".repeat(CorePreconditions.MAX_TEXT_LENGTH);
    assertThat(CorePreconditions.checkMaxLength("value", longest, CorePreconditions.MAX_TEXT_LENGTH)).isSameAs(longest);
    assertThat(CorePreconditions.checkText("reason", longest)).isSameAs(longest);
    assertThat(CorePreconditions.checkLineText("customerId", longest)).isSameAs(longest);
    assertThat(CorePreconditions.checkId("user id", "a\tb")).isEqualTo("a\tb");
    assertThat(CorePreconditions.checkNoNulCrLf("value", "")).isEmpty();

    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNotEmpty("itemId", ""))
        .withMessage("itemId must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNotBlank("customerId", " \t "))
        .withMessage("customerId must not be empty or blank. Provided length: 3");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkMaxLength("value", SECRET + longest, 1024))
        .withMessage("value must be at most 1024 characters long. Provided length: " + (SECRET.length() + 1024))
        .withMessageNotContaining(SECRET);
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkText("reason", longest + "x"))
        .withMessage("reason must be at most 1024 characters long. Provided length: 1025");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkLineText("customerId", ""))
        .withMessage("customerId must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkLineText("customerId", longest + "x"))
        .withMessage("customerId must be at most 1024 characters long. Provided length: 1025");
    assertThatNullPointerException().isThrownBy(() -> CorePreconditions.checkLineText("customerId", null))
        .withMessage("customerId");
  }

  @Test
  void nulCrLf_namesPositionAndKind_neverTheText() {
    for (String[] c : new String[][] {{"\0", "NUL"}, {"\r", "CR"}, {"\n", "LF"}}) {
      String bad = SECRET + c[0] + SECRET;
      String expected = "customerId must not contain NUL, CR or LF characters, but character 9 is " + c[1]
          + " (the value is not quoted)";
      assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkNoNulCrLf("customerId", bad))
          .withMessage(expected).withMessageNotContaining(SECRET);
      assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkLineText("customerId", bad))
          .withMessage(expected);
      assertThatIllegalArgumentException().isThrownBy(() -> CorePreconditions.checkId("customerId", bad))
          .withMessage(expected);
      assertThat(CorePreconditions.nulCrLfProblem("customerId", bad)).isEqualTo(expected);
    }
    assertThat(CorePreconditions.nulCrLfProblem("value", SECRET)).isNull();
  }

  @Test
  void checkTexts_namesTheBadElementByPosition_andCopies() {
    List<String> ids = Arrays.asList("a", "b");
    List<String> copy = CorePreconditions.checkTexts("customerIds", ids);
    assertThat(copy).containsExactly("a", "b").isNotSameAs(ids);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CorePreconditions.checkTexts("customerIds", List.of(SECRET, " ")))
        .withMessage("customerIds[1] must not be empty or blank. Provided length: 1");
    assertThatNullPointerException()
        .isThrownBy(() -> CorePreconditions.checkTexts("customerIds", Arrays.asList(SECRET, null)))
        .withMessage("customerIds[1]");
  }
}
