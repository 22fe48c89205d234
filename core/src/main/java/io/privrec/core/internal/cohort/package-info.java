/**
 * Location cohorts behind {@link io.privrec.core.PrivateRecommender}: fitting the k-anonymous
 * cohort definitions on the members' attributes and turning attributes into lookup keys ({@link
 * io.privrec.core.internal.cohort.CohortFitting}), and the cohorts' item counts, exact or a
 * differentially private release, with the backoff scores built from them ({@link
 * io.privrec.core.internal.cohort.CohortModel}).
 *
 * <p><b>Not API.</b> The types here are public only so that other packages of the library can use
 * them; they may change or disappear in any release.
 */
package io.privrec.core.internal.cohort;
