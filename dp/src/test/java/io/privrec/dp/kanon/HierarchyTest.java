package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HierarchyTest {

  @Test
  void readCsv_arxFormat_generalisesPerLevel() throws Exception {
    Hierarchy h = Hierarchy.readCsv(new StringReader("34;<50;*\n45;<50;*\n66;>=50;*\n"), ';');
    assertThat(h.height()).isEqualTo(2);
    assertThat(h.values()).containsExactly("34", "45", "66");
    assertThat(h.generalize("45", 1)).isEqualTo("<50");
    assertThat(h.generalize("66", 2)).isEqualTo("*");
  }

  @Test
  void of_notATree_throwsNamingTheRows() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hierarchy.of(List.of(List.of("a", "X", "*"), List.of("b", "X", "Y"))))
        .withMessage("hierarchy is not a tree: rows 0 and 1 share their level-1 label but generalise it differently "
            + "on level 2 (labels not quoted)");
  }

  @Test
  void of_raggedRowsOrDuplicates_throw() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hierarchy.of(List.of(List.of("a", "*"), List.of("b"))))
        .withMessageContaining("row 1 has 1").withMessageNotContaining("'b'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hierarchy.of(List.of(List.of("a", "*"), List.of("a", "*"))))
        .withMessageContaining("row 1 repeats the value of row 0").withMessageNotContaining("'a'");
    assertThatIllegalArgumentException().isThrownBy(() -> Hierarchy.of(List.of()));
  }

  @Test
  void generalize_unknownValueOrLevel_throws() {
    Hierarchy h = Hierarchy.flat(List.of("a"));
    assertThatIllegalArgumentException().isThrownBy(() -> h.generalize("b-secret", 0))
        .withMessageContaining("value must be an original value of the hierarchy").withMessageNotContaining("b-secret");
    assertThatIllegalArgumentException().isThrownBy(() -> h.generalize("a", 2)).withMessageContaining("level");
  }

  @Test
  void masking_zip_masksOneDigitPerLevel() {
    Hierarchy h = Hierarchy.masking(List.of("81667", "81931"));
    assertThat(h.rows().get(0)).containsExactly("81667", "8166*", "816**", "81***", "8****", "*****");
  }

  @Test
  void intervals_bandsGroupIntoCoarserBands() {
    Hierarchy h = Hierarchy.intervals(0, 10).group(2).group(3).build(List.of("5", "17", "39", "-3"));
    assertThat(h.height()).isEqualTo(4);
    assertThat(h.rows().get(1)).containsExactly("17", "[10, 20)", "[0, 20)", "[0, 60)", "*");
    assertThat(h.rows().get(2)).containsExactly("39", "[30, 40)", "[20, 40)", "[0, 60)", "*");
    assertThat(h.generalize("-3", 1)).isEqualTo("[-10, 0)");
    assertThatIllegalArgumentException().isThrownBy(() -> Hierarchy.intervals(0, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> Hierarchy.intervals(0, Double.NaN));
    assertThatIllegalArgumentException().isThrownBy(() -> Hierarchy.intervals(0, 1).build(List.of("5", "5", "x7")))
        .withMessageContaining("value at position 2").withMessageNotContaining("x7");
  }

  @Test
  void ordered_groupsConsecutiveValues() {
    Hierarchy h = Hierarchy.ordered(List.of("XS", "S", "M", "L", "XL")).group(2).build();
    assertThat(h.generalize("XS", 1)).isEqualTo("{XS..S}");
    assertThat(h.generalize("XL", 1)).isEqualTo("{XL}");
    assertThat(h.generalize("M", 2)).isEqualTo("*");
    assertThatIllegalArgumentException().isThrownBy(() -> Hierarchy.ordered(List.of("a", "a")));
  }

  @Test
  void dates_dayMonthYear() {
    Hierarchy h = Hierarchy.dates(List.of("2017-03-15"));
    assertThat(h.rows().get(0)).containsExactly("2017-03-15", "2017-03", "2017", "*");
    assertThatIllegalArgumentException().isThrownBy(() -> Hierarchy.dates(List.of("15/03/2017")))
        .withMessageContaining("ISO dates").withMessageContaining("position 0").withMessageNotContaining("15/03/2017")
        .satisfies(e -> assertThat(e).hasNoCause());
  }

  @Test
  void tree_padsShortPathsAndAddsCommonRoot() {
    Map<String, String> parent = new LinkedHashMap<>();
    parent.put("dress", "clothing");
    parent.put("skirt", "clothing");
    parent.put("bag", "accessory");
    parent.put("clothing", "fashion");
    Hierarchy h = Hierarchy.tree(parent);
    assertThat(h.values()).containsExactly("dress", "skirt", "bag");
    assertThat(h.rows().get(0)).containsExactly("dress", "clothing", "fashion", "*");
    assertThat(h.rows().get(2)).containsExactly("bag", "bag", "accessory", "*");
    Map<String, String> cycle = Map.of("a", "b", "b", "a");
    assertThatIllegalArgumentException().isThrownBy(() -> Hierarchy.tree(Map.of("a", "a")));
    assertThat(cycle).hasSize(2);
  }

  @Test
  void anonymize_valueMissingFromHierarchy_throwsNamingAttributeAndRowsNotValues() {
    Table t = Table.builder().column("zip", ColumnType.STRING).addRow("81667").addRow("99999").addRow("81667")
        .addRow("99999").build();
    Anonymizer a = Anonymizer.builder().quasiIdentifier("zip", Hierarchy.masking(List.of("81667"))).k(1).build();
    assertThatIllegalArgumentException().isThrownBy(() -> a.anonymize(t))
        .withMessage("attribute 'zip': every value must be in its hierarchy, but rows 1, 3 hold values missing from "
            + "it (values not quoted)");
  }
}
