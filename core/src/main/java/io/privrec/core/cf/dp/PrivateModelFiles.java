package io.privrec.core.cf.dp;

import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.data.Catalogue;
import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.dp.budget.PrivacyBudget;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The parts of a private model's {@code ModelIo} file that every private model shares: model type
 * = the algorithm's name, layout {@value #LAYOUT}, the algorithm's parameters, the {@link
 * PrivacyGuarantee} of the fit (keys {@code guarantee-epsilon}, {@code guarantee-delta}, {@code
 * guarantee-mechanism}, and {@code guarantee-random-source} when the fit drew from the insecure
 * test source) and the public catalogue's ids (String section {@code item-ids}, in index order).
 *
 * <p>A file holds the release and nothing else: the released statistics, the parameters, the
 * public catalogue and the guarantee; no customer's row, factors, cohort or id, and no count of
 * customers. Its size does not grow with the number of customers. Layout 1 files, which kept the
 * training customers' data, are refused: refit the model.
 *
 * <p>Loading is post-processing of the release: it charges no budget. The configuration read back
 * always draws from the secure random source: a file can record that its fit used the insecure test
 * source (the loaded model's {@link PrivacyGuarantee#insecureRandomSource()} says so), but no
 * parameter or section makes the loaded configuration fit with it (the keys {@code random-source}
 * and {@code insecure-seed} are not written and are refused as unknown). Stateless.
 */
final class PrivateModelFiles {
  /** Layout version of every private model type. */
  static final int LAYOUT = 2;

  private static final String EPSILON = "guarantee-epsilon";
  private static final String DELTA = "guarantee-delta";
  private static final String MECHANISM = "guarantee-mechanism";
  private static final String RANDOM_SOURCE = "guarantee-random-source";
  /** The section of catalogue ids. */
  static final String ITEM_IDS = "item-ids";

  private PrivateModelFiles() {}

  /**
   * A configuration read back (with its catalogue, secure random source) with the guarantee stored
   * beside it.
   */
  record Loaded<A extends AbstractPrivateAlgorithm>(A config, PrivacyGuarantee guarantee) {
    /** Number of catalogue items. */
    int numItems() {
      return config.catalogue.size();
    }
  }

  /**
   * Starts a model's contents: type, layout, parameters (without the test source's keys), guarantee
   * and the catalogue's ids.
   */
  static ModelIo.Contents.Builder contents(AbstractPrivateAlgorithm config, PrivacyGuarantee guarantee) {
    Map<String, String> parameters = new LinkedHashMap<>(config.parameters());
    parameters.remove(AbstractPrivateAlgorithm.RANDOM_SOURCE);
    parameters.remove(AbstractPrivateAlgorithm.INSECURE_SEED);
    ModelIo.Contents.Builder b = ModelIo.Contents.builder(config.name(), LAYOUT)
        .parameters(parameters)
        .parameter(EPSILON, Double.toString(guarantee.budget().epsilon()))
        .parameter(DELTA, Double.toString(guarantee.budget().delta()))
        .parameter(MECHANISM, guarantee.mechanism());
    if (guarantee.insecureRandomSource()) {
      b.parameter(RANDOM_SOURCE, AbstractPrivateAlgorithm.INSECURE);
    }
    return b.strings(ITEM_IDS, config.catalogue.items().ids().toArray(new String[0]));
  }

  /**
   * Checks the type and layout, reads the configuration with {@code reader} (which must read every
   * algorithm key and never a random source), the catalogue and the stored guarantee, and checks
   * that they agree. The returned configuration has the stored catalogue and the secure source.
   *
   * @throws IllegalArgumentException naming the source for another model type or layout (layout 1:
   *     refit), a missing, unknown or invalid parameter, invalid catalogue ids, or a guarantee that
   *     does not match the parameters
   */
  static <A extends AbstractPrivateAlgorithm> Loaded<A> read(ModelIo.Contents c, String type,
      Function<Params, A> reader) {
    c.requireType(type, LAYOUT);
    String source = c.source();
    if (c.modelVersion() < LAYOUT) {
      throw new IllegalArgumentException(source + " holds a '" + type + "' model of layout " + c.modelVersion()
          + ", which kept the training customers' data and is not a release; this library reads layout " + LAYOUT
          + " only: refit the model and save it again");
    }
    A config;
    PrivacyGuarantee guarantee;
    try {
      Params params = new Params(type, c.parameters());
      A read = reader.apply(params);
      if (read.insecure) {
        throw new IllegalArgumentException("a saved configuration must not use the insecure source");
      }
      Catalogue catalogue = Catalogue.of(Arrays.asList(c.strings(ITEM_IDS)));
      @SuppressWarnings("unchecked")
      A withCatalogue = (A) read.withCatalogue(catalogue);
      config = withCatalogue;
      String randomSource = params.choice(RANDOM_SOURCE, "secure", "secure", AbstractPrivateAlgorithm.INSECURE);
      guarantee = new PrivacyGuarantee(type, PrivacyBudget.of(number(c, params, EPSILON), number(c, params, DELTA)),
          c.parameter(MECHANISM), randomSource.equals(AbstractPrivateAlgorithm.INSECURE));
      params.string(MECHANISM, null);
      params.checkNoneUnknown();
    } catch (IllegalArgumentException e) {
      throw String.valueOf(e.getMessage()).startsWith(source) ? e
          : new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    if (!guarantee.budget().equals(config.budget())) {
      throw new IllegalArgumentException(source + ": stored guarantee " + guarantee.budget()
          + " does not match the parameters' budget " + config.budget());
    }
    return new Loaded<>(config, guarantee);
  }

  private static double number(ModelIo.Contents c, Params params, String key) {
    c.parameter(key); // names the source if missing
    return params.number(key, Double.NaN, 0, 1e300);
  }

  /** The single value of an {@code int[1]} section, checked to lie in {@code [min, max]}. */
  static int single(ModelIo.Contents c, String name, int min, int max) {
    int[] v = c.ints(name);
    if (v.length != 1 || v[0] < min || v[0] > max) {
      throw new IllegalArgumentException(c.source() + ": section '" + name + "' must hold one value in [" + min + ", "
          + max + "]");
    }
    return v[0];
  }

  /**
   * Checks that {@code values} has {@code length} finite entries.
   *
   * @throws IllegalArgumentException naming the source and section otherwise
   */
  static float[] finite(ModelIo.Contents c, String name, float[] values, long length) {
    checkLength(c, name, values.length, length);
    for (float v : values) {
      checkFinite(c, name, v);
    }
    return values;
  }

  /** As {@link #finite(ModelIo.Contents, String, float[], long)} for doubles. */
  static double[] finite(ModelIo.Contents c, String name, double[] values, long length) {
    checkLength(c, name, values.length, length);
    for (double v : values) {
      checkFinite(c, name, v);
    }
    return values;
  }

  private static void checkFinite(ModelIo.Contents c, String name, double v) {
    if (!Double.isFinite(v)) {
      // A released value: public, so the message may show it.
      throw new IllegalArgumentException(c.source() + ": section '" + name + "' contains a non-finite value: " + v);
    }
  }

  /** Checks a section's length. */
  static void checkLength(ModelIo.Contents c, String name, long actual, long expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(c.source() + ": section '" + name + "' holds " + actual + " values, expected "
          + expected);
    }
  }
}
