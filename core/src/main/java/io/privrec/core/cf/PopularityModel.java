package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.ModelFiles;
import io.privrec.core.cf.internal.ModelIo;
import io.privrec.core.data.IdIndex;
import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import io.privrec.core.model.Erasure;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelUpdate;
import io.privrec.core.model.SavableModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A fitted popularity model: every item's number of distinct training users, and the item ids it
 * was fitted on. It holds no customer row: customers are scored from their profiles (ignored
 * here: every profile gets the same ranking). Immutable and thread-safe.
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@code ModelIo} (model type {@code popularity}, layout 1):
 * sections {@code item-ids} (the item ids, in index order) and {@code counts} (one count per
 * item); nothing grows with the number of customers.
 */
public final class PopularityModel implements ItemScorer, SavableModel {
  static final String TYPE = "popularity";
  static final int LAYOUT = 1;

  private final IdIndex items;
  private final int[] counts;
  private final float[] popularity;

  PopularityModel(IdIndex items, int[] counts) {
    this.items = items;
    this.counts = counts;
    this.popularity = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      popularity[i] = counts[i];
    }
  }

  /** The item ids the model was fitted on, in index order. */
  @Override
  public IdIndex items() {
    return items;
  }

  @Override
  public int numItems() {
    return popularity.length;
  }

  /**
   * Number of training users who interacted with {@code item}.
   *
   * @throws IndexOutOfBoundsException if {@code item} is not in {@code [0, numItems())}
   */
  public int count(int item) {
    return counts[item];
  }

  /**
   * The model without the erased customers: the counts of the items in their rows (read from
   * {@link Erasure#before()}) are decremented, in time proportional to their interactions plus
   * one copy of the counts. Counts are integers, so the result is bit for bit the model fitted on
   * {@link Erasure#after()} ({@link ModelUpdate#EXACT}). The receiver is unchanged.
   *
   * @throws IllegalArgumentException if {@code erasure.before()} has another number of items, or
   *     the erased rows are not part of the data this model was fitted on (a count would become
   *     negative)
   */
  @Override
  public ModelUpdate.Result forget(Erasure erasure) {
    ModelFiles.checkErasure(erasure, numItems());
    InteractionMatrix before = erasure.before();
    int[] updated = counts.clone();
    for (int k = 0; k < erasure.size(); k++) {
      int u = erasure.user(k);
      for (int p = before.rowStart(u); p < before.rowEnd(u); p++) {
        if (--updated[before.itemAt(p)] < 0) {
          throw new IllegalArgumentException("erasure.before() must be the data this model was fitted on: an erased"
              + " row holds an item whose count would become negative");
        }
      }
    }
    return new ModelUpdate.Result(new PopularityModel(items, updated), ModelUpdate.EXACT);
  }

  /** Writes every item's count; the profile is ignored (it may be empty). */
  @Override
  public void scoreProfile(int[] items, float[] weights, float[] scores) {
    requireNonNull(scores, "scores");
    CorePreconditions.checkLength("scores", scores.length, "numItems()", popularity.length);
    System.arraycopy(popularity, 0, scores, 0, popularity.length);
  }

  /** The model's item ids and counts for {@code ModelIo} (arrays shared, not copied). */
  ModelIo.Contents toContents() {
    return ModelIo.Contents.builder(TYPE, LAYOUT)
        .strings(ModelFiles.ITEM_IDS, ModelFiles.itemIds(items))
        .ints("counts", counts)
        .build();
  }

  /**
   * Saves the model to {@code file} (atomically, checksummed; see {@code ModelIo}).
   *
   * @throws IOException if the file cannot be written
   */
  @Override
  public void save(Path file) throws IOException {
    ModelIo.write(file, toContents());
  }

  /**
   * Loads a model saved by {@link #save}. Its {@link #items()} are the ids stored in the file:
   * a caller scoring profiles indexed by another item index must compare {@code
   * items().ids()} with that index first.
   *
   * @throws IOException naming the file if it cannot be read, is truncated or corrupted
   * @throws IllegalArgumentException naming the file if it holds another model type or layout,
   *     or inconsistent contents
   */
  public static PopularityModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents.
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid
   *     popularity model of layout 1
   */
  static PopularityModel fromContents(ModelIo.Contents c) {
    requireNonNull(c, "contents");
    ModelFiles.requireLayout(c, TYPE, LAYOUT);
    if (!c.parameters().isEmpty()) {
      throw new IllegalArgumentException(c.source() + ": popularity takes no parameters. Provided: "
          + c.parameters().keySet());
    }
    IdIndex items = ModelFiles.readItems(c);
    int[] counts = c.ints("counts");
    if (counts.length != items.size()) {
      throw new IllegalArgumentException(c.source() + ": counts must hold one value per item id (" + items.size()
          + "). Provided length: " + counts.length);
    }
    for (int count : counts) {
      if (count < 0) {
        throw new IllegalArgumentException(c.source() + ": counts must be >= 0");
      }
    }
    return new PopularityModel(items, counts);
  }

  @Override
  public String toString() {
    return "PopularityModel{items=" + popularity.length + "}";
  }
}
