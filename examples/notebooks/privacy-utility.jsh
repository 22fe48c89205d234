// PrivRec privacy-utility: how much accuracy does a differentially private model cost, and how to
// choose epsilon. Run with: examples/notebooks/run.sh privacy-utility.jsh
// (the full-size curve: java -jar examples/target/privrec-examples.jar privacy-utility --help)

import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.*;
import io.privrec.core.eval.*;
import io.privrec.core.model.*;
import io.privrec.core.store.*;
import io.privrec.dp.budget.*;
import io.privrec.examples.cli.PrivacyUtilityPlot;

// A small store so the notebook runs in seconds; the README's curve uses 50,000 customers.
SyntheticStore store = SyntheticStore.builder().seed(3).customers(4_000).garments(400).events(80_000).build();
// The shop's public catalogue (the garment list, generated without looking at any customer):
// private models index exactly its items, so what they publish never reveals which garments
// customers touched. The store's data already lines up with it (garment g is column g).
Catalogue catalogue = store.catalogue();
InteractionMatrix data = store.interactions().onItems(catalogue.items());
Split split = Splits.userHoldout(0.2, 1).split(data).withoutColdTestItems();
Evaluator evaluator = Evaluator.of(10, 20);
List<PrivacyUtilityPlot.Row> rows = new ArrayList<>();

// Non-private reference.
EvaluationResult plain = evaluator.evaluate(Algorithms.create("item-knn", Map.of()), split);
rows.add(new PrivacyUtilityPlot.Row("item-knn", Double.POSITIVE_INFINITY, 1, plain.get("recall@20"), plain.get("ndcg@10"), 0));
System.out.printf("non-private item-knn: Recall@20 %.4f%n", plain.get("recall@20"));

// Private models at a few budgets. Every fit charges its (epsilon, delta) to an accountant first.
for (String model : List.of("dp-popularity", "dp-item-knn")) {
    for (double eps : new double[] {0.5, 2, 10}) {
        PrivateAlgorithm dp = ((PrivateAlgorithm) Algorithms.create(model, Map.of("epsilon", "" + eps, "delta", "1e-6"))).
            withCatalogue(catalogue);
        PrivacyAccountant accountant = PrivacyAccountant.create(dp.budget());
        ItemScorer scorer = dp.fit(split.train(), FitListener.NONE, accountant);
        EvaluationResult r = evaluator.evaluate(scorer, split);
        rows.add(new PrivacyUtilityPlot.Row(model, eps, 1, r.get("recall@20"), r.get("ndcg@10"), 0));
        System.out.printf("%-14s eps %4.1f: Recall@20 %.4f (%.0f%% of non-private), spent eps %.3f%n", model, eps,
            r.get("recall@20"), 100 * r.get("recall@20") / plain.get("recall@20"), accountant.spent().epsilon());
    }
}

// The curve as a PNG (headless Java2D), written next to this notebook (run.sh starts JShell in
// the notebooks directory).
Path png = Path.of("privacy-utility.png").toAbsolutePath();
PrivacyUtilityPlot.write(rows, "Recall@20 vs epsilon (delta 1e-6), small store", png);
System.out.println("plot written to " + png);

// How to choose epsilon:
// * epsilon bounds how much the published model can change because of any one customer: an
//   observer's odds of guessing whether she is in the data grow by at most a factor e^epsilon.
// * epsilon <= 1 is a strong promise; 1 < epsilon <= 10 is common in deployed systems when every
//   customer's contribution is bounded (PrivRec bounds it for you: at most m items per customer).
// * Accuracy grows with the number of customers: the same epsilon costs less on a large store.
//   Measure the curve on your own data (privacy-utility command) and pick the smallest epsilon
//   whose accuracy you accept; every model trained later draws from the same accountant.
