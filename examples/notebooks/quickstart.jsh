// PrivRec quick start: load data, train, evaluate, recommend.
// Run with: examples/notebooks/run.sh quickstart.jsh   (after ./mvnw -q install -DskipTests)

import io.privrec.core.*;
import io.privrec.core.cf.Algorithms;
import io.privrec.core.data.*;
import io.privrec.core.eval.*;
import io.privrec.core.model.*;
import io.privrec.core.store.*;

// 1. Data: the embedded synthetic fashion store (a smaller one so the notebook runs in seconds).
SyntheticStore store = SyntheticStore.builder().seed(7).customers(5_000).garments(800).events(100_000).build();
InteractionMatrix data = store.interactions();
System.out.println(DatasetStats.of(data));

// 2. Split: hold out 20% of every customer's history.
Split split = Splits.userHoldout(0.2, 42).split(data).withoutColdTestItems();

// 3. Train with a progress bar.
FitListener bar = (stage, fraction) -> System.out.printf("\r[%-20s] %3.0f%% %s", "#".repeat((int) (fraction * 20)), fraction * 100, stage);
PrivateRecommender rec = PrivateRecommender.builder().data(split.train()).algorithm("item-knn").listener(bar).build();
System.out.println();

// 4. Evaluate against popularity.
Evaluator evaluator = Evaluator.of(10, 20);
for (String model : List.of("popularity", "item-knn")) {
    EvaluationResult r = evaluator.evaluate(Algorithms.create(model, Map.of()), split);
    System.out.printf("%-10s P@10 %.4f  R@20 %.4f  NDCG@10 %.4f%n", model, r.get("precision@10"), r.get("recall@20"), r.get("ndcg@10"));
}

// 5. Recommend for a customer and for an anonymous visitor.
String customer = split.train().users().id(0);
System.out.println(customer + " -> " + rec.recommend(customer, 5));
System.out.println("visitor -> " + rec.recommendForSession(List.of(split.train().items().id(0)), 5));
