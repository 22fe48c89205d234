package io.privrec.examples.cli;

/** Help text for the models' {@code --param key=value} hyperparameters. */
final class ModelHelp {
  static final String PARAMS = String.join("\n",
      "                     popularity: (none)",
      "                     item-knn: similarity=asymmetric|cosine|jaccard (asymmetric), alpha=0.3,",
      "                       neighbours=100, shrink=50, min-support=1, weighting=tfidf|bm25|none,",
      "                       bm25-k1=1.2, bm25-b=0.75, binarize=true",
      "                     ials: factors=64, iterations=15, alpha=10, lambda=0.03, reg-exponent=1,",
      "                       solver=cg|cholesky, cg-steps=3, seed=42, threads=<cores>",
      "                     ease: lambda=400, max-items=20000, binarize=true",
      "                     dp-*: epsilon=1, delta=1e-6, max-items-per-user=..., plus model-specific",
      "                       keys (or --epsilon/--delta); see 'privacy-utility --help'",
      "");

  private ModelHelp() {}
}
