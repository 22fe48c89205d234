package io.privrec.core.eval;

import static java.util.Objects.requireNonNull;

import io.privrec.core.data.InteractionMatrix;
import io.privrec.core.internal.CorePreconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The standard train/test protocols.
 *
 * <table>
 *   <caption>Protocols</caption>
 *   <tr><th>factory</th><th>test part</th></tr>
 *   <tr><td>{@link #userHoldout}</td><td>per user with {@code n >= 2} interactions, {@code
 *       clamp(round(testFraction·n), 1, n−1)} interactions chosen uniformly at random; users with
 *       {@code n < 2} stay wholly in train</td></tr>
 *   <tr><td>{@link #leaveLastN}</td><td>per user with more than {@code n} interactions, the
 *       {@code n} latest (needs timestamps)</td></tr>
 *   <tr><td>{@link #timeCut}</td><td>every interaction at or after a global instant (needs
 *       timestamps)</td></tr>
 *   <tr><td>{@link #userKFold}</td><td>k splits; in split {@code f}, the users of fold {@code f}
 *       hold out a fraction (as {@link #userHoldout}) or all of their interactions</td></tr>
 * </table>
 *
 * <p>Random protocols draw from {@link SplittableRandom} seeded with the caller's seed (this is
 * sampling for evaluation, not privacy noise): the same data and seed give the same split on every
 * machine and Java version. Interactions on items nobody has in training can be dropped from the
 * test part afterwards with {@link Split#withoutColdTestItems()}.
 *
 * <p>Thread-safe: the returned splitters are immutable.
 */
public final class Splits {

  private Splits() {}

  /**
   * Per-user random holdout, the protocol behind PrivRec's accuracy reports.
   *
   * <p>For each user with {@code n >= 2} interactions, {@code h = round(testFraction · n)}
   * (half rounds up), clamped to {@code [1, n−1]}, interactions are chosen uniformly at random
   * (without replacement) for the test part; the rest stay in train. Users with fewer than two
   * interactions stay wholly in train. Users are visited in index order with one generator seeded
   * by {@code seed}.
   *
   * @param testFraction the share of each user's interactions to hold out, in {@code (0, 1)}
   * @param seed the seed; different seeds give (almost surely) different splits
   * @throws IllegalArgumentException if {@code testFraction} is NaN or not in {@code (0, 1)}
   */
  public static Splitter userHoldout(double testFraction, long seed) {
    CorePreconditions.checkInOpenRange("testFraction", testFraction, 0, 1);
    return new UserHoldout(testFraction, seed);
  }

  /**
   * Simulated new customers beside a per-user holdout, for cold-start evaluation on data whose
   * customers all have long histories (e.g. MovieLens). Each user with more than {@code keep}
   * interactions is, with probability {@code newUserFraction}, a <em>new user</em>: {@code keep}
   * of her interactions, chosen uniformly at random, stay in train and all others go to the test
   * part; every other user is split as by {@link #userHoldout(double, long)} with {@code
   * testFraction}. Users are visited in index order with one generator seeded by {@code seed}
   * (which draws first whether the user is new, then her interactions).
   *
   * @param newUserFraction the chance that a user becomes new, in {@code (0, 1]}
   * @param keep the training interactions a new user keeps, {@code >= 0}
   * @param testFraction the holdout share of the other users, in {@code (0, 1)}
   * @throws IllegalArgumentException naming the parameter for a value out of range
   */
  public static Splitter newUsers(double newUserFraction, int keep, double testFraction, long seed) {
    CorePreconditions.checkProbability("newUserFraction", newUserFraction);
    CorePreconditions.checkNonNegative("keep", keep);
    CorePreconditions.checkInOpenRange("testFraction", testFraction, 0, 1);
    return new Splitter() {
      @Override
      public Split split(InteractionMatrix data) {
        requireNonNull(data, "data");
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] inTest = new boolean[data.numInteractions()];
        for (int u = 0; u < data.numUsers(); u++) {
          int n = data.rowLength(u);
          if (n > keep && random.nextDouble() < newUserFraction) {
            // All but a uniform random keep-subset go to the test part.
            int[] kept = randomPositions(data, u, keep, random);
            for (int p = data.rowStart(u); p < data.rowEnd(u); p++) {
              inTest[p] = true;
            }
            for (int j = 0; j < keep; j++) {
              inTest[kept[j]] = false;
            }
          } else {
            holdOut(data, u, testFraction, random, inTest);
          }
        }
        return fromMask(data, inTest);
      }

      @Override
      public String toString() {
        return "newUsers(newUserFraction=" + newUserFraction + ", keep=" + keep + ", testFraction=" + testFraction
            + ", seed=" + seed + ")";
      }
    };
  }

  /**
   * Leave-last-N by time: for each user with more than {@code n} interactions, the {@code n}
   * latest go to the test part; users with at most {@code n} interactions stay wholly in train.
   * Equal timestamps are ordered by item index (the higher index counts as later), so the split
   * is deterministic.
   *
   * @param n how many interactions per user to hold out, {@code >= 1}
   * @throws IllegalArgumentException if {@code n < 1}; {@link Splitter#split} throws it if the data
   *     has no timestamps
   */
  public static Splitter leaveLastN(int n) {
    CorePreconditions.checkPositive("n", n);
    return new LeaveLastN(n);
  }

  /**
   * Global time cut: interactions strictly before {@code cutEpochSecond} are training data, those
   * at or after it are test data. Users may end up with test data only (cold users) or train data
   * only.
   *
   * @param cutEpochSecond the first instant of the test period, in epoch seconds
   * @throws IllegalArgumentException from {@link Splitter#split} if the data has no timestamps
   */
  public static Splitter timeCut(long cutEpochSecond) {
    return new TimeCut(cutEpochSecond);
  }

  /**
   * k-fold cross-validation by user. The users with at least one interaction are shuffled (seeded)
   * and dealt round-robin into {@code k} folds of sizes differing by at most one. Split {@code f}
   * (for {@code f = 0 … k−1}) keeps every interaction of users outside fold {@code f} in train;
   * each user of fold {@code f}:
   * <ul>
   *   <li>if {@code testFraction == 1}: has all interactions in test (a cold user: the model is
   *       fitted without her, so only models that score unseen profiles make sense);
   *   <li>if {@code testFraction < 1}: holds out a fraction exactly as {@link #userHoldout}
   *       (users with fewer than two interactions stay in train).
   * </ul>
   * Every user with at least one interaction is in exactly one fold's test users (or, with a
   * fraction below 1 and a single interaction, in none).
   *
   * @param data the interactions
   * @param k the number of folds, {@code >= 2} and at most the number of users with interactions
   * @param testFraction share of a fold user's interactions held out, in {@code (0, 1]}
   * @param seed the seed for the fold assignment and the per-user holdout
   * @return {@code k} splits, fold 0 first
   * @throws IllegalArgumentException if {@code k < 2}, {@code k} exceeds the number of users with
   *     interactions, or {@code testFraction} is NaN or not in {@code (0, 1]}
   */
  public static List<Split> userKFold(InteractionMatrix data, int k, double testFraction, long seed) {
    requireNonNull(data, "data");
    CorePreconditions.checkAtLeast("k", k, 2);
    CorePreconditions.checkProbability("testFraction", testFraction);
    int[] active = activeUsers(data);
    if (k > active.length) {
      // The number of users is private: not stated.
      throw CorePreconditions.fail("k", "must be at most the number of users with interactions", k);
    }
    SplittableRandom random = new SplittableRandom(seed);
    shuffle(active, random);
    int[] foldOf = new int[data.numUsers()];
    Arrays.fill(foldOf, -1);
    for (int j = 0; j < active.length; j++) {
      foldOf[active[j]] = j % k;
    }
    List<Split> splits = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      boolean[] inTest = new boolean[data.numInteractions()];
      for (int u = 0; u < data.numUsers(); u++) {
        if (foldOf[u] != f) {
          continue;
        }
        if (testFraction == 1) {
          Arrays.fill(inTest, data.rowStart(u), data.rowEnd(u), true);
        } else {
          holdOut(data, u, testFraction, random, inTest);
        }
      }
      splits.add(fromMask(data, inTest));
    }
    return Collections.unmodifiableList(splits);
  }


  private static void requireTimestamps(InteractionMatrix data, String protocol) {
    CorePreconditions.checkArgument(data.hasTimestamps(),
        "%s split needs timestamps, but the interaction matrix has none", protocol);
  }

  private static int[] activeUsers(InteractionMatrix data) {
    int n = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      if (data.rowLength(u) > 0) {
        n++;
      }
    }
    int[] users = new int[n];
    int j = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      if (data.rowLength(u) > 0) {
        users[j++] = u;
      }
    }
    return users;
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Marks {@code clamp(round(fraction·n), 1, n−1)} random positions of {@code user}'s row. */
  private static void holdOut(InteractionMatrix data, int user, double fraction, SplittableRandom random, boolean[] inTest) {
    int n = data.rowLength(user);
    if (n < 2) {
      return;
    }
    int h = (int) Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
    int[] positions = randomPositions(data, user, h, random);
    for (int j = 0; j < h; j++) {
      inTest[positions[j]] = true;
    }
  }

  /**
   * The positions of {@code user}'s row, the first {@code h} a uniform random {@code h}-subset
   * (partial Fisher-Yates, {@code h} draws from {@code random}).
   */
  private static int[] randomPositions(InteractionMatrix data, int user, int h, SplittableRandom random) {
    int n = data.rowLength(user);
    int[] positions = new int[n];
    for (int j = 0; j < n; j++) {
      positions[j] = data.rowStart(user) + j;
    }
    for (int j = 0; j < h; j++) {
      int r = j + random.nextInt(n - j);
      int t = positions[j];
      positions[j] = positions[r];
      positions[r] = t;
    }
    return positions;
  }

  private static Split fromMask(InteractionMatrix data, boolean[] inTest) {
    InteractionMatrix train = data.filter((u, i, w, t) -> !inTest[data.find(u, i)]);
    InteractionMatrix test = data.filter((u, i, w, t) -> inTest[data.find(u, i)]);
    return new Split(train, test);
  }

  private static final class UserHoldout implements Splitter {
    private final double testFraction;
    private final long seed;

    UserHoldout(double testFraction, long seed) {
      this.testFraction = testFraction;
      this.seed = seed;
    }

    @Override
    public Split split(InteractionMatrix data) {
      requireNonNull(data, "data");
      SplittableRandom random = new SplittableRandom(seed);
      boolean[] inTest = new boolean[data.numInteractions()];
      for (int u = 0; u < data.numUsers(); u++) {
        holdOut(data, u, testFraction, random, inTest);
      }
      return fromMask(data, inTest);
    }

    @Override
    public String toString() {
      return "userHoldout(testFraction=" + testFraction + ", seed=" + seed + ")";
    }
  }

  private static final class LeaveLastN implements Splitter {
    private final int n;

    LeaveLastN(int n) {
      this.n = n;
    }

    @Override
    public Split split(InteractionMatrix data) {
      requireNonNull(data, "data");
      requireTimestamps(data, "leave-last-" + n);
      boolean[] inTest = new boolean[data.numInteractions()];
      for (int u = 0; u < data.numUsers(); u++) {
        int start = data.rowStart(u);
        int len = data.rowLength(u);
        if (len <= n) {
          continue;
        }
        // Sort the row's positions by (time, item); items ascend with position, so position order
        // breaks ties by item index.
        long[] keys = new long[len];
        for (int j = 0; j < len; j++) {
          keys[j] = (data.timeAt(start + j) - data.timeBase()) << 32 | j;
        }
        Arrays.sort(keys);
        for (int j = len - n; j < len; j++) {
          inTest[start + (int) (keys[j] & 0xffffffffL)] = true;
        }
      }
      return fromMask(data, inTest);
    }

    @Override
    public String toString() {
      return "leaveLastN(n=" + n + ")";
    }
  }

  private static final class TimeCut implements Splitter {
    private final long cutEpochSecond;

    TimeCut(long cutEpochSecond) {
      this.cutEpochSecond = cutEpochSecond;
    }

    @Override
    public Split split(InteractionMatrix data) {
      requireNonNull(data, "data");
      requireTimestamps(data, "time-cut");
      InteractionMatrix train = data.filter((u, i, w, t) -> t < cutEpochSecond);
      InteractionMatrix test = data.filter((u, i, w, t) -> t >= cutEpochSecond);
      return new Split(train, test);
    }

    @Override
    public String toString() {
      return "timeCut(cutEpochSecond=" + cutEpochSecond + ")";
    }
  }
}
