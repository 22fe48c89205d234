package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdIndexTest {

  @Test
  void of_distinctIds_mapsBothWaysInGivenOrder() {
    IdIndex index = IdIndex.of("user", List.of("u7", "u1", "u3"));

    assertThat(index.size()).isEqualTo(3);
    assertThat(index.kind()).isEqualTo("user");
    assertThat(index.indexOf("u7")).isZero();
    assertThat(index.indexOf("u3")).isEqualTo(2);
    assertThat(index.id(1)).isEqualTo("u1");
    assertThat(index.ids()).containsExactly("u7", "u1", "u3");
  }

  @Test
  void of_repeatedId_throwsNamingPositionsNotTheId() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IdIndex.of("user", List.of("cust-a17", "cust-b22", "cust-a17")))
        .withMessage("ids must be distinct, but ids[2] repeats ids[0] (the value is not quoted)");
  }

  @Test
  void of_emptyId_throws() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IdIndex.of("item", List.of("a", "")))
        .withMessageContaining("item id must not be empty");
  }

  @Test
  void of_nullId_throwsNamingTheKind() {
    assertThatNullPointerException()
        .isThrownBy(() -> IdIndex.of("user", Arrays.asList("a", null)))
        .withMessageContaining("user id");
  }

  @Test
  void indexOf_unknownOrNull_returnsMinusOne() {
    IdIndex index = IdIndex.of("user", List.of("a"));

    assertThat(index.indexOf("b")).isEqualTo(-1);
    assertThat(index.indexOf(null)).isEqualTo(-1);
    assertThat(index.contains("a")).isTrue();
    assertThat(index.contains("A")).isFalse();
  }

  @Test
  void require_unknownId_throwsNamingKindNotTheId() {
    IdIndex index = IdIndex.of("user", List.of("a"));

    assertThat(index.require("a")).isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> index.require("cust-9f3e"))
        .withMessage("user id must be in this index (the value is not quoted)")
        .withMessageNotContaining("cust-9f3e");
  }

  @Test
  void toString_omitsTheNumberOfIds() {
    assertThat(IdIndex.of("user", List.of("a", "b", "c")).toString()).isEqualTo("IdIndex{user}");
  }

  @Test
  void id_outOfRange_throwsIndexOutOfBounds() {
    IdIndex index = IdIndex.of("item", List.of("a"));

    assertThatThrownBy(() -> index.id(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void ids_returnedList_isUnmodifiable() {
    IdIndex index = IdIndex.of("item", List.of("a"));

    assertThatThrownBy(() -> index.ids().add("b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builder_extendingIndex_keepsOldIndicesAndAppendsNewIds() {
    IdIndex base = IdIndex.of("user", List.of("a", "b"));
    IdIndex.Builder builder = new IdIndex.Builder(base);

    assertThat(builder.add("b")).isEqualTo(1);
    assertThat(builder.add("c")).isEqualTo(2);
    IdIndex extended = builder.build();

    assertThat(extended.ids()).containsExactly("a", "b", "c");
    assertThat(base.size()).isEqualTo(2);
  }

  @Test
  void builder_buildTwice_snapshotsAreIndependent() {
    IdIndex.Builder builder = new IdIndex.Builder("user");
    builder.add("a");
    IdIndex first = builder.build();
    builder.add("b");

    assertThat(first.size()).isEqualTo(1);
    assertThat(first.contains("b")).isFalse();
    assertThat(builder.build().size()).isEqualTo(2);
  }

  @Test
  void builder_failedAdd_leavesBuilderUnchanged() {
    IdIndex.Builder builder = new IdIndex.Builder("user");
    builder.add("a");

    assertThatIllegalArgumentException().isThrownBy(() -> builder.add(""));
    assertThatNullPointerException().isThrownBy(() -> builder.add(null));

    assertThat(builder.size()).isEqualTo(1);
    assertThat(builder.add("b")).isEqualTo(1);
  }

  @Test
  void builder_idWithNulOrLineBreak_rejectedNamingKindAndPositionNotTheId() {
    IdIndex.Builder builder = new IdIndex.Builder("user");
    builder.add("a");

    // NUL starts erasure tombstones: an id holding one could shadow an erased slot.
    assertThatIllegalArgumentException().isThrownBy(() -> builder.add("\u0000erased#0"))
        .withMessage("user id must not contain NUL, CR or LF characters, but character 0 is NUL "
            + "(the value is not quoted)");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.add("cust\n42"))
        .withMessage("user id must not contain NUL, CR or LF characters, but character 4 is LF "
            + "(the value is not quoted)");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.add("cust42\r"))
        .withMessageContaining("character 6 is CR");
    assertThatIllegalArgumentException().isThrownBy(() -> IdIndex.of("item", List.of("a", "b\u0000")))
        .withMessage("item id at position 1: item id must not contain NUL, CR or LF characters, but character 1 "
            + "is NUL (the value is not quoted)");

    assertThat(builder.size()).isEqualTo(1);
  }

  @Test
  void builder_extendingRedactedIndex_keepsTombstonesWhichStayUnfindable() {
    IdIndex redacted = IdIndex.of("user", List.of("a", "b", "c")).redact(1);

    IdIndex.Builder builder = new IdIndex.Builder(redacted);
    assertThat(builder.add("d")).isEqualTo(3);
    IdIndex extended = builder.build();

    assertThat(extended.size()).isEqualTo(4);
    assertThat(extended.isRedacted(1)).isTrue();
    assertThat(extended.indexOf(extended.id(1))).isEqualTo(-1);
    assertThat(extended.indexOf("c")).isEqualTo(2);
  }

  @Test
  void redact_manyBatches_removesExactlyTheRedactedIdsAndKeepsSlots() {
    // "Aa" and "BB" share a hash code, so the 512 words over them all collide: removals must shift
    // the entries of long probe chains back correctly for every other id to stay findable.
    List<String> ids = new java.util.ArrayList<>();
    for (int w = 0; w < 512; w++) {
      StringBuilder word = new StringBuilder();
      for (int bit = 0; bit < 9; bit++) {
        word.append((w >> bit & 1) == 0 ? "Aa" : "BB");
      }
      ids.add(word.toString());
    }
    for (int i = 0; i < 2000; i++) {
      ids.add("c" + i);
    }
    IdIndex original = IdIndex.of("user", ids);
    IdIndex index = original;
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    boolean[] redacted = new boolean[ids.size()];
    for (int batch = 0; batch < 6; batch++) {
      int[] victims = random.ints(300, 0, ids.size()).toArray(); // repeats and re-redactions included
      index = index.redact(victims);
      for (int v : victims) {
        redacted[v] = true;
      }
      for (int i = 0; i < ids.size(); i++) {
        assertThat(index.indexOf(ids.get(i))).as("id %s", ids.get(i)).isEqualTo(redacted[i] ? -1 : i);
        assertThat(index.isRedacted(i)).isEqualTo(redacted[i]);
        assertThat(index.id(i).equals(ids.get(i))).isEqualTo(!redacted[i]);
      }
      assertThat(index.size()).isEqualTo(ids.size());
    }
    for (int i = 0; i < ids.size(); i++) {
      assertThat(original.indexOf(ids.get(i))).as("receiver unchanged").isEqualTo(i);
    }
  }

  @Test
  void redact_outOfRange_throwsAndChangesNothing() {
    IdIndex index = IdIndex.of("user", List.of("a", "b"));

    assertThatThrownBy(() -> index.redact(0, 2)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("user index must be in [0, size()). Provided value: 2");
    assertThat(index.indexOf("a")).isZero();
  }
}
