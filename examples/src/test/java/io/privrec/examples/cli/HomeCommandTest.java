package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeCommandTest {
  @TempDir Path tmp;
  private final CliRun cli = new CliRun();
  private Path home;
  private Path data;
  private Path catalogue;

  @BeforeEach
  void files() throws IOException {
    home = tmp.resolve("shop");
    catalogue = tmp.resolve("catalogue.txt");
    List<String> items = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      items.add("i" + i);
    }
    Files.write(catalogue, items, StandardCharsets.UTF_8);
    // ratings.csv (movielens-csv): c1..c5 share a taste for i1..i4, c6 buys i8, i9; "x1" is not in the catalogue.
    List<String> lines = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
    long t = 1_600_000_000L;
    for (int c = 1; c <= 5; c++) {
      for (int i = 1; i <= 4; i++) {
        if (c != 1 || i != 4) {
          lines.add("c" + c + ",i" + i + ",5," + t++);
        }
      }
    }
    lines.add("c6,i8,5," + t++);
    lines.add("c6,i9,4," + t++);
    lines.add("c6,x1,5," + t++);
    data = tmp.resolve("ratings.csv");
    Files.write(data, lines, StandardCharsets.UTF_8);
  }

  private String[] home(String sub, String... rest) {
    List<String> argv = new ArrayList<>(List.of("home", sub, "--home", home.toString()));
    argv.addAll(List.of(rest));
    return argv.toArray(new String[0]);
  }

  private void initAndIngest() {
    assertThat(cli.run(home("init", "--catalogue", catalogue.toString(), "--regime", "opt-out")))
        .as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("{\"home\":\"" + home + "\",\"catalogueItems\":10,\"regime\":\"opt-out\"}\n");
    assertThat(cli.run(home("ingest", "--data", data.toString(), "--format", "movielens-csv"))).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("{\"stored\":21,\"refusedNoConsent\":0,\"refusedErased\":0}\n");
    assertThat(cli.err()).contains("dropped 1 of 22 interactions");
  }

  private static List<String> items(String json) {
    List<String> items = new ArrayList<>();
    Matcher m = Pattern.compile("\"item\":\"([^\"]+)\"").matcher(json);
    while (m.find()) {
      items.add(m.group(1));
    }
    return items;
  }

  @Test
  void homeSubcommandsCanBeTypedWithoutHomeAsIssuesAndScriptsWriteThem() {
    initAndIngest();
    assertThat(cli.run(new String[] {"fit", "--home", home.toString(), "--model", "item-knn"})).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("{\"version\":\"v000001\"");
    assertThat(cli.run(new String[] {"recommend", "--home", home.toString(), "--customer", "c1", "--k", "2"}))
        .as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("{\"customer\":\"c1\",\"items\":[");
    assertThat(cli.run(new String[] {"report", "--home", home.toString()})).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("{\"report\":");
  }

  @Test
  void fullLifecycleThroughTheCli() throws IOException {
    initAndIngest();

    assertThat(cli.run(home("fit", "--model", "item-knn"))).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("{\"version\":\"v000001\",\"model\":\"item-knn\",\"differentiallyPrivate\":false,"
        + "\"spent\":null,\"cumulative\":null}\n");

    assertThat(cli.run(home("recommend", "--customer", "c1", "--k", "1"))).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("{\"customer\":\"c1\",\"items\":[{\"item\":\"i4\",\"score\":");
    assertThat(cli.out().lines()).hasSize(1);

    assertThat(cli.run(home("forget", "--customer", "c1"))).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("{\"customers\":1,\"interactionsRemoved\":3,\"modelUpdate\":")
        .contains("\"proofs\":[{").contains("\"pseudonym\":").doesNotContain("\"c1\"");

    // Erased: no personal list any more (a cold start), and her export holds only the erasure proof.
    assertThat(cli.run(home("recommend", "--customer", "c1", "--k", "3"))).as(cli.err()).isZero();
    assertThat(items(cli.out())).doesNotContain("i4");
    assertThat(cli.run(home("export", "--customer", "c1"))).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"erased\":true").contains("\"events\":[]")
        .contains("\"trainedOnHerData\":false");
    assertThat(cli.run(home("forget", "--customer", "c1"))).isEqualTo(1);
    assertThat(cli.err()).contains("already erased").doesNotContain("c1");
    // Her events are refused from now on.
    assertThat(cli.run(home("ingest", "--data", data.toString(), "--format", "movielens-csv"))).isZero();
    assertThat(cli.out()).contains("\"refusedErased\":3");

    assertThat(cli.run(home("export", "--customer", "c2"))).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"customerId\":\"c2\"").contains("\"item\":\"i1\"");
    assertThat(cli.out().lines()).hasSize(1);
    Path exported = tmp.resolve("c2.json");
    assertThat(cli.run(home("export", "--customer", "c2", "--out", exported.toString()))).as(cli.err()).isZero();
    assertThat(cli.out()).isEmpty();
    assertThat(Files.readString(exported)).contains("\"customerId\":\"c2\"");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(exported)))
        .as("a new export holds personal data").isEqualTo("rw-------");

    assertThat(cli.run(home("report"))).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("{\"report\":{\"format\":\"privrec-privacy-report\"")
        .contains("\"model\":\"item-knn\"").contains("\"budget\":{\"total\":null").doesNotContain("\"internal\"");
    assertThat(cli.out().lines()).hasSize(1);
    // Events are appended: 18 kept after her erasure, plus the 18 others stored again by the second ingest.
    assertThat(cli.run(home("report", "--internal"))).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"internal\":{\"events\":36,\"customers\":5,\"erased\":1");
  }

  @Test
  void privateFitIsChargedAndAnOverBudgetFitIsRefusedAcrossCommands() {
    initAndIngest();
    String[] fit = home("fit", "--model", "dp-popularity", "--epsilon", "1", "--delta", "1e-6",
        "--budget-epsilon", "1.5", "--budget-delta", "1e-5");
    assertThat(cli.run(fit)).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("{\"version\":\"v000001\",\"model\":\"dp-popularity\",\"differentiallyPrivate\":true,"
        + "\"spent\":{\"epsilon\":0.99").contains("\"cumulative\":{\"epsilon\":0.99").contains("\"periods\":1}");
    assertThat(cli.run(home("report"))).isZero();
    String before = cli.out();
    assertThat(before).contains("\"charges\":1");

    // Each run opens the home afresh: the spent budget comes back from the durable ledger.
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThat(cli.run(fit)).isEqualTo(1);
      assertThat(cli.out()).isEmpty();
      assertThat(cli.err()).contains("Privacy budget exceeded").contains("Nothing was recorded")
          .doesNotContain("done in");
    }
    assertThat(cli.run(home("report"))).isZero();
    assertThat(cli.out().replaceAll("\"generatedAt\":\"[^\"]+\"", ""))
        .isEqualTo(before.replaceAll("\"generatedAt\":\"[^\"]+\"", ""));

    // The budget is fixed by the first private fit.
    assertThat(cli.run(home("fit", "--model", "dp-popularity", "--epsilon", "0.1", "--delta", "1e-7",
        "--budget-epsilon", "3", "--budget-delta", "1e-5"))).isEqualTo(1);
    assertThat(cli.err()).contains("privacy budget is fixed");
  }

  @Test
  void usageErrorsNameTheOptionAndNeverTheCustomer() {
    assertThat(cli.run(home("ingest", "--data", data.toString()))).isEqualTo(2);
    assertThat(cli.err()).contains("--home " + home).contains("home init");
    initAndIngest();
    assertThat(cli.run(home("init"))).isEqualTo(1);
    assertThat(cli.err()).contains("not empty");
    assertThat(cli.run(home("recommend", "--customer", "secret-42", "--k", "3"))).isEqualTo(1);
    assertThat(cli.err()).contains("no model yet").doesNotContain("secret-42");
    assertThat(cli.run(home("export", "--customer", "secret-42"))).isEqualTo(2);
    assertThat(cli.err()).doesNotContain("secret-42");
    assertThat(cli.run(home("fit", "--model", "dp-popularity", "--epsilon", "1", "--delta", "1e-6"))).isEqualTo(2);
    assertThat(cli.err()).contains("--budget-epsilon");
    assertThat(cli.run(home("fit", "--model", "popularity", "--budget-epsilon", "1"))).isEqualTo(2);
    assertThat(cli.err()).contains("--epsilon");
    assertThat(cli.run("home", "frobnicate", "--home", home.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("frobnicate").contains("init, ingest, fit");
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out()).contains("home ");
  }

  @Test
  void optInHomeRefusesCustomersWithoutConsent() {
    assertThat(cli.run(home("init", "--catalogue", catalogue.toString()))).isZero();
    assertThat(cli.out()).contains("\"regime\":\"opt-in\"");
    assertThat(cli.run(home("ingest", "--data", data.toString(), "--format", "movielens-csv"))).isZero();
    assertThat(cli.out()).isEqualTo("{\"stored\":0,\"refusedNoConsent\":21,\"refusedErased\":0}\n");
  }

  // --- --out safety -------------------------------------------------------------------------

  private int report(Path out) {
    return cli.run(home("report", "--out", out.toString()));
  }

  @Test
  void outRefusesADeviceNode() {
    Path devNull = Path.of("/dev/null");
    assumeTrue(Files.exists(devNull));
    initAndIngest();
    assertThat(report(devNull)).isEqualTo(2);
    assertThat(cli.err()).contains("--out /dev/null: not a regular file; refusing to replace it");
    assertThat(Files.isRegularFile(devNull)).isFalse();
  }

  @Test
  void outInAMissingDirectoryIsRefusedNamingIt() {
    initAndIngest();
    Path out = tmp.resolve("no-such-dir").resolve("report.json");
    assertThat(report(out)).isEqualTo(2);
    assertThat(cli.err()).contains("cannot open " + out + ": no such directory " + out.getParent());
  }

  @Test
  void outRefusesADirectoryAndASymlink() throws IOException {
    initAndIngest();
    Path dir = Files.createDirectory(tmp.resolve("adir"));
    assertThat(report(dir)).isEqualTo(2);
    assertThat(cli.err()).contains(dir + ": not a regular file");
    assertThat(Files.isDirectory(dir)).isTrue();

    Path target = Files.writeString(tmp.resolve("target.txt"), "keep");
    Path link = tmp.resolve("link.json");
    try {
      Files.createSymbolicLink(link, target);
    } catch (UnsupportedOperationException | IOException e) {
      org.junit.jupiter.api.Assumptions.abort("skipped: this file system cannot create symbolic links (" + e + ")");
    }
    assertThat(report(link)).isEqualTo(2);
    assertThat(cli.err()).contains(link + ": not a regular file").doesNotContain(".tmp-");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(target)).isEqualTo("keep");
  }

  @Test
  void outRefusesAReadOnlyFileAndKeepsTheModeOfAReplacedOne() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    initAndIngest();
    Path readOnly = Files.writeString(tmp.resolve("ro.json"), "old");
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
    assertThat(report(readOnly)).isEqualTo(2);
    assertThat(cli.err()).contains(readOnly + ": read-only file; refusing to replace it");
    assertThat(Files.readString(readOnly)).isEqualTo("old");

    Path shared = Files.writeString(tmp.resolve("shared.json"), "old");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(report(shared)).as(cli.err()).isZero();
    assertThat(Files.readString(shared)).startsWith("{\"report\":null,\"budget\":");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rw-r-----");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }
  }

  @Test
  void recommendCommandOutIsCheckedBeforeAnyWork() throws IOException {
    Path train = Files.writeString(tmp.resolve("train.tsv"), "u1\ti1\nu2\ti1\nu2\ti2\n");
    Path readOnly = Files.writeString(tmp.resolve("ro.tsv"), "old");
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
    assertThat(cli.run("recommend", "--train", train.toString(), "--k", "1", "--model", "popularity",
        "--out", readOnly.toString())).isEqualTo(2);
    assertThat(cli.err()).contains(readOnly + ": read-only file");
    Path out = Files.writeString(tmp.resolve("out.tsv"), "old");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(cli.run("recommend", "--train", train.toString(), "--k", "1", "--model", "popularity",
        "--fallback-min-customers", "1", "--out", out.toString())).as(cli.err()).isZero();
    assertThat(Files.readString(out)).contains("u1\ti");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
  }

  @Test
  void cohortsThroughTheCli_visitorsAndCustomersByRegion() {
    assertThat(cli.run(home("init", "--regime", "opt-out"))).as(cli.err()).isZero();
    assertThat(cli.run(home("ingest", "--data", "store:7:3000", "--users", "store:7:3000"))).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("{\"stored\":23014,\"refusedNoConsent\":0,\"refusedErased\":0,"
        + "\"customersWithAttributes\":3000,\"attributesRefused\":0}\n");
    assertThat(cli.run(home("fit", "--model", "item-knn", "--cohorts", "region,age-band"))).as(cli.err()).isZero();
    assertThat(cli.run(home("recommend", "--attributes", "region=North-West", "--cohorts", "region,age-band",
        "--k", "3"))).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("{\"visitor\":\"region=North-West\",\"items\":[");
    assertThat(items(cli.out())).hasSize(3);
    List<String> northWest = items(cli.out());
    assertThat(cli.run(home("recommend", "--attributes", "region=Islands", "--cohorts", "region,age-band",
        "--k", "3"))).isZero();
    assertThat(items(cli.out())).isNotEqualTo(northWest);
    // Without --cohorts the home serves no cohorts; both --customer and --attributes is a usage error.
    assertThat(cli.run(home("recommend", "--attributes", "region=Islands", "--k", "3"))).isEqualTo(1);
    assertThat(cli.err()).contains("has no cohorts");
    assertThat(cli.run(home("recommend", "--attributes", "region=Islands", "--customer", "c000001", "--k", "3")))
        .isEqualTo(2);
    assertThat(cli.err()).contains("give either --customer ID or --attributes name=value");
    assertThat(cli.run(home("recommend", "--attributes", "region", "--cohorts", "region", "--k", "3"))).isEqualTo(2);
    assertThat(cli.err()).contains("--attributes must be name=value pairs");
  }
}
