package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.EaseSolver;
import io.privrec.core.cf.internal.Profile;
import io.privrec.core.cf.internal.UserRows;
import io.privrec.core.model.Explainable;
import io.privrec.core.model.Explanation;
import io.privrec.core.model.FitListener;
import io.privrec.core.model.ItemScorer;
import io.privrec.core.model.ModelIo;
import io.privrec.core.model.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A fitted {@link Ease} model: the dense weight matrix {@code B} (single precision, row-major,
 * row = profile item) and the training profiles.
 *
 * <h2>Scoring</h2>
 * {@code scores = Σ_j x_j · B[j][·]}: only the rows of the profile's items are read, each in one
 * vectorisable pass. Repeated profile items count repeatedly.
 *
 * <h2>Erasure and updates</h2>
 * {@code B} depends on every user through {@code XᵀX}; {@link #removeUser}, {@link #addUser} and
 * {@link #withUserProfile} therefore refit from the stored profiles with the user's row changed.
 * The fit is deterministic, so the result is bit for bit the model trained on the changed data;
 * the cost is that of a fit.
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@link ModelIo} (model type {@code ease}, layout 1); the file
 * holds {@code B} (4·n² bytes) and the training profiles.
 *
 * <p>Immutable and thread-safe.
 */
public final class EaseModel implements ItemScorer, Explainable, ModelIo.Persistable {
  static final String TYPE = "ease";
  static final int LAYOUT = 1;

  private final Ease config;
  private final UserRows rows;
  private final int n;
  private final float[] weights; // B[j][t] at j·n + t

  private EaseModel(Ease config, UserRows rows, float[] weights) {
    this.config = config;
    this.rows = rows;
    this.n = rows.numItems();
    this.weights = weights;
  }

  static EaseModel fit(Ease config, UserRows rows, FitListener listener) {
    int n = rows.numItems();
    float[] values = rows.weights();
    if (config.binarize()) {
      values = new float[values.length];
      Arrays.fill(values, 1f);
    }
    double[][] a = EaseSolver.gram(rows.pointers(), rows.items(), values, n, listener, "gram", 0.0, 0.05);
    double lambda = config.lambda();
    for (int i = 0; i < n; i++) {
      a[i][i] += lambda;
    }
    return new EaseModel(config, rows, EaseSolver.weights(a, listener, 0.05, 0.95, 1.0));
  }

  /** The configuration the model was fitted with. */
  public Ease config() {
    return config;
  }

  @Override
  public int numItems() {
    return n;
  }

  /** Number of users whose profiles the model holds. */
  public int numUsers() {
    return rows.numUsers();
  }

  /**
   * The weight {@code B[from][to]}: how much having {@code from} in a profile adds to {@code to}'s
   * score (0 on the diagonal).
   *
   * @throws IllegalArgumentException if an index is out of range
   */
  public float weight(int from, int to) {
    Profile.checkItem(from, n);
    Profile.checkItem(to, n);
    return weights[from * n + to];
  }

  @Override
  public void scoreUser(int user, float[] scores) {
    int start = rows.start(user);
    int end = rows.end(user);
    checkScores(scores);
    Arrays.fill(scores, 0f);
    int[] items = rows.items();
    float[] w = rows.weights();
    for (int p = start; p < end; p++) {
      accumulate(items[p], config.value(w[p]), scores);
    }
  }

  @Override
  public void scoreProfile(int[] items, float[] weights, float[] scores) {
    Profile.check(items, weights, n);
    checkScores(scores);
    Arrays.fill(scores, 0f);
    for (int k = 0; k < items.length; k++) {
      accumulate(items[k], config.value(weights[k]), scores);
    }
  }

  private void accumulate(int source, float x, float[] scores) {
    float[] b = weights;
    int off = source * n;
    for (int t = 0; t < scores.length; t++) {
      scores[t] += x * b[off + t];
    }
  }

  private void checkScores(float[] scores) {
    requireNonNull(scores, "scores");
    if (scores.length != n) {
      throw new IllegalArgumentException("scores must have length numItems() = " + n + ". Provided length: "
          + scores.length);
    }
  }

  /**
   * Contribution of profile item {@code j} is {@code x_j · B[j][item]}; the score is their sum in
   * increasing item order (equal to {@link #scoreProfile}'s for a profile in that order).
   * Negative contributions lower the score but are not reasons.
   */
  @Override
  public Explanation explain(int[] profileItems, float[] weights, int item, int maxReasons) {
    Profile profile = Profile.of(profileItems, weights, n);
    Profile.checkItem(item, n);
    int[] items = profile.items();
    float[] contributions = new float[items.length];
    float score = 0f;
    for (int k = 0; k < items.length; k++) {
      contributions[k] = config.value(profile.weights()[k]) * this.weights[items[k] * n + item];
      score += contributions[k];
    }
    return Explanation.ofTop(item, score, items, contributions, maxReasons);
  }

  /**
   * The model refitted with {@code user}'s row replaced ({@code user == numUsers()} appends).
   *
   * @throws IndexOutOfBoundsException if {@code user} is not in {@code [0, numUsers()]}
   * @throws IllegalArgumentException for an invalid profile
   */
  public EaseModel withUserProfile(int user, int[] items, float[] weights) {
    Profile profile = Profile.of(items, weights, n);
    return fit(config, rows.withRow(user, profile), FitListener.NONE);
  }

  /**
   * The model refitted without {@code user}'s data (her row emptied; indices stay stable).
   *
   * @throws IndexOutOfBoundsException if {@code user} is out of range
   */
  public EaseModel removeUser(int user) {
    if (user < 0 || user >= numUsers()) {
      throw new IndexOutOfBoundsException("user must be in [0, " + numUsers() + "). Provided value: " + user);
    }
    return withUserProfile(user, new int[0], new float[0]);
  }

  /**
   * The model refitted with a new user appended (index {@link #numUsers()}).
   *
   * @throws IllegalArgumentException for an invalid profile
   */
  public EaseModel addUser(int[] items, float[] weights) {
    return withUserProfile(numUsers(), items, weights);
  }

  @Override
  public ModelIo.Contents toContents() {
    return ModelIo.Contents.builder(TYPE, LAYOUT)
        .parameters(config.parameters())
        .ints("num-items", new int[] {n})
        .ints("user-ptr", rows.pointers())
        .ints("user-items", rows.items())
        .floats("user-weights", rows.weights())
        .floats("weights", weights)
        .build();
  }

  /**
   * Saves the model to {@code file} (atomically, checksummed; see {@link ModelIo}).
   *
   * @throws IOException if the file cannot be written
   */
  public void save(Path file) throws IOException {
    ModelIo.save(file, this);
  }

  /**
   * Loads a model saved by {@link #save}.
   *
   * @throws IOException naming the file if it cannot be read, is truncated or corrupted
   * @throws IllegalArgumentException naming the file if it holds another model type or
   *     inconsistent contents
   */
  public static EaseModel load(Path file) throws IOException {
    return fromContents(ModelIo.read(file));
  }

  /**
   * Rebuilds a model from its contents.
   *
   * @throws IllegalArgumentException naming the source if the contents are not a valid EASE model
   */
  public static EaseModel fromContents(ModelIo.Contents c) {
    c.requireType(TYPE, LAYOUT);
    String source = c.source();
    Params params = new Params(TYPE, c.parameters());
    Ease config = Ease.fromParams(params);
    params.checkNoneUnknown();
    int[] numItems = c.ints("num-items");
    if (numItems.length != 1 || numItems[0] < 0 || numItems[0] > Ease.LIMIT_ITEMS) {
      throw new IllegalArgumentException(source + ": invalid num-items");
    }
    int n = numItems[0];
    UserRows rows = UserRows.of(n, c.ints("user-ptr"), c.ints("user-items"), c.floats("user-weights"), source);
    float[] b = c.floats("weights");
    if (b.length != n * n) {
      throw new IllegalArgumentException(source + ": weights hold " + b.length + " values, expected " + n + "² = " + n * n);
    }
    for (float x : b) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(source + ": weights contain a non-finite value");
      }
    }
    return new EaseModel(config, rows, b);
  }

  @Override
  public String toString() {
    return "EaseModel{users=" + numUsers() + ", items=" + n + ", " + config + "}";
  }
}
