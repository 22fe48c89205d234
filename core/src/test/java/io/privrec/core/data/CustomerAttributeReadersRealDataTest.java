package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reads the real MovieLens 100K {@code u.user} (skipped when the shared data is absent). */
class CustomerAttributeReadersRealDataTest {

  @Test
  void movieLensUsers_realFile_hasPublishedShape() throws IOException {
    Path file = SharedData.require("ml-100k/u.user");

    CustomerAttributes a = CustomerAttributeReaders.movieLensUsers(file);

    assertThat(a.size()).isEqualTo(943);
    assertThat(a.names()).containsExactly("age", "gender", "occupation", "zip");
    assertThat(a.value("1", "age")).isEqualTo("24");
    assertThat(a.value("1", "gender")).isEqualTo("M");
    assertThat(a.value("1", "occupation")).isEqualTo("technician");
    assertThat(a.value("1", "zip")).isEqualTo("85711");
    AttributeHierarchy zip = a.hierarchy("zip").orElseThrow();
    assertThat(zip.chain(a.value("1", "zip"))).containsExactly("85711", "857**", "8****", "*");
    // Two users (74 and 634) have the Canadian code T8H1N.
    assertThat(zip.generalise(a.value("74", "zip"), 1)).isEqualTo("T8H**");
  }

  @Test
  void movieLensUsers_realFile_joinsWithTheRatings() throws IOException {
    Path file = SharedData.require("ml-100k/u.user");
    InteractionMatrix ratings = SharedData.movieLens100k();

    CustomerAttributes a = CustomerAttributeReaders.movieLensUsers(file);

    Set<String> raters = new HashSet<>();
    for (int u = 0; u < ratings.numUsers(); u++) {
      raters.add(ratings.users().id(u));
    }
    assertThat(a.customers()).containsExactlyInAnyOrderElementsOf(raters);
  }

  @Test
  void movieLensUsers_realFile_mostUsersAreUniqueOnAgeGenderZip() throws IOException {
    CustomerAttributes a = CustomerAttributeReaders.movieLensUsers(SharedData.require("ml-100k/u.user"))
        .project(java.util.List.of("age", "gender", "zip"));

    java.util.Map<java.util.List<String>, Integer> counts = new java.util.HashMap<>();
    for (String c : a.customers()) {
      counts.merge(a.values(c), 1, Integer::sum);
    }
    long unique = counts.values().stream().filter(n -> n == 1).count();
    // The data README: 917 of 943 users are unique on (age, gender, zip).
    assertThat(unique).isEqualTo(917);
  }
}
