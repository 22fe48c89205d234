/**
 * Implementation helpers shared by the collaborative-filtering models: the model file format
 * ({@link io.privrec.core.cf.internal.ModelIo}), hyperparameter parsing ({@link
 * io.privrec.core.cf.internal.Params}), training profiles read while fitting, model-file helpers
 * (item ids, refused layouts, erasure checks), profile validation, item co-occurrence with exact
 * removal and a blocked symmetric positive-definite inverse (parallel work runs on {@code
 * io.privrec.core.internal.parallel.Parallel}). Not API: may change without notice.
 */
package io.privrec.core.cf.internal;
