/**
 * The roles a recommendation model plays, and nothing else: {@link io.privrec.core.model.Algorithm}
 * (fits), {@link io.privrec.core.model.PrivateAlgorithm} (fits under an enforced (ε, δ) budget on a
 * public catalogue), {@link io.privrec.core.model.ItemScorer} (scores a profile over its items and
 * takes an {@link io.privrec.core.model.Erasure} into account), {@link
 * io.privrec.core.model.PrivateModel} (a differentially private release, publishable), {@link
 * io.privrec.core.model.SavableModel} and {@link io.privrec.core.model.Explainable}.
 *
 * <p>A fitted model holds item-side statistics only — no customer's row, factors or cohort —
 * and records the item ids it was fitted on. The algorithms themselves, their registry by name
 * ({@code io.privrec.core.cf.Algorithms}) and the model file format live in {@code
 * io.privrec.core.cf}; this package depends on none of them.
 */
package io.privrec.core.model;
