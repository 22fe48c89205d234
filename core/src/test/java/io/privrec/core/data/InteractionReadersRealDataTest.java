package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Reads the real MovieLens 100K and RentTheRunway files and checks their published counts. */
class InteractionReadersRealDataTest {

  @Test
  void movieLens100k_realFile_hasPublishedCounts() throws IOException {
    Path file = SharedData.require("ml-100k/u.data");

    ReadResult result = InteractionReaders.movieLens100k(file, ReadOptions.defaults().duplicates(DuplicatePolicy.REJECT));

    InteractionMatrix m = result.matrix();
    assertThat(result.linesRead()).isEqualTo(100_000);
    assertThat(result.linesSkipped()).isZero();
    assertThat(m.numInteractions()).isEqualTo(100_000);
    assertThat(m.numUsers()).isEqualTo(943);
    assertThat(m.numItems()).isEqualTo(1_682);
    for (int u = 0; u < m.numUsers(); u++) {
      assertThat(m.rowLength(u)).as("every user has at least 20 ratings").isGreaterThanOrEqualTo(20);
    }
    int first = m.find(m.users().require("196"), m.items().require("242"));
    assertThat(m.weightAt(first)).isEqualTo(3f);
    assertThat(m.timeAt(first)).isEqualTo(881_250_949L);
    MatrixInvariants.assertValid(m);
  }

  @Test
  void movieLens100k_minWeightFour_keepsPositiveRatings() throws IOException {
    Path file = SharedData.require("ml-100k/u.data");

    ReadResult result = InteractionReaders.movieLens100k(file, ReadOptions.defaults().minWeight(4f));

    // Counted independently with awk: 55,375 ratings >= 4 by 942 users.
    assertThat(result.matrix().numInteractions()).isEqualTo(55_375);
    assertThat(result.belowMinWeight()).isEqualTo(100_000 - 55_375);
    assertThat(result.matrix().numUsers()).isEqualTo(942);
  }

  @Test
  void rentTheRunway_realFile_hasPublishedCounts() throws IOException {
    Path file = SharedData.require("renttherunway/rtr_interactions.csv");

    ReadResult result = InteractionReaders.rentTheRunway(file, ReadOptions.defaults());

    InteractionMatrix m = result.matrix();
    assertThat(result.linesRead()).isEqualTo(192_544);
    assertThat(result.linesSkipped()).isZero();
    assertThat(m.numUsers()).isEqualTo(105_571);
    assertThat(m.numItems()).isEqualTo(5_850);
    // 266 (user, garment) pairs were rented twice: SUM merges them into one cell of weight 2.
    assertThat(m.numInteractions()).isEqualTo(192_544 - 266);
    int twice = 0;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    for (int p = 0; p < m.numInteractions(); p++) {
      if (m.weightAt(p) == 2f) {
        twice++;
      }
      minTime = Math.min(minTime, m.timeAt(p));
      maxTime = Math.max(maxTime, m.timeAt(p));
    }
    assertThat(twice).isEqualTo(266);
    assertThat(minTime).isEqualTo(LocalDate.of(2010, 11, 3).toEpochDay() * 86_400L);
    assertThat(maxTime).isEqualTo(LocalDate.of(2018, 1, 8).toEpochDay() * 86_400L);
  }

  @Test
  void rentTheRunway_ratingAsWeight_skipsTheUnratedRentals() throws IOException {
    Path file = SharedData.require("renttherunway/rtr_interactions.csv");
    DelimitedFormat ratings = DelimitedFormat.builder().userColumn("user_id").itemColumn("item_id")
        .weightColumn("rating").timeColumn("review_date", TimeFormat.ISO_DATE).build();

    ReadResult result = InteractionReaders.delimited(file, ratings, ReadOptions.defaults().skipMalformed());

    assertThat(result.linesSkipped()).isEqualTo(82);
    assertThat(result.skipReasons()).hasSize(10).allSatisfy(r -> assertThat(r).contains("column 3 (rating): weight is empty"));
    assertThat(result.matrix().numUsers()).isEqualTo(105_508);
  }

  @Test
  void movieLensCatalogue_realUItem_holdsThe1682MoviesInIdOrder_andCoversUData() throws IOException {
    Path uItem = SharedData.require("ml-100k/u.item");

    Catalogue catalogue = InteractionReaders.movieLensCatalogue(uItem);

    assertThat(catalogue.size()).isEqualTo(1_682);
    for (int i = 0; i < catalogue.size(); i++) {
      assertThat(catalogue.items().id(i)).isEqualTo(Integer.toString(i + 1));
    }
    assertThat(catalogue.attribute("title", "1")).isEqualTo("Toy Story (1995)");
    assertThat(catalogue.attribute("title", "543")).isEqualTo("Mis\u00e9rables, Les (1995)");
    InteractionMatrix ratings = SharedData.movieLens100k();
    InteractionMatrix onCatalogue = ratings.onItems(catalogue.items());
    assertThat(onCatalogue.numInteractions()).as("every rated movie is listed").isEqualTo(ratings.numInteractions());
    assertThat(onCatalogue.items().ids()).isEqualTo(catalogue.items().ids());
  }
}
