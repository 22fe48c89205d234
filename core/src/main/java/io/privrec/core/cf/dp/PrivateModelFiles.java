package io.privrec.core.cf.dp;

import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.model.ModelIo;
import io.privrec.core.model.Params;
import io.privrec.core.model.PrivacyGuarantee;
import io.privrec.dp.budget.PrivacyBudget;
import java.util.function.Function;

/**
 * The parts of a private model's {@link ModelIo} file that every private model shares: model type
 * = the algorithm's name, layout {@value #LAYOUT}, the algorithm's parameters, the {@link
 * PrivacyGuarantee} of the fit (keys {@code guarantee-epsilon}, {@code guarantee-delta}, {@code
 * guarantee-mechanism}) and, for models that score training customers from their own rows, those
 * rows (sections {@code user-ptr}, {@code user-items}, {@code user-weights}, as the non-private
 * models store them). Loading is post-processing of the release: it charges no budget. Stateless.
 */
final class PrivateModelFiles {
  /** Layout version of every private model type. */
  static final int LAYOUT = 1;

  private static final String EPSILON = "guarantee-epsilon";
  private static final String DELTA = "guarantee-delta";
  private static final String MECHANISM = "guarantee-mechanism";

  private PrivateModelFiles() {}

  /** A configuration read back with the guarantee stored beside it. */
  record Loaded<A extends AbstractPrivateAlgorithm>(A config, PrivacyGuarantee guarantee) {}

  /** Starts a model's contents: type, layout, parameters and guarantee. */
  static ModelIo.Contents.Builder contents(AbstractPrivateAlgorithm config, PrivacyGuarantee guarantee) {
    return ModelIo.Contents.builder(config.name(), LAYOUT)
        .parameters(config.parameters())
        .parameter(EPSILON, Double.toString(guarantee.budget().epsilon()))
        .parameter(DELTA, Double.toString(guarantee.budget().delta()))
        .parameter(MECHANISM, guarantee.mechanism());
  }

  /** Adds the training customers' rows. */
  static ModelIo.Contents.Builder withRows(ModelIo.Contents.Builder b, UserRows rows) {
    return b.ints("user-ptr", rows.pointers()).ints("user-items", rows.items()).floats("user-weights", rows.weights());
  }

  /**
   * Checks the type and layout, reads the configuration with {@code reader} (which must read every
   * algorithm key) and the stored guarantee, and checks that they agree.
   *
   * @throws IllegalArgumentException naming the source for another model type or layout, a missing,
   *     unknown or invalid parameter, or a guarantee that does not match the parameters
   */
  static <A extends AbstractPrivateAlgorithm> Loaded<A> read(ModelIo.Contents c, String type,
      Function<Params, A> reader) {
    c.requireType(type, LAYOUT);
    String source = c.source();
    A config;
    PrivacyGuarantee guarantee;
    try {
      Params params = new Params(type, c.parameters());
      config = reader.apply(params);
      guarantee = new PrivacyGuarantee(type, PrivacyBudget.of(number(c, params, EPSILON), number(c, params, DELTA)),
          c.parameter(MECHANISM), config.insecure);
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

  /** The stored training rows over {@code numItems} items. */
  static UserRows rows(ModelIo.Contents c, int numItems) {
    return UserRows.of(numItems, c.ints("user-ptr"), c.ints("user-items"), c.floats("user-weights"), c.source());
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
