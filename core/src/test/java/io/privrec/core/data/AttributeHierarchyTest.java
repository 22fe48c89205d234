package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeHierarchyTest {

  private static final AttributeHierarchy ZIP = AttributeHierarchy.prefixes(3, 1);

  @Test
  void prefixes_zip_generalisesToPrefixesThenStar() {
    assertThat(ZIP.levels()).isEqualTo(3);
    assertThat(ZIP.generalise("55105", 0)).isEqualTo("55105");
    assertThat(ZIP.generalise("55105", 1)).isEqualTo("551**");
    assertThat(ZIP.generalise("55105", 2)).isEqualTo("5****");
    assertThat(ZIP.generalise("55105", 3)).isEqualTo("*");
    assertThat(ZIP.chain("55105")).containsExactly("55105", "551**", "5****", "*");
    assertThat(ZIP.covers("anything")).isTrue();
  }

  @Test
  void prefixes_nonDigitCode_isMaskedCharacterByCharacter() {
    assertThat(ZIP.chain("T8H1N")).containsExactly("T8H1N", "T8H**", "T****", "*");
  }

  @Test
  void prefixes_shortCodes_areKeptUntilLongerThanThePrefix() {
    assertThat(ZIP.chain("551")).containsExactly("551", "551", "5**", "*");
    assertThat(ZIP.chain("55")).containsExactly("55", "55", "5*", "*");
    assertThat(ZIP.chain("")).containsExactly("", "", "", "*");
  }

  @Test
  void prefixes_neverSplitsASurrogatePair() {
    String code = "\uD83D\uDE00AB"; // one code point then two letters
    assertThat(AttributeHierarchy.prefixes(1).generalise(code, 1)).isEqualTo("\uD83D\uDE00**");
  }

  @Test
  void prefixes_none_hasOneLevelToStar() {
    AttributeHierarchy h = AttributeHierarchy.prefixes();
    assertThat(h.levels()).isEqualTo(1);
    assertThat(h.chain("M")).containsExactly("M", "*");
  }

  @Test
  void prefixes_rejectsNonDecreasingOrNonPositiveLengths() {
    assertThatThrownBy(() -> AttributeHierarchy.prefixes(1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lengths[1] = 3").hasMessageContaining("strictly decrease");
    assertThatThrownBy(() -> AttributeHierarchy.prefixes(3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lengths[1] must be >= 1. Provided value: 0");
  }

  @Test
  void generalise_rejectsLevelOutOfRange() {
    assertThatThrownBy(() -> ZIP.generalise("55105", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level must be in [0, 3]. Provided value: 4");
    assertThatThrownBy(() -> ZIP.generalise("55105", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, List<String>> places() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("Leith", List.of("Leith", "Edinburgh", "Scotland", "*"));
    m.put("Portobello", List.of("Portobello", "Edinburgh", "Scotland", "*"));
    m.put("Govan", List.of("Govan", "Glasgow", "Scotland", "*"));
    m.put("Camden", List.of("Camden", "London", "England", "*"));
    return m;
  }

  @Test
  void of_explicitChains_generaliseAlongTheChain() {
    AttributeHierarchy h = AttributeHierarchy.of(places());

    assertThat(h.levels()).isEqualTo(3);
    assertThat(h.generalise("Leith", 1)).isEqualTo("Edinburgh");
    assertThat(h.generalise("Portobello", 1)).isEqualTo("Edinburgh");
    assertThat(h.generalise("Govan", 2)).isEqualTo("Scotland");
    assertThat(h.generalise("Camden", 2)).isEqualTo("England");
    assertThat(h.chain("Govan")).containsExactly("Govan", "Glasgow", "Scotland", "*");
    assertThat(h.covers("Leith")).isTrue();
  }

  @Test
  void of_unknownValue_isKeptAtLevelZeroAndStarAbove() {
    AttributeHierarchy h = AttributeHierarchy.of(places());

    assertThat(h.covers("Paris")).isFalse();
    assertThat(h.generalise("Paris", 0)).isEqualTo("Paris");
    assertThat(h.generalise("Paris", 1)).isEqualTo("*");
    assertThat(h.generalise("Paris", 2)).isEqualTo("*");
    assertThat(h.chain("Paris")).containsExactly("Paris", "*", "*", "*");
  }

  @Test
  void of_rejectsChainsOfDifferentHeights() {
    Map<String, List<String>> m = places();
    m.put("Soho", List.of("Soho", "London", "*"));
    assertThatThrownBy(() -> AttributeHierarchy.of(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chain 4").hasMessageContaining("same length (4").hasMessageContaining("length: 3");
  }

  @Test
  void of_rejectsChainNotEndingInStarOrWithEarlyStar() {
    assertThatThrownBy(() -> AttributeHierarchy.of(Map.of("a", List.of("a", "b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("level 1").hasMessageContaining("must end with '*'");
    assertThatThrownBy(() -> AttributeHierarchy.of(Map.of("a", List.of("a", "*", "*"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("level 1").hasMessageContaining("only be the last entry");
  }

  @Test
  void of_rejectsChainNotStartingWithItsValue() {
    assertThatThrownBy(() -> AttributeHierarchy.of(Map.of("a", List.of("b", "*"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("level 0").hasMessageContaining("start with its value");
  }

  @Test
  void of_rejectsChainsThatDoNotFormATree() {
    Map<String, List<String>> m = places();
    m.put("Croydon", List.of("Croydon", "London", "Scotland", "*"));
    assertThatThrownBy(() -> AttributeHierarchy.of(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chain 4 (in the map's iteration order), level 1").hasMessageContaining("tree");
  }

  @Test
  void of_rejectsEmptyShortOrLineBreakingChains() {
    assertThatThrownBy(() -> AttributeHierarchy.of(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> AttributeHierarchy.of(Map.of("*", List.of("*"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> AttributeHierarchy.of(Map.of("a", List.of("a", "x\ny", "*"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level 1")
        .hasMessageContaining("NUL, CR or LF");
  }

  @Test
  void of_copiesItsInput() {
    Map<String, List<String>> m = places();
    AttributeHierarchy h = AttributeHierarchy.of(m);
    m.clear();
    assertThat(h.generalise("Leith", 1)).isEqualTo("Edinburgh");
    assertThat(h).isEqualTo(AttributeHierarchy.of(places()));
    assertThat(AttributeHierarchy.prefixes(3, 1)).isEqualTo(ZIP).hasSameHashCodeAs(ZIP);
  }

  @Test
  void chainFrom_valueOrCoarserLabel_givesTheChainFromItsOwnLevel() {
    AttributeHierarchy h = AttributeHierarchy.of(places());
    assertThat(h.chainFrom("Leith")).contains(List.of("Leith", "Edinburgh", "Scotland", "*"));
    assertThat(h.chainFrom("Edinburgh")).contains(List.of("Edinburgh", "Scotland", "*"));
    assertThat(h.chainFrom("England")).contains(List.of("England", "*"));
    assertThat(h.chainFrom("Atlantis")).isEmpty();
    assertThat(h.chainFrom("*")).isEmpty();
    assertThat(h.chainFrom(" ")).isEmpty();
    // Prefix codes: a masked code is the label of the level that keeps its unmasked prefix.
    assertThat(ZIP.chainFrom("55105")).contains(List.of("55105", "551**", "5****", "*"));
    assertThat(ZIP.chainFrom("551**")).contains(List.of("551**", "5****", "*"));
    assertThat(ZIP.chainFrom("5****")).contains(List.of("5****", "*"));
  }
}
