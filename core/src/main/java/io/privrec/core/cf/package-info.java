/**
 * The non-private collaborative-filtering algorithms and their registry by name: {@link
 * io.privrec.core.cf.Algorithms} creates any algorithm, private ones included, from a name and
 * {@code key=value} hyperparameters; {@link io.privrec.core.cf.Popularity} (most popular), {@link
 * io.privrec.core.cf.ItemKnn} (item-based k-nearest neighbours), {@link io.privrec.core.cf.Ease}
 * (EASE, closed form) and {@link io.privrec.core.cf.Ials} (implicit ALS) fit the models {@link
 * io.privrec.core.cf.PopularityModel}, {@link io.privrec.core.cf.ItemKnnModel}, {@link
 * io.privrec.core.cf.EaseModel} and {@link io.privrec.core.cf.IalsModel}. The roles these types
 * implement are in {@code io.privrec.core.model}; the differentially private variants are in
 * {@code io.privrec.core.cf.dp}. The hyperparameters a model shares with its private twin form one
 * validated record, {@link io.privrec.core.cf.ItemKnnOptions}, {@link
 * io.privrec.core.cf.EaseOptions} or {@link io.privrec.core.cf.IalsOptions}, which either
 * algorithm's builder takes ({@code options(...)}).
 *
 * <p>A fitted model holds item-side statistics only, never a customer's row; it scores any
 * profile and takes an erasure into account as the model documents. All types here are public
 * API; the shared helpers in {@code io.privrec.core.cf.internal} are not.
 */
package io.privrec.core.cf;
