/**
 * PrivRec's privacy toolkit: secure noise, differentially private mechanisms and aggregations,
 * the privacy accountant, contribution bounding, and k-anonymity.
 *
 * <p>Exports only API packages. {@code io.privrec.dp.internal} (argument checks, the JSON writer,
 * numerics) is shared with {@code io.privrec.core} alone and {@code io.privrec.dp.kanon.internal}
 * (the anonymisation search) with nobody: they may change in any release.
 */
module io.privrec.dp {

  exports io.privrec.dp.aggregate;
  exports io.privrec.dp.bounding;
  exports io.privrec.dp.budget;
  exports io.privrec.dp.kanon;
  exports io.privrec.dp.noise;
  exports io.privrec.dp.random;
  exports io.privrec.dp.select;

  exports io.privrec.dp.internal to io.privrec.core;
}
