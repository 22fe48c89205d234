/**
 * PrivRec's recommender engine and its facade: data, catalogue, collaborative-filtering models and
 * their differentially private variants, scoring, evaluation, consent, erasure and export.
 *
 * <p>Exports only API packages; every {@code ...internal} package is encapsulated and may change
 * in any release. The {@code dp} types that appear in this module's API (budgets, the accountant,
 * cohorts) come with it ({@code requires transitive io.privrec.dp}).
 *
 * <p>The Vector API scoring kernels need no declaration here: when the JVM runs with {@code
 * --add-modules jdk.incubator.vector}, the module reads it at run time; otherwise plain loops are
 * used.
 */
module io.privrec.core {
  requires transitive io.privrec.dp;

  exports io.privrec.core;
  exports io.privrec.core.cf;
  exports io.privrec.core.cf.dp;
  exports io.privrec.core.data;
  exports io.privrec.core.eval;
  exports io.privrec.core.model;
  exports io.privrec.core.privacy;
  exports io.privrec.core.scoring;
  exports io.privrec.core.store;
}
