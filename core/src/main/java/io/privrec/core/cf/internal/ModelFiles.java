package io.privrec.core.cf.internal;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Erasure;
import java.util.Arrays;

/**
 * Helpers shared by the non-private models for their model files and erasures: the {@code
 * item-ids} section every file holds, the refusal of older layouts that held customer data, and the
 * checks of an {@link Erasure} against a model. Stateless and thread-safe.
 */
public final class ModelFiles {
  /** Name of the {@code String[]} section holding the item ids, in index order. */
  public static final String ITEM_IDS = "item-ids";

  private ModelFiles() {}

  /** The item ids of {@code items} in index order, for the {@value #ITEM_IDS} section. */
  public static String[] itemIds(IdIndex items) {
    return items.ids().toArray(new String[0]);
  }

  /**
   * Reads the {@value #ITEM_IDS} section.
   *
   * @throws IllegalArgumentException naming the source if the section is missing, or an id is
   *     empty or repeated
   */
  public static IdIndex readItems(ModelIo.Contents c) {
    String[] ids = c.strings(ITEM_IDS);
    try {
      return IdIndex.of("item", Arrays.asList(ids));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(c.source() + ": invalid " + ITEM_IDS + " section: " + e.getMessage(), e);
    }
  }

  /**
   * Checks the model type and that the layout is exactly {@code layout}: older layouts kept
   * customers' rows or factors and are no longer read.
   *
   * @throws IllegalArgumentException naming the source: another type, a newer layout, or an older
   *     layout (saying to refit)
   */
  public static void requireLayout(ModelIo.Contents c, String type, int layout) {
    c.requireType(type, layout);
    if (c.modelVersion() < layout) {
      throw new IllegalArgumentException(c.source() + " holds a '" + type + "' model of layout version "
          + c.modelVersion() + ", which kept customer data (rows or factors) in the model file; this library reads only"
          + " layout " + layout + ", which holds item-side statistics only. Refit the model and save it again");
    }
  }

  /**
   * Checks that an erasure is indexed like a model of {@code numItems} items and that {@code
   * after} holds no row of an erased customer (cost O(erased customers)).
   *
   * @throws IllegalArgumentException naming the parameter, the rule and the value otherwise
   */
  public static void checkErasure(Erasure erasure, int numItems) {
    requireNonNull(erasure, "erasure");
    InteractionMatrix before = erasure.before();
    if (before.numItems() != numItems) {
      throw CorePreconditions.fail("erasure.before()", "must have numItems() equal to the model's numItems() = " + numItems,
          before.numItems());
    }
    InteractionMatrix after = erasure.after();
    for (int k = 0; k < erasure.size(); k++) {
      if (after.rowLength(erasure.user(k)) != 0) {
        throw CorePreconditions.fail("erasure.after()", "must hold no interaction of an erased customer;"
            + " erased customer number " + k + " of the batch still has interactions");
      }
    }
  }
}
