// Running it in a shop: the durable home a back end opens at start-up and closes at shutdown.
// init -> ingest -> fit -> serve -> record -> refit -> forget -> restart -> report.
// Run with: examples/notebooks/run.sh running-in-a-shop.jsh   (after ./mvnw -q install -DskipTests)

import io.privrec.core.*;
import io.privrec.core.data.*;
import io.privrec.core.privacy.*;
import io.privrec.core.store.*;
import io.privrec.dp.budget.*;
import java.nio.file.*;
import java.time.*;

// 1. Init: a new home directory (0700) for a shop with its public catalogue. Legacy purchases are
// imported under an opt-out notice, so the regime is OPT_OUT: everybody is in until she objects.
// Refits are private: (ε = 1, δ = 1e-6) each, from a durable budget of (ε = 3, δ = 1e-5).
SyntheticStore store = SyntheticStore.builder().seed(5).customers(3_000).garments(400).events(60_000).build();
Path dir = Files.createTempDirectory("privrec-shop").resolve("shop");
HomeOptions options = HomeOptions.builder().regime(Regime.OPT_OUT).algorithm("ease", Map.of()).
    privacy(1.0, 1e-6).budget(3.0, 1e-5).build();
RecommenderHome home = RecommenderHome.create(dir, store.catalogue(), options);

// 2. Ingest the shop's history, then fit: the charge is forced to the ledger before anything is computed.
System.out.println("ingested: " + home.ingest(store.interactions()));
System.out.println("fitted: " + home.refit());

// 3. Serve a customer, then record a purchase: her next list already uses it, before any refit.
String anna = store.interactions().users().id(0);
List<ScoredItem> first = home.recommend(anna, 5);
System.out.println("anna: " + first);
home.record(anna, first.get(0).itemId(), EventKind.PURCHASE, Instant.now());
System.out.println("anna after buying " + first.get(0).itemId() + ": " + home.recommend(anna, 5));

// 4. A new customer without consent for anything under OPT_IN would be refused; here a customer who
// objected to everything is refused and counted, and nothing of hers is stored.
String bea = "new-customer-bea";
home.consent().withdraw(bea, Purpose.MODEL_TRAINING, "privacy-centre");
home.consent().withdraw(bea, Purpose.PERSONALISATION, "privacy-centre");
System.out.println("bea's view: " + home.record(bea, first.get(1).itemId(), EventKind.VIEW, Instant.now()));

// 5. Refit in the background: readers keep the old version until the new one is live.
var next = home.refitInBackground("ease", Map.of(), PrivacyBudget.of(1.0, 1e-6));
System.out.println("served while refitting: " + home.recommend(anna, 3));
System.out.println("now live: " + next.join());

// 6. Forget a customer: consent history (a pseudonymous proof kept), events (rewritten out of the
// files), the model; her tombstone (a keyed digest, never her id) refuses her events from now on.
String carla = store.interactions().users().id(1);
System.out.println("erased: " + home.forget(List.of(carla)).interactionsRemoved() + " interactions");
System.out.println("carla's new event: " + home.record(carla, first.get(1).itemId(), EventKind.VIEW, Instant.now()));

// 7. Restart: close, reopen, the same recommendations bit for bit, and the budget spent is still spent.
List<ScoredItem> beforeRestart = home.recommend(anna, 5);
home.close();
home = RecommenderHome.open(dir, options);
System.out.println("same after restart: " + beforeRestart.equals(home.recommend(anna, 5)));
try {
  home.refit(); // a third ε = 1 refit still fits in ε = 3 ...
  home.refit(); // ... a fourth does not: refused before anything is computed
} catch (io.privrec.dp.budget.PrivacyBudgetExceededException e) {
  System.out.println("refused: " + e.getMessage().lines().findFirst().orElse(""));
}

// 8. Report: the publishable part (configuration and DP charges only) and the budget statement.
System.out.println(home.privacyReport().orElseThrow().toText());
System.out.println("budget: " + home.budget());
home.close();
