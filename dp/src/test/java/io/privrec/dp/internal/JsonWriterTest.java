package io.privrec.dp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void nestedDocument_writesCommasAndColonsCorrectly() {
    StringBuilder out = new StringBuilder();

    JsonWriter.to(out)
        .beginObject()
        .name("a").value(1L)
        .name("b").beginArray().value(true).nullValue().value("x").beginObject().endObject()
        .endArray()
        .name("c").beginArray().endArray()
        .endObject()
        .finish();

    assertThat(out).hasToString("{\"a\":1,\"b\":[true,null,\"x\",{}],\"c\":[]}");
  }

  @Test
  void quote_escapesQuotesBackslashesAndControlCharacters() {
    assertThat(JsonWriter.quote("a\"b\\c\n\r\t\b\f\u0001\u001f/é"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f/é\"");
  }

  @Test
  void quote_escapesLineSeparatorsAndUnpairedSurrogatesButKeepsPairs() {
    String pair = new String(Character.toChars(0x1F45F)); // a shoe, encoded as a surrogate pair

    assertThat(JsonWriter.quote("\u2028\u2029" + pair + "\uD800x\uDC00"))
        .isEqualTo("\"\\u2028\\u2029" + pair + "\\ud800x\\udc00\"");
  }

  @Test
  void doubles_roundTripExactly() {
    double[] special = {
      0.0, -0.0, 0.1, 1.0 / 3, 1e-6, 4.530877117, Double.MIN_VALUE, Double.MIN_NORMAL,
      Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextUp(1.0), 123456789012345678.0
    };
    for (double d : special) {
      assertRoundTrip(d);
    }
    SplittableRandom random = new SplittableRandom(20260101L);
    for (int i = 0; i < 10_000; i++) {
      assertRoundTrip(Double.longBitsToDouble(random.nextLong()));
    }
  }

  private static void assertRoundTrip(double d) {
    if (!Double.isFinite(d)) {
      return;
    }
    StringBuilder out = new StringBuilder();
    JsonWriter.to(out).beginArray().value(d).endArray().finish();
    String text = out.substring(1, out.length() - 1);
    assertThat(text).matches("-?\\d+(\\.\\d+)?([eE]-?\\d+)?");
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
        .isEqualTo(Double.doubleToRawLongBits(d));
  }

  @Test
  void value_nonFiniteDouble_throws() {
    JsonWriter w = JsonWriter.to(new StringBuilder()).beginArray();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> w.value(Double.NaN))
        .withMessageContaining("NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> w.value(Double.NEGATIVE_INFINITY));
  }

  @Test
  void structureMisuse_throwsIllegalState() {
    assertThatIllegalStateException()
        .isThrownBy(() -> JsonWriter.to(new StringBuilder()).beginObject().value(1L));
    assertThatIllegalStateException()
        .isThrownBy(() -> JsonWriter.to(new StringBuilder()).beginArray().name("x"));
    assertThatIllegalStateException()
        .isThrownBy(() -> JsonWriter.to(new StringBuilder()).beginArray().endObject());
    assertThatIllegalStateException()
        .isThrownBy(() -> JsonWriter.to(new StringBuilder()).value(1L).value(2L));
    assertThatIllegalStateException()
        .isThrownBy(() -> JsonWriter.to(new StringBuilder()).beginObject().finish());
    assertThatIllegalStateException()
        .isThrownBy(() -> JsonWriter.to(new StringBuilder()).beginObject().name("a").endObject());
  }

  @Test
  void nullString_writesNull() {
    StringBuilder out = new StringBuilder();
    JsonWriter.to(out).beginObject().name("s").value((String) null).endObject().finish();

    assertThat(out).hasToString("{\"s\":null}");
  }

  @Test
  void ioFailure_isRethrownUnchecked() {
    Appendable failing =
        new Appendable() {
          @Override
          public Appendable append(CharSequence csq) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public Appendable append(CharSequence csq, int start, int end) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public Appendable append(char c) throws IOException {
            throw new IOException("disk full");
          }
        };

    Assertions.assertThatThrownBy(() -> JsonWriter.to(failing).beginObject())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("disk full");
  }

  @Test
  void tree_writesMapsInIterationOrderListsAndScalars() {
    java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
    root.put("z", 1);
    root.put("a", java.util.List.of(2L, (short) 3, (byte) 4, 0.5, 0.1f, "s", false));
    root.put("n", null);
    root.put("o", java.util.Map.of());
    StringBuilder out = new StringBuilder();

    JsonWriter.to(out).tree(root).finish();

    assertThat(out).hasToString("{\"z\":1,\"a\":[2,3,4,0.5,0.1,\"s\",false],\"n\":null,\"o\":{}}");
  }

  @Test
  void tree_otherTypesNonStringKeysAndNonFiniteNumbers_areRejectedWithoutTheValue() {
    assertThatIllegalArgumentException().isThrownBy(() -> JsonWriter.to(new StringBuilder()).tree(new StringBuilder("x").reverse().chars()))
        .withMessageContaining("not java.util.stream");
    assertThatIllegalArgumentException().isThrownBy(() -> JsonWriter.to(new StringBuilder()).tree(java.util.Map.of(7, "v")))
        .withMessage("a JSON object's keys must be strings, not java.lang.Integer");
    assertThatIllegalArgumentException().isThrownBy(() -> JsonWriter.to(new StringBuilder()).tree(Float.NaN))
        .withMessageContaining("finite");
    assertThatIllegalArgumentException().isThrownBy(() -> JsonWriter.to(new StringBuilder()).tree(Double.POSITIVE_INFINITY))
        .withMessageContaining("finite");
  }
}
