package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.privrec.core.data.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public catalogue on the command line: {@code --catalogue FILE}, the defaults (the store's
 * garment list, the {@code u.item} beside a MovieLens {@code u.data}), re-indexing with dropped
 * interactions counted on stderr, and the error of a private model without a catalogue.
 *
 * <p>Tests whose name ends in {@code _privateFit} fit a dp- model restricted to the catalogue.
 */
class CatalogueCommandsTest {
  private final CliRun cli = new CliRun();

  @TempDir
  Path dir;

  /** Four users; everyone has i1; u4 also has i4. */
  private Path train() throws IOException {
    return Files.writeString(dir.resolve("train.tsv"), "u1\ti1\nu1\ti2\nu2\ti1\nu2\ti3\nu3\ti1\nu3\ti2\nu4\ti1\nu4\ti4\n");
  }

  /** i1..i3 and i5 (no interactions); i4 is not sold any more. */
  private Path catalogue() throws IOException {
    return Files.writeString(dir.resolve("catalogue.txt"), "# the shop's product list\ni1\ni2\ni3\n\ni5\n");
  }

  @Test
  void evaluate_withCatalogue_dropsInteractionsOutsideIt_andReportsTheCount() throws IOException {
    Path test = Files.writeString(dir.resolve("test.tsv"), "u2\ti2\nu4\ti2\nu3\ti4\n");

    int status = cli.run("evaluate", "--train", train().toString(), "--test", test.toString(), "--catalogue",
        catalogue().toString(), "--model", "popularity");

    assertThat(status).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"items\":4", "\"catalogue_items\":4", "\"train_interactions\":7", "\"test_interactions\":2");
    assertThat(cli.err()).contains("train.tsv: catalogue of 4 items; dropped 1 of 8 interactions whose item is not in it")
        .contains("test.tsv: catalogue of 4 items; dropped 1 of 3 interactions");
  }

  @Test
  void evaluate_dataFileWithCatalogue_reindexesBeforeTheSplit() throws IOException {
    int status = cli.run("evaluate", "--data", train().toString(), "--format", "tsv", "--catalogue", catalogue().toString(),
        "--model", "popularity", "--split", "holdout:0.5");

    assertThat(status).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"items\":4", "\"catalogue_items\":4");
    assertThat(cli.err()).contains("dropped 1 of 8 interactions whose item is not in it");
  }

  @Test
  void evaluate_withoutCatalogue_hasNoCatalogueField() throws IOException {
    Path test = Files.writeString(dir.resolve("test.tsv"), "u2\ti2\n");

    assertThat(cli.run("evaluate", "--train", train().toString(), "--test", test.toString(), "--model", "popularity"))
        .as(cli.err()).isZero();
    assertThat(cli.out()).doesNotContain("catalogue_items");
    assertThat(cli.err()).doesNotContain("catalogue");
  }

  @Test
  void recommend_withCatalogue_listsOnlyCatalogueItems() throws IOException {
    Path outFile = dir.resolve("top.tsv");

    int status = cli.run("recommend", "--train", train().toString(), "--catalogue", catalogue().toString(), "--k", "3",
        "--out", outFile.toString(), "--model", "popularity", "--fallback-min-customers", "1");

    assertThat(status).as(cli.err()).isZero();
    List<String> lines = Files.readAllLines(outFile);
    assertThat(lines).isNotEmpty();
    Set<String> items = lines.stream().map(l -> l.split("\t")[1]).collect(Collectors.toSet());
    assertThat(items).isSubsetOf("i1", "i2", "i3", "i5").doesNotContain("i4");
    assertThat(lines).contains("u1\ti3\t1", "u4\ti2\t1");
    assertThat(cli.err()).contains("dropped 1 of 8 interactions");
  }

  @Test
  void privateModelWithoutCatalogue_isRejectedNamingTheOption() throws IOException {
    Path test = Files.writeString(dir.resolve("test.tsv"), "u2\ti2\n");
    Path outFile = dir.resolve("top.tsv");

    assertThat(cli.run("evaluate", "--train", train().toString(), "--test", test.toString(), "--model", "dp-popularity"))
        .isEqualTo(2);
    assertThat(cli.err()).contains("model 'dp-popularity' is differentially private", "--catalogue FILE");

    assertThat(cli.run("evaluate", "--data", train().toString(), "--format", "tsv", "--model", "dp-popularity")).isEqualTo(2);
    assertThat(cli.err()).contains("--catalogue FILE");

    assertThat(cli.run("recommend", "--train", train().toString(), "--k", "2", "--out", outFile.toString(), "--model",
        "dp-item-knn")).isEqualTo(2);
    assertThat(cli.err()).contains("model 'dp-item-knn' is differentially private", "--catalogue FILE");
    assertThat(outFile).doesNotExist();

    assertThat(cli.run("privacy-utility", "--data", train().toString(), "--format", "tsv", "--models", "dp-popularity",
        "--out", dir.resolve("pu").toString())).isEqualTo(2);
    assertThat(cli.err()).contains("--catalogue FILE");
    assertThat(dir.resolve("pu")).doesNotExist();
  }

  @Test
  void catalogueFileWithRepeatedId_isRejectedNamingFileAndLine() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad-catalogue.txt"), "i1\ni2\ni1\n");

    assertThat(cli.run("evaluate", "--data", train().toString(), "--format", "tsv", "--catalogue", bad.toString(), "--model",
        "popularity")).isEqualTo(2);
    assertThat(cli.err()).contains("bad-catalogue.txt:3", "repeats an earlier line");
  }

  @Test
  void evaluate_store_usesTheStoresGarmentListByDefault() {
    assertThat(cli.run("evaluate", "--data", "store:3:300", "--model", "popularity")).as(cli.err()).isZero();

    // 300 customers: 100 garments (StoreData), all in the catalogue, nothing dropped.
    assertThat(cli.out()).contains("\"items\":100", "\"catalogue_items\":100");
    assertThat(cli.err()).contains("store:3:300: catalogue of 100 items; dropped 0 of ");
  }

  @Test
  void evaluate_movieLensUData_usesTheUItemBesideIt() throws IOException {
    Path ml = Files.createDirectories(dir.resolve("ml"));
    Path uData = Files.writeString(ml.resolve("u.data"),
        "1\t10\t5\t881250949\n1\t20\t4\t881250950\n2\t10\t3\t881250951\n2\t30\t4\t881250952\n3\t10\t4\t881250953\n"
            + "3\t20\t5\t881250954\n3\t99\t5\t881250955\n");
    Files.write(ml.resolve("u.item"), "10|A (1995)|x\n20|B\u00e9 (1995)|y\n30|C (1995)|z\n40|D (1996)|w\n"
        .getBytes(StandardCharsets.ISO_8859_1));

    int status = cli.run("evaluate", "--data", uData.toString(), "--model", "popularity", "--split", "holdout:0.3");

    assertThat(status).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"items\":4", "\"catalogue_items\":4");
    assertThat(cli.err()).contains("u.data: catalogue of 4 items; dropped 1 of 7 interactions whose item is not in it");
  }

  @Test
  void evaluate_realMovieLens100k_picksUpUItem() {
    Path uData = SharedData.require("ml-100k/u.data");
    Assumptions.assumeTrue(Files.isRegularFile(uData.resolveSibling("u.item")), uData.resolveSibling("u.item") + " absent: skipping");

    int status = cli.run("evaluate", "--data", uData.toString(), "--min-weight", "4", "--model", "popularity", "--threads", "1");

    assertThat(status).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"items\":1682", "\"catalogue_items\":1682");
    assertThat(cli.err()).contains("catalogue of 1682 items; dropped 0 of 55375 interactions");
  }

  @Test
  void evaluate_store_privateModelRestrictedToTheStoreCatalogue_privateFit() {
    int status = cli.run("evaluate", "--data", "store:3:300", "--model", "dp-popularity", "--epsilon", "2");

    assertThat(status).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"model\":\"dp-popularity\"", "\"catalogue_items\":100", "\"epsilon\":2.0");
  }

  @Test
  void recommend_privateModelWithCatalogue_listsOnlyCatalogueItems_privateFit() throws IOException {
    Path outFile = dir.resolve("top.tsv");

    int status = cli.run("recommend", "--train", train().toString(), "--catalogue", catalogue().toString(), "--k", "2",
        "--out", outFile.toString(), "--model", "dp-popularity", "--param", "epsilon=5");

    assertThat(status).as(cli.err()).isZero();
    Set<String> items = Files.readAllLines(outFile).stream().map(l -> l.split("\t")[1]).collect(Collectors.toSet());
    assertThat(items).isSubsetOf("i1", "i2", "i3", "i5");
  }

  @Test
  void privacyUtility_storeCatalogue_writesCsv_privateFit() throws IOException {
    Path outDir = dir.resolve("pu");

    int status = cli.run("privacy-utility", "--data", "store:3:300", "--models", "dp-popularity", "--epsilons", "1",
        "--seeds", "1", "--out", outDir.toString());

    assertThat(status).as(cli.err()).isZero();
    assertThat(Files.readAllLines(outDir.resolve("privacy-utility.csv"))).hasSize(3); // header, popularity, dp-popularity
    assertThat(cli.err()).contains("catalogue of 100 items");
  }
}
