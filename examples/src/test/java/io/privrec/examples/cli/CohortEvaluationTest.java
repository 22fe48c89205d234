package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --cohorts}: the JSON line, the validation choice, users files and errors. */
class CohortEvaluationTest {
  @TempDir
  Path tmp;

  /** The number at {@code parts} (objects by name, then the member), e.g. with_cohorts, cold_start, recall@20. */
  private static double number(String json, String... parts) {
    int from = 0;
    String path = String.join("/", parts);
    for (int i = 0; i < parts.length - 1; i++) {
      from = json.indexOf("\"" + parts[i] + "\":{", from);
      assertThat(from).as(path).isNotNegative();
    }
    Matcher m = Pattern.compile("\"" + Pattern.quote(parts[parts.length - 1]) + "\":(-?[0-9.Ee+-]+|null)")
        .matcher(json);
    assertThat(m.find(from)).as(path).isTrue();
    return m.group(1).equals("null") ? Double.NaN : Double.parseDouble(m.group(1));
  }

  @Test
  void store_reportsOverallAndColdStartBesideTheModelAloneAndPopularity() {
    CliRun cli = new CliRun();
    assertThat(cli.run("evaluate", "--data", "store:7:3000", "--model", "item-knn", "--cohorts", "region,age-band",
        "--cohort-k", "50")).as(cli.err()).isZero();
    String json = cli.out().strip();
    assertThat(json.lines()).hasSize(1);
    assertThat(json).contains("\"cohorts\":[\"region\",\"age-band\"]", "\"cohort_k\":50",
        "\"blend_prior_from\":\"validation\"", "\"validation_recall@20\":{\"0.0\":");
    double cold = number(json, "cold_start_users");
    assertThat(cold).isPositive().isLessThan(number(json, "users_evaluated"));
    // The chosen prior is the validation optimum.
    double prior = number(json, "blend_prior");
    double chosen = number(json, "validation_recall@20", Double.toString(prior));
    for (String a : List.of("0.0", "0.5", "1.0", "2.0", "4.0", "8.0", "16.0")) {
      assertThat(chosen).isGreaterThanOrEqualTo(number(json, "validation_recall@20", a));
    }
    for (String run : List.of("with_cohorts", "without_cohorts", "popularity")) {
      for (String part : List.of("overall", "cold_start")) {
        assertThat(number(json, run, part, "recall@20")).as(run + " " + part).isBetween(0.0, 1.0);
      }
    }
    assertThat(number(json, "cold_start_recall@20_vs_popularity")).isCloseTo(
        number(json, "with_cohorts", "cold_start", "recall@20") / number(json, "popularity", "cold_start", "recall@20"),
        org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void privacyMode_sharesTheBudgetOrAddsTheCohortBudget() {
    CliRun cli = new CliRun();
    assertThat(cli.run("evaluate", "--data", "store:7:3000", "--model", "dp-popularity", "--epsilon", "1",
        "--delta", "1e-6", "--cohorts", "region", "--cohort-k", "200", "--cohort-max-items", "1",
        "--blend-prior", "4")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"cohort_share\":0.5", "\"cohort_max_items\":1", "\"blend_prior_from\":\"--blend-prior\"")
        .doesNotContain("validation_recall");
    assertThat(cli.run("evaluate", "--data", "store:7:3000", "--model", "dp-popularity", "--cohorts", "region",
        "--cohort-epsilon", "0.5", "--cohort-share", "0.3")).isEqualTo(2);
    assertThat(cli.err()).contains("--cohort-epsilon/--cohort-delta and --cohort-share exclude each other");
  }

  @Test
  void usersFile_delimitedWithHeader_andMistakesNamed() throws IOException {
    Path data = tmp.resolve("data.tsv");
    Path users = tmp.resolve("users.csv");
    List<String> events = new ArrayList<>();
    List<String> attributes = new ArrayList<>(List.of("id,city"));
    for (int u = 0; u < 120; u++) {
      String city = u % 2 == 0 ? "Leeds" : "Bath";
      attributes.add("u" + u + "," + city);
      for (int k = 0; k < 6; k++) {
        events.add("u" + u + "\t" + (u % 2 == 0 ? "a" : "b") + ((u + k) % 8) + "\t1");
      }
    }
    Files.write(data, events);
    Files.write(users, attributes);
    CliRun cli = new CliRun();
    assertThat(cli.run("evaluate", "--data", data.toString(), "--format", "tsv", "--model", "item-knn",
        "--users", users.toString(), "--cohorts", "city", "--cohort-k", "50")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("\"cohorts\":[\"city\"]");
    // An ARX-format hierarchy (no '*' level: one is added) lets visitors give the country.
    Path cities = tmp.resolve("cities.csv");
    Files.write(cities, List.of("Leeds;England", "Bath;England"));
    assertThat(cli.run("evaluate", "--data", data.toString(), "--format", "tsv", "--model", "item-knn",
        "--users", users.toString(), "--cohorts", "city", "--cohort-k", "50", "--hierarchy", "city=" + cities))
        .as(cli.err()).isZero();
    assertThat(cli.run("evaluate", "--data", data.toString(), "--format", "tsv", "--model", "item-knn",
        "--users", users.toString(), "--cohorts", "city", "--hierarchy", "town=" + cities)).isEqualTo(2);
    assertThat(cli.err()).contains("--hierarchy given for 'town', which is not a customer attribute");

    assertThat(cli.run("evaluate", "--data", data.toString(), "--format", "tsv", "--model", "item-knn",
        "--users", users.toString(), "--cohorts", "postcode")).isEqualTo(2);
    assertThat(cli.err()).contains("--cohorts: 'postcode' is not a customer attribute; the attributes are [city]");
    assertThat(cli.run("evaluate", "--data", data.toString(), "--format", "tsv", "--model", "item-knn",
        "--cohorts", "city")).isEqualTo(2);
    assertThat(cli.err()).contains("--cohorts needs customer attributes: give --users FILE");
  }
}
