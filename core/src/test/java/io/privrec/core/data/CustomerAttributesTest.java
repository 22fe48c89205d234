package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerAttributesTest {

  private static final List<String> NAMES = List.of("age", "gender", "zip");

  private static Map<String, List<String>> rows() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("c-17", List.of("34", "M", "81667"));
    m.put("c-03", List.of("45", "F", "81675"));
    m.put("c-99", List.of("", "F", "T8H1N"));
    return m;
  }

  @Test
  void of_keepsRowsInOrderAndAnswersValues() {
    CustomerAttributes a = CustomerAttributes.of(NAMES, rows());

    assertThat(a.names()).containsExactly("age", "gender", "zip");
    assertThat(a.size()).isEqualTo(3);
    assertThat(a.customers()).containsExactly("c-17", "c-03", "c-99");
    assertThat(a.value("c-03", "zip")).isEqualTo("81675");
    assertThat(a.value("c-99", "age")).isEmpty();
    assertThat(a.values("c-17")).containsExactly("34", "M", "81667");
    assertThat(a.contains("c-17")).isTrue();
    assertThat(a.value("nobody", "zip")).isNull();
    assertThat(a.values("nobody")).isNull();
    assertThat(a.hierarchy("zip")).isEmpty();
  }

  @Test
  void of_copiesItsInputs() {
    Map<String, List<String>> rows = rows();
    List<String> names = new java.util.ArrayList<>(NAMES);
    CustomerAttributes a = CustomerAttributes.of(names, rows);
    rows.clear();
    names.clear();
    assertThat(a.size()).isEqualTo(3);
    assertThat(a.names()).hasSize(3);
    assertThatThrownBy(() -> a.customers().remove("c-17")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void of_emptyRows_isAnEmptyTable() {
    CustomerAttributes a = CustomerAttributes.of(NAMES, Map.of());
    assertThat(a.size()).isZero();
    assertThat(a.customers()).isEmpty();
  }

  @Test
  void of_rejectsBadNames() {
    assertThatThrownBy(() -> CustomerAttributes.of(List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("names must not be empty");
    assertThatThrownBy(() -> CustomerAttributes.of(List.of("age", " "), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("names[1]: name must not be blank");
    assertThatThrownBy(() -> CustomerAttributes.of(List.of("age", "zip", "age"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("names must be distinct, but names[2] repeats names[0]. Provided value: age");
    assertThatThrownBy(() -> CustomerAttributes.of(Arrays.asList("age", null), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("names[1]: name must not be null");
  }

  @Test
  void of_rejectsWrongValueCount_namingRowNotId() {
    Map<String, List<String>> m = rows();
    m.put("secret-customer", List.of("1", "M"));
    assertThatThrownBy(() -> CustomerAttributes.of(NAMES, m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 3").hasMessageContaining("exactly one value per attribute")
        .hasMessageContaining("found 2")
        .hasMessageNotContaining("secret-customer");
  }

  @Test
  void of_rejectsBadValues_namingAttributeAndPosition() {
    Map<String, List<String>> m = rows();
    m.put("secret-customer", List.of("1", "M\r", "55105"));
    assertThatThrownBy(() -> CustomerAttributes.of(NAMES, m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 3").hasMessageContaining("attribute 'gender' (position 1)")
        .hasMessageContaining("CR").hasMessageNotContaining("secret-customer");

    Map<String, List<String>> withNull = rows();
    withNull.put("secret-customer", Arrays.asList("1", "M", null));
    assertThatThrownBy(() -> CustomerAttributes.of(NAMES, withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute 'zip' (position 2): value must not be null");

    Map<String, List<String>> withNul = rows();
    withNul.put("c", List.of("1", "M", "55\u0000105"));
    assertThatThrownBy(() -> CustomerAttributes.of(NAMES, withNul))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("character 2 is NUL");
  }

  @Test
  void of_rejectsInvalidIds_withoutQuotingThem() {
    Map<String, List<String>> empty = rows();
    empty.put("", List.of("1", "M", "55105"));
    assertThatThrownBy(() -> CustomerAttributes.of(NAMES, empty))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("row 3 (in the map's iteration order): customer id"
            + " must not be empty");

    Map<String, List<String>> lf = rows();
    lf.put("secret\ncustomer", List.of("1", "M", "55105"));
    assertThatThrownBy(() -> CustomerAttributes.of(NAMES, lf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 3").hasMessageContaining("character 6 is LF").hasMessageNotContaining("secret");

    Map<String, List<String>> nullId = new LinkedHashMap<>();
    nullId.put(null, List.of("1", "M", "55105"));
    assertThatThrownBy(() -> CustomerAttributes.of(NAMES, nullId))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("row 0 (in the map's iteration order): customer id must not be null");
  }

  @Test
  void value_unknownAttribute_isRejected() {
    CustomerAttributes a = CustomerAttributes.of(NAMES, rows());
    assertThatThrownBy(() -> a.value("c-17", "height"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name: unknown attribute 'height' (the attributes are [age, gender, zip])");
    assertThatThrownBy(() -> a.hierarchy("height")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withHierarchy_attachesWithoutChangingTheOriginal() {
    CustomerAttributes a = CustomerAttributes.of(NAMES, rows());
    AttributeHierarchy zip = AttributeHierarchy.prefixes(3, 1);

    CustomerAttributes b = a.withHierarchy("zip", zip);

    assertThat(b.hierarchy("zip")).contains(zip);
    assertThat(b.hierarchy("age")).isEmpty();
    assertThat(a.hierarchy("zip")).isEmpty();
    assertThat(b.hierarchy("zip").orElseThrow().generalise(b.value("c-03", "zip"), 1)).isEqualTo("816**");
    assertThat(b.withHierarchy("zip", AttributeHierarchy.prefixes(1)).hierarchy("zip").orElseThrow().levels())
        .isEqualTo(2);
    assertThatThrownBy(() -> a.withHierarchy("height", zip)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'height'");
  }

  @Test
  void project_keepsChosenColumnsInGivenOrderWithTheirHierarchies() {
    CustomerAttributes a = CustomerAttributes.of(NAMES, rows())
        .withHierarchy("zip", AttributeHierarchy.prefixes(3, 1))
        .withHierarchy("gender", AttributeHierarchy.prefixes());

    CustomerAttributes p = a.project(List.of("zip", "age"));

    assertThat(p.names()).containsExactly("zip", "age");
    assertThat(p.customers()).containsExactly("c-17", "c-03", "c-99");
    assertThat(p.values("c-17")).containsExactly("81667", "34");
    assertThat(p.value("c-99", "zip")).isEqualTo("T8H1N");
    assertThat(p.hierarchy("zip")).contains(AttributeHierarchy.prefixes(3, 1));
    assertThat(p.hierarchy("age")).isEmpty();
    assertThatThrownBy(() -> p.value("c-17", "gender")).isInstanceOf(IllegalArgumentException.class);
    assertThat(a.project(NAMES)).isEqualTo(a);
  }

  @Test
  void project_rejectsUnknownRepeatedOrNoNames() {
    CustomerAttributes a = CustomerAttributes.of(NAMES, rows());
    assertThatThrownBy(() -> a.project(List.of("zip", "height")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names[1]: unknown attribute 'height'");
    assertThatThrownBy(() -> a.project(List.of("zip", "zip")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats");
    assertThatThrownBy(() -> a.project(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("names must not be empty");
  }

  @Test
  void toString_showsNoIdsOrValues() {
    CustomerAttributes a = CustomerAttributes.of(NAMES, rows()).withHierarchy("zip", AttributeHierarchy.prefixes(3));
    assertThat(a.toString()).isEqualTo("CustomerAttributes{names=[age, gender, zip], hierarchies=[zip]}");
  }

  @Test
  void without_dropsTheGivenCustomersKeepingOrderNamesAndHierarchies() {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    rows.put("c1", List.of("North", "25"));
    rows.put("c2", List.of("South", "31"));
    rows.put("c3", List.of("North", "47"));
    CustomerAttributes table = CustomerAttributes.of(List.of("region", "age"), rows)
        .withHierarchy("region", AttributeHierarchy.of(Map.of("North", List.of("North", "*"), "South", List.of("South", "*"))));
    CustomerAttributes kept = table.without(List.of("c2", "nobody"));
    assertThat(kept.customers()).containsExactly("c1", "c3");
    assertThat(kept.names()).isEqualTo(table.names());
    assertThat(kept.hierarchy("region")).isEqualTo(table.hierarchy("region"));
    assertThat(kept.values("c3")).containsExactly("North", "47");
    assertThat(kept.valuesByName("c3")).containsExactly(Map.entry("region", "North"), Map.entry("age", "47"));
    assertThat(kept.valuesByName("c2")).isNull();
    assertThat(table.without(List.of("nobody"))).isSameAs(table);
    assertThat(table.contains("c2")).isTrue(); // the original is unchanged
  }
}
