/**
 * Differentially private recommenders: models that are (ε, δ)-differentially private at the level
 * of a whole customer (privacy unit: one customer and all her interactions; neighbours: add or
 * remove one customer), with per-customer contribution bounding, noise from {@code
 * io.privrec.dp.noise} and the budget charged to an {@link io.privrec.dp.budget.PrivacyAccountant}
 * before anything is released. Every fit needs a public {@link io.privrec.core.data.Catalogue}
 * ({@code Builder.catalogue} or {@code withCatalogue}): the model indexes exactly its items, so the
 * release's shape and item order never depend on the data. See {@link
 * io.privrec.core.model.PrivateAlgorithm}. Fitted models are {@link
 * io.privrec.core.model.PrivateModel}s and are releases: they keep no customer's data, report their
 * {@link io.privrec.core.model.PrivacyGuarantee} and can be saved (the file is publishable) and
 * loaded (each model's {@code load}) without any further charge.
 */
package io.privrec.core.cf.dp;
