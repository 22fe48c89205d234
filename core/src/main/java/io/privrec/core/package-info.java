/**
 * PrivRec's facade: {@link io.privrec.core.PrivateRecommender} fits a recommender on a store's
 * interactions over a public {@link io.privrec.core.data.Catalogue} and serves recommendations for
 * customers, anonymous sessions and batches while honouring consent, erasure, access and
 * (optionally) customer-level differential privacy. Its results and reports are the other types
 * here: {@link io.privrec.core.ScoredItem}, {@link io.privrec.core.RecommendationExplanation},
 * {@link io.privrec.core.ErasureReceipt}, {@link io.privrec.core.PrivacyReport} and the {@link
 * io.privrec.core.ColdStart} policy. All of them are public API.
 *
 * <p>Privacy model: the catalogue is public, and a fitted model holds item-side statistics only
 * (no customer's row, factors or cohort; in privacy mode it is a differentially private release).
 * Customer data lives beside the facade, in {@link io.privrec.core.PrivateRecommender}, where each
 * customer is scored from her own interactions against the model and where erasure and export act.
 */
package io.privrec.core;
