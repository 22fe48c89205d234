/**
 * Sources of random bits for noise: {@link io.privrec.dp.random.RandomSource} (the role) and
 * {@link io.privrec.dp.random.RandomSources} (secure by default; a seeded source only under the name
 * {@code insecureReproducibleForTesting}).
 */
package io.privrec.dp.random;
