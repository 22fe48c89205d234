// PrivRec: personalise by location with k-anonymous cohorts, for anonymous visitors and new customers.
// Run with: examples/notebooks/run.sh location-cohorts.jsh   (after ./mvnw -q install -DskipTests)

import io.privrec.core.*;
import io.privrec.core.data.*;
import io.privrec.core.eval.*;
import io.privrec.core.privacy.*;
import io.privrec.core.store.*;

// 1. The embedded store: customers have a region (with a geography: postcode -> district ->
//    region -> macro-region) and an age band; regions have their own taste.
SyntheticStore store = SyntheticStore.builder().seed(7).customers(10_000).garments(1_000).events(200_000).build();
Catalogue catalogue = store.catalogue();
CustomerAttributes attributes = store.customerAttributes();
System.out.println("attributes: " + attributes.names());
Split split = Splits.userHoldout(0.2, 42).split(store.interactions()).withoutColdTestItems();

// 2. Cohorts of at least 50 customers by region and age band, beside an item-kNN model.
CohortOptions cohorts = CohortOptions.builder().attributes("region", "age-band").k(50).build();
PrivateRecommender rec = PrivateRecommender.builder().data(split.train()).catalogue(catalogue).algorithm("item-knn").attributes(attributes).cohorts(cohorts).build();

// 3. An anonymous visitor who shares only her region: the favourites of her region's cohorts.
//    Nothing about her is stored. A coarser label (a macro-region) or an unknown value walks up.
Map<String, String> visitor = Map.of("region", "North-West");
List<ScoredItem> forVisitor = rec.recommendForAttributes(visitor, 5);
System.out.println("visitor in the North-West -> " + forVisitor);
System.out.println("why: popular with customers in " + rec.explainForAttributes(visitor, forVisitor.get(0).itemId()).cohort().orElseThrow());
System.out.println("visitor in Central (a macro-region) -> " + rec.recommendForAttributes(Map.of("region", "Central"), 5));
System.out.println("visitor aged 25-34, region unknown -> " + rec.recommendForAttributes(Map.of("age-band", "25-34"), 5));

// 4. A new customer with one garment: her history blended with her cohort's favourites
//    (weight alpha / (alpha + n) for the cohort, n = her items the model can read: all of them
//    for item-kNN; for DP-EASE only its privately selected garments).
String newcomer = null;
for (int u = 0; u < split.train().numUsers() && newcomer == null; u++) {
    if (split.train().rowLength(u) == 1) {
        newcomer = split.train().users().id(u);
    }
}
List<ScoredItem> forNewcomer = rec.recommend(newcomer, 5);
System.out.println(newcomer + " (" + attributes.value(newcomer, "region") + ", " + attributes.value(newcomer, "age-band") + ") -> " + forNewcomer);
RecommendationExplanation why = rec.explain(newcomer, forNewcomer.get(0).itemId(), 2);
System.out.println("why: her items " + why.reasons() + "; popular with customers in " + why.cohort().orElse("-"));

// 5. Cold-start customers (at most 2 training garments): Recall@20 with cohorts vs global popularity.
PrivateRecommender popular = PrivateRecommender.builder().data(split.train()).catalogue(catalogue).algorithm("popularity").build();
double withCohorts = 0, popularity = 0;
int cold = 0;
for (int u = 0; u < split.test().numUsers(); u++) {
    if (split.test().rowLength(u) == 0 || split.train().rowLength(u) > 2) continue;
    Set<String> relevant = new HashSet<>();
    for (int p = split.test().rowStart(u); p < split.test().rowEnd(u); p++) relevant.add(split.test().items().id(split.test().itemAt(p)));
    String id = split.train().users().id(u);
    withCohorts += rec.recommend(id, 20).stream().filter(s -> relevant.contains(s.itemId())).count() / (double) relevant.size();
    popularity += popular.recommend(id, 20).stream().filter(s -> relevant.contains(s.itemId())).count() / (double) relevant.size();
    cold++;
}
System.out.printf("cold-start customers: %d; Recall@20 with cohorts %.4f, global popularity %.4f%n", cold, withCohorts / cold, popularity / cold);

// 6. Erasure reaches her attributes and her cohort's counts; export shows what is held.
System.out.println("export holds her attributes: " + rec.export(newcomer).contains("\"attributes\""));
rec.forget(newcomer);
String afterErasure;
try {
    rec.export(newcomer);
    afterErasure = "still held";
} catch (IllegalArgumentException e) {
    afterErasure = "nothing held: " + e.getMessage();
}
System.out.println("after erasure: " + afterErasure);
