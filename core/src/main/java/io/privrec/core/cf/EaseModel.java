package io.privrec.core.cf;

import static java.util.Objects.requireNonNull;

import io.privrec.core.cf.internal.EaseDowndate;
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
 * the cost is that of a fit. {@link #withoutUsers} instead downdates {@code P = (XᵀX + λI)⁻¹} by
 * the removed rows (Woodbury): about {@code n²·k/2} flops for {@code k} users against {@code n³}
 * for a fit, with weights equal to the refit's up to single-precision rounding.
 *
 * <h2>Persistence</h2>
 * {@link #save} / {@link #load} use {@link ModelIo} (model type {@code ease}, layout 2); the file
 * holds {@code B} (4·n² bytes), the diagonal of {@code P} and the training profiles. Layout-1
 * files (without the diagonal) still load; such a model refits in {@link #withoutUsers}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EaseModel implements ItemScorer, Explainable, ModelIo.Persistable {
  static final String TYPE = "ease";
  static final int LAYOUT = 2;

  private final Ease config;
  private final UserRows rows;
  private final int n;
  private final float[] weights; // B[j][t] at j·n + t
  private final double[] inverseDiagonal; // P[t][t]; null for a model loaded from a layout-1 file

  private EaseModel(Ease config, UserRows rows, float[] weights, double[] inverseDiagonal) {
    this.config = config;
    this.rows = rows;
    this.n = rows.numItems();
    this.weights = weights;
    this.inverseDiagonal = inverseDiagonal;
  }

  static EaseModel fit(Ease config, UserRows rows, FitListener listener) {
    int n = rows.numItems();
    double[][] a = EaseSolver.gram(rows.pointers(), rows.items(), values(config, rows.weights()), n, listener, "gram",
        0.0, 0.05);
    double lambda = config.lambda();
    for (int i = 0; i < n; i++) {
      a[i][i] += lambda;
    }
    double[] diagonal = new double[n];
    float[] b = EaseSolver.weights(a, diagonal, listener, 0.05, 0.95, 1.0);
    return new EaseModel(config, rows, b, diagonal);
  }

  /** The values the Gram matrix is computed from: the weights, or 1 when binarized. */
  private static float[] values(Ease config, float[] weights) {
    if (!config.binarize()) {
      return weights;
    }
    float[] ones = new float[weights.length];
    Arrays.fill(ones, 1f);
    return ones;
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
   * The model without the data of {@code users} (their rows emptied, indices stable), by a rank-k
   * downdate of {@code P} instead of a fit when that is cheaper ({@code k} users with interactions,
   * at most a quarter of the items) — about {@code n²·k/2} flops against {@code n³}. The weights
   * then equal a refit's up to single-precision rounding (a few units in the last place); rounding
   * of successive downdates accumulates, so refit now and then. Otherwise (larger batches, a model
   * loaded from a layout-1 file, or a downdate that rounding makes indefinite) the model is refitted
   * from the stored profiles, bit for bit.
   *
   * @param users distinct user indices in {@code [0, numUsers())}
   * @throws IndexOutOfBoundsException if a user is out of range
   * @throws IllegalArgumentException if a user repeats
   */
  public EaseModel withoutUsers(int[] users) {
    requireNonNull(users, "users");
    int[] sorted = users.clone();
    Arrays.sort(sorted);
    for (int k = 0; k < sorted.length; k++) {
      if (sorted[k] < 0 || sorted[k] >= numUsers()) {
        throw new IndexOutOfBoundsException("user must be in [0, " + numUsers() + "). Provided value: " + sorted[k]);
      }
      if (k > 0 && sorted[k] == sorted[k - 1]) {
        throw new IllegalArgumentException("users contains user index " + sorted[k] + " more than once");
      }
    }
    UserRows newRows = rows.withoutRows(users);
    int[] removed = Arrays.stream(sorted).filter(u -> rows.end(u) > rows.start(u)).toArray();
    if (removed.length == 0) {
      return new EaseModel(config, newRows, weights, inverseDiagonal);
    }
    if (inverseDiagonal == null || removed.length > n / 4) {
      return fit(config, newRows, FitListener.NONE);
    }
    int[] ptr = new int[removed.length + 1];
    for (int r = 0; r < removed.length; r++) {
      ptr[r + 1] = ptr[r] + rows.end(removed[r]) - rows.start(removed[r]);
    }
    int[] items = new int[ptr[removed.length]];
    float[] values = new float[items.length];
    float[] stored = values(config, rows.weights());
    for (int r = 0; r < removed.length; r++) {
      System.arraycopy(rows.items(), rows.start(removed[r]), items, ptr[r], ptr[r + 1] - ptr[r]);
      System.arraycopy(stored, rows.start(removed[r]), values, ptr[r], ptr[r + 1] - ptr[r]);
    }
    double[] diagonal = new double[n];
    try {
      return new EaseModel(config, newRows, EaseDowndate.downdate(weights, inverseDiagonal, ptr, items, values, diagonal),
          diagonal);
    } catch (ArithmeticException e) {
      return fit(config, newRows, FitListener.NONE);
    }
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
        .doubles("inverse-diagonal", inverseDiagonal == null ? new double[0] : inverseDiagonal)
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
    int version = c.modelVersion();
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
    double[] diagonal = version >= 2 ? c.doubles("inverse-diagonal") : new double[0];
    if (diagonal.length != 0 && diagonal.length != n) {
      throw new IllegalArgumentException(source + ": inverse-diagonal holds " + diagonal.length + " values, expected 0 or "
          + n);
    }
    for (double d : diagonal) {
      if (!(d > 0 && Double.isFinite(d))) {
        throw new IllegalArgumentException(source + ": inverse-diagonal must be finite and > 0. Provided value: " + d);
      }
    }
    return new EaseModel(config, rows, b, diagonal.length == 0 && n > 0 ? null : diagonal);
  }

  @Override
  public String toString() {
    return "EaseModel{users=" + numUsers() + ", items=" + n + ", " + config + "}";
  }
}
