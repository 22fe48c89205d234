/**
 * Differentially private recommenders: models whose released parameters are differentially
 * private at the level of a whole customer (add/remove one user and all her interactions), with
 * per-customer contribution bounding, noise from {@code io.privrec.dp.noise} and the budget
 * charged to an {@link io.privrec.dp.budget.PrivacyAccountant} before anything is released. See
 * {@link io.privrec.core.model.PrivateAlgorithm}. Fitted models are {@link
 * io.privrec.core.model.PrivateModel}s: they report their {@link
 * io.privrec.core.model.PrivacyGuarantee} and can be saved and loaded (each model's {@code load})
 * without any further charge.
 */
package io.privrec.core.cf.dp;
