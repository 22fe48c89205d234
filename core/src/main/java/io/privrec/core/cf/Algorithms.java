package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.dp.DpEase;
import io.privrec.core.cf.dp.DpIals;
import io.privrec.core.cf.dp.DpItemKnn;
import io.privrec.core.cf.dp.DpPopularity;
import io.privrec.core.cf.internal.Params;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Algorithm;
import java.util.LinkedHashMap;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Creates {@link Algorithm}s by name with {@code key=value} hyperparameters — the names and keys
 * accepted by the command line's {@code --model} and {@code --param}.
 *
 * <p>Thread-safe.
 */
public final class Algorithms {
  private static final Map<String, Function<Map<String, String>, Algorithm>> FACTORIES = new LinkedHashMap<>();

  static {
    FACTORIES.put("popularity", Popularity::fromParams);
    FACTORIES.put("item-knn", ItemKnn::fromParams);
    FACTORIES.put("ials", Ials::fromParams);
    FACTORIES.put("ease", Ease::fromParams);
    FACTORIES.put("dp-popularity", DpPopularity::fromParams);
    FACTORIES.put("dp-item-knn", DpItemKnn::fromParams);
    FACTORIES.put("dp-ease", DpEase::fromParams);
    FACTORIES.put("dp-ials", DpIals::fromParams);
  }

  private Algorithms() {}

  /** The known algorithm names, in a stable order. */
  public static List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }

  /**
   * Creates the algorithm {@code name} with {@code params}; missing keys take their defaults.
   *
   * @throws IllegalArgumentException for an unknown name, an unknown key or a bad value
   */
  public static Algorithm create(String name, Map<String, String> params) {
    requireNonNull(name, "name");
    requireNonNull(params, "params");
    Function<Map<String, String>, Algorithm> factory = FACTORIES.get(name);
    if (factory == null) {
      throw CorePreconditions.unknown("model", name, FACTORIES.keySet());
    }
    return factory.apply(params); // each fromParams rejects unknown keys itself
  }

  /**
   * What each algorithm's {@code fromParams(Map)} does: reads {@code params} with {@code reader},
   * then rejects the keys it did not read (naming {@code name}).
   *
   * @throws IllegalArgumentException for a bad value or an unknown key
   */
  static <A> A read(String name, Map<String, String> params, Function<Params, A> reader) {
    Params p = new Params(name, params);
    A algorithm = reader.apply(p);
    p.checkNoneUnknown();
    return algorithm;
  }

  /**
   * Loads a model file written by any model's {@link io.privrec.core.model.SavableModel#save}: the
   * file's header names its type, and the type's own {@code load} reads it.
   *
   * @throws IOException naming {@code file} if it cannot be read, is not a PrivRec model file, is
   *     corrupt, or holds a model type this library does not know
   */
  public static io.privrec.core.model.SavableModel load(java.nio.file.Path file) throws IOException {
    requireNonNull(file, "file");
    String type = io.privrec.core.cf.internal.ModelIo.read(file).modelType();
    return switch (type) {
      case "popularity" -> PopularityModel.load(file);
      case "item-knn" -> ItemKnnModel.load(file);
      case "ease" -> EaseModel.load(file);
      case "ials" -> IalsModel.load(file);
      case "dp-popularity" -> io.privrec.core.cf.dp.DpPopularityModel.load(file);
      case "dp-item-knn" -> io.privrec.core.cf.dp.DpItemKnnModel.load(file);
      case "dp-ease" -> io.privrec.core.cf.dp.DpEaseModel.load(file);
      case "dp-ials" -> io.privrec.core.cf.dp.DpIalsModel.load(file);
      default -> throw new IOException("model file " + file + " holds an unknown model type '" + type + "'");
    };
  }
}
