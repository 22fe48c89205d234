package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {

  @Test
  void of_keepsTheGivenOrder_sortedSortsByCodePoint() {
    assertThat(Catalogue.of(List.of("b", "a", "c")).items().ids()).containsExactly("b", "a", "c");
    assertThat(Catalogue.sorted(Set.of("b", "a", "c")).items().ids()).containsExactly("a", "b", "c");
    assertThat(Catalogue.of(List.of()).size()).isZero();
  }

  @Test
  void of_invalidOrRepeatedIds_rejectedNamingThePosition() {
    assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.of(List.of("a", "b", "a")))
        .withMessageContaining("position 2").withMessageContaining("repeats");
    for (String bad : List.of("", "x\0y", "x\ty", "x\ny", "x\ry")) {
      assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.of(List.of("ok", bad)))
          .withMessageContaining("position 1");
    }
  }

  @Test
  void read_skipsBomBlanksAndComments_trimsAndKeepsFileOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("products.txt");
    Files.writeString(file, "\uFEFFdress-2\n\n# shoes\n  boots-1  \nscarf-9\n", StandardCharsets.UTF_8);

    assertThat(Catalogue.read(file).items().ids()).containsExactly("dress-2", "boots-1", "scarf-9");
  }

  @Test
  void read_repeatedOrInvalidId_namesFileAndLine(@TempDir Path dir) throws IOException {
    Path repeated = dir.resolve("repeated.txt");
    Files.writeString(repeated, "a\nb\na\n");
    assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.read(repeated))
        .withMessageContaining(repeated + ":3");
    Path tab = dir.resolve("tab.txt");
    Files.writeString(tab, "a\nb\tc\n");
    assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.read(tab)).withMessageContaining(tab + ":2");
    Path binary = dir.resolve("latin1.txt");
    Files.write(binary, new byte[] {'a', '\n', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> Catalogue.read(binary)).isInstanceOf(IOException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void attributes_arePublicValuesOfCatalogueItemsOnly() {
    Catalogue c = Catalogue.of(List.of("a", "b")).withAttribute("colour", Map.of("a", "red"));

    assertThat(c.attributeNames()).containsExactly("colour");
    assertThat(c.attribute("colour", "a")).isEqualTo("red");
    assertThat(c.attribute("colour", "b")).isNull();
    assertThat(c.contains("a")).isTrue();
    assertThat(c.contains("z")).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> c.attribute("size", "a")).withMessageContaining("size");
    assertThatIllegalArgumentException().isThrownBy(() -> c.withAttribute("colour", Map.of("z", "blue")))
        .withMessageContaining("not in the catalogue");
  }

  @Test
  void onItems_reindexesDataOntoTheCatalogue_droppingOtherItems() {
    InteractionMatrix data = InteractionMatrix.builder(DuplicatePolicy.SUM).add("u1", "secret", 1f)
        .add("u1", "b", 2f).add("u2", "a", 1f).build();
    Catalogue c = Catalogue.of(List.of("a", "b", "never-bought"));

    InteractionMatrix on = data.onItems(c.items());

    assertThat(on.items().ids()).containsExactly("a", "b", "never-bought");
    assertThat(on.numInteractions()).isEqualTo(2);
    assertThat(on.rowItems(0)).containsExactly(1);
    assertThat(on.rowWeights(0)).containsExactly(2f);
    assertThat(on.colLength(2)).isZero();
    assertThat(data.withoutUnusedItems()).isSameAs(data);
    assertThat(on.withoutUnusedItems().items().ids()).containsExactly("a", "b");
  }
}
