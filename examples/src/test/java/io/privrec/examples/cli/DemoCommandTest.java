package io.privrec.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  private static String run(String... argv) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new DemoCommand().run(Args.parse(List.of(argv)), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_smallStore_toursEverySectionAndEnforcesTheStoreBudget() throws Exception {
    String out = run("--data", "store:7:3000", "--models", "popularity,dp-ease");

    assertThat(out).contains("PrivRec demo: synthetic fashion store (store:7:3000)", "why #1: she has",
        "withdrew personalisation", "Anonymous visitor", "asks to be forgotten", "a second request is refused",
        "Differential privacy: not used");
    // Location cohorts: a visitor known only by her region, a new customer with one garment.
    assertThat(out).contains("Anonymous visitor who shares only her region, North-West",
        "why #1: popular with customers in region ", "New customer c",
        "location_personalisation: placing customers in cohorts of at least 50 by region, age-band");
    String newcomer = out.lines().dropWhile(l -> !l.startsWith("New customer")).skip(6).findFirst().orElseThrow();
    assertThat(newcomer).contains("why #1:").contains("popular with customers in region ");
    // The publishable model: one dp-ease release charged to the store-wide (1, 1e-6) budget, the
    // second model refused before it is fitted.
    assertThat(out).contains("Publishable model: EASE, (ε = 1, δ = 1e-06)-differentially private per customer",
        "Differential privacy: the published model is (1.000, 1.00e-06)-differentially private per customer",
        "spent so far ε = 1.000, δ = 1.00e-06 (basic composition) in 1 release(s)", "[gaussian-gdp]",
        "a second model on the same store budget is refused before anything is computed");
    // The refusal in words: what the second model needs and what is left; no record toString()s.
    String refusal = out.lines().dropWhile(l -> !l.contains("is refused before anything is computed")).skip(1)
        .takeWhile(l -> l.startsWith("    ")).reduce("", (a, b) -> a + " " + b.trim()).trim();
    assertThat(refusal).startsWith("Privacy budget exceeded: 2 releases ('dp-item-knn co-occurrence counts',")
        .contains("need together ε = ", "but only ε = 0, δ = 0 of the total ε = 1, δ = 1e-6 is left",
            "(1 earlier release spent ε = 1, δ = 1e-6)")
        .endsWith("Nothing was recorded.")
        .doesNotContain("SpentBudget[", "PrivacyCost[", "Allocating", "epsilon=", "Infinity");
    assertThat(out).doesNotContain("the budget is not enforced");
    List<String> table = out.lines().dropWhile(l -> !l.startsWith("Evaluation:")).toList();
    assertThat(table).hasSize(4);
    assertThat(table.get(2)).startsWith("  popularity ");
    assertThat(table.get(3)).startsWith("  dp-ease ε=1 ");
  }

  @Test
  void run_unknownModel_isRejectedBeforeTheStoreIsGenerated() {
    assertThatIllegalArgumentException().isThrownBy(() -> run("--data", "store:7:3000", "--models", "nope"))
        .withMessageContaining("--models: unknown model 'nope'");
  }

  @Test
  void wrap_breaksAtSpacesButNeverInsideAnEquation() {
    String wrapped = DemoCommand.wrap("needs ε = 1, δ = 1e-6 but only ε = 0 is left", "  ", 16);

    assertThat(wrapped).isEqualTo("  needs ε = 1,\n  δ = 1e-6 but\n  only ε = 0 is\n  left\n");
  }
}
