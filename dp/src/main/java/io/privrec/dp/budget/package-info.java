/**
 * Privacy budgets and their accounting: {@link io.privrec.dp.budget.PrivacyBudget} (an (ε, δ)
 * value), {@link io.privrec.dp.budget.PrivacyCost} (what one release costs: pure, approximate,
 * zCDP, Gaussian, subsampled Gaussian), {@link io.privrec.dp.budget.PrivacyAccountant} (an
 * all-or-nothing, thread-safe ledger that composes spends with the tightest applicable theorem),
 * {@link io.privrec.dp.budget.Composition} (basic, advanced and zCDP composition) and {@link
 * io.privrec.dp.budget.RenyiDp} (Rényi-DP curves and conversion to (ε, δ)). A {@link
 * io.privrec.dp.budget.LedgerJournal} makes an accountant's spends durable before they are granted
 * and {@link io.privrec.dp.budget.PrivacyAccountant#restore} rebuilds the accountant from them;
 * {@link io.privrec.dp.budget.CumulativeSpend} states the loss over several budget periods.
 *
 * <p>Typical use: build the release's cost, charge it, then compute and publish the release.
 *
 * <pre>{@code
 * PrivacyAccountant accountant = PrivacyAccountant.create(PrivacyBudget.of(1.0, 1e-6));
 * accountant.allocate("item popularity", PrivacyCost.gaussian(5.0));   // throws if it does not fit
 * // ... now add Gaussian noise with σ = 5 · L2 sensitivity and publish
 * }</pre>
 */
package io.privrec.dp.budget;
