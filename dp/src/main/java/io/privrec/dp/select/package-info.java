/**
 * Private selection: choosing items, thresholds or keys from data with differential privacy.
 *
 * <ul>
 *   <li>{@link io.privrec.dp.select.ExponentialMechanism}: one item, probability ∝
 *       exp(ε·u/(2Δ)) (McSherry &amp; Talwar 2007);
 *   <li>{@link io.privrec.dp.select.ReportNoisyMax}: the arg max of utilities plus exponential
 *       noise (= permute-and-flip) or Laplace noise;
 *   <li>{@link io.privrec.dp.select.TopKSelection}: k items, one-shot Gumbel / peeling
 *       exponential mechanism (Durfee &amp; Rogers 2019);
 *   <li>{@link io.privrec.dp.select.SparseVector}: AboveThreshold and its c-answer variant
 *       (Dwork &amp; Roth 2014, Alg. 1 and 2);
 *   <li>{@link io.privrec.dp.select.PartitionSelection}: which keys may be released at all when
 *       the key set is not public (Desfontaines, Voss, Gipson &amp; Mandayam 2022).
 * </ul>
 *
 * <p><b>Budget: charge first, then select.</b> No mechanism here touches a {@link
 * io.privrec.dp.budget.PrivacyAccountant}. Each exposes the {@link
 * io.privrec.dp.budget.PrivacyCost} of one call of its selection method as {@code cost()}; the
 * caller charges it (alone with {@code allocate}, or together with other releases with {@code
 * allocateAll}) and calls the selection method only if the charge succeeded:
 *
 * <pre>{@code
 * ExponentialMechanism em = ExponentialMechanism.create(0.5, 1.0);
 * accountant.allocate("featured item", em.cost());
 * int item = em.select(utilities);
 * }</pre>
 *
 * <p>Guarantees are for neighbouring inputs whose utilities (or counts) differ by at most the
 * stated sensitivity in every coordinate, which holds when each input is computed from data in
 * which adding or removing one user changes every utility by at most that much (use {@link
 * io.privrec.dp.bounding.ContributionBounder} to make it so). Randomness comes only from a {@link
 * io.privrec.dp.random.RandomSource}, {@link io.privrec.dp.random.RandomSources#secure()} by
 * default; the samplers are exact (no floating-point noise values), so the known floating-point
 * attacks on noise do not apply. Run time depends on the data (rejection sampling), which these
 * classes do not hide.
 */
package io.privrec.dp.select;
