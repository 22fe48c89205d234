package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How {@link InteractionReaders} read a file: strict or skipping malformed lines, duplicate
 * policy, minimum weight, character set, and optionally existing id indices to extend.
 *
 * <p>Immutable: every {@code with…}-style method returns a new instance. Start from
 * {@link #defaults()}:
 *
 * <pre>{@code
 * ReadOptions.defaults().skipMalformed().minWeight(4f).duplicates(DuplicatePolicy.LATEST)
 * }</pre>
 *
 * <p>Defaults: strict (the first malformed line throws {@link MalformedDataException}),
 * {@link DuplicatePolicy#SUM}, no minimum weight, UTF-8, fresh id indices, up to 10 skip reasons
 * kept. Thread-safe.
 */
public final class ReadOptions {
  private static final ReadOptions DEFAULTS =
      new ReadOptions(false, DuplicatePolicy.SUM, 0f, false, StandardCharsets.UTF_8, null, null, 10);

  private final boolean skipMalformed;
  private final DuplicatePolicy duplicates;
  private final float minWeight;
  private final boolean hasMinWeight;
  private final Charset charset;
  private final IdIndex users; // null: fresh index
  private final IdIndex items; // null: fresh index
  private final int maxSkipReasons;

  private ReadOptions(boolean skipMalformed, DuplicatePolicy duplicates, float minWeight, boolean hasMinWeight,
      Charset charset, IdIndex users, IdIndex items, int maxSkipReasons) {
    this.skipMalformed = skipMalformed;
    this.duplicates = duplicates;
    this.minWeight = minWeight;
    this.hasMinWeight = hasMinWeight;
    this.charset = charset;
    this.users = users;
    this.items = items;
    this.maxSkipReasons = maxSkipReasons;
  }

  /** Strict reading with {@link DuplicatePolicy#SUM}, UTF-8 and fresh indices. */
  public static ReadOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns options that skip malformed data lines instead of throwing; the
   * {@link ReadResult} counts them and keeps the first {@link #maxSkipReasons(int)} messages. A
   * malformed header, a missing file or an unreadable character still throws.
   */
  public ReadOptions skipMalformed() {
    return new ReadOptions(true, duplicates, minWeight, hasMinWeight, charset, users, items, maxSkipReasons);
  }

  /**
   * Returns options with the given duplicate policy for repeated (user, item) pairs.
   *
   * @throws NullPointerException if {@code policy} is null
   */
  public ReadOptions duplicates(DuplicatePolicy policy) {
    return new ReadOptions(skipMalformed, requireNonNull(policy, "policy"), minWeight, hasMinWeight, charset,
        users, items, maxSkipReasons);
  }

  /**
   * Returns options that drop every line whose weight is below {@code minWeight} before its ids
   * are interned (e.g. keep MovieLens ratings {@code >= 4}); such lines are counted by
   * {@link ReadResult#belowMinWeight()}, not as malformed. The filter applies per line, before
   * duplicates are combined.
   *
   * @throws IllegalArgumentException if {@code minWeight} is NaN or infinite
   */
  public ReadOptions minWeight(float minWeight) {
    CorePreconditions.checkFinite("minWeight", minWeight);
    return new ReadOptions(skipMalformed, duplicates, minWeight, true, charset, users, items, maxSkipReasons);
  }

  /**
   * Returns options with the given character set (default UTF-8). Bytes that are invalid in it
   * make the read fail with a {@link MalformedDataException} naming the line that holds them.
   *
   * @throws NullPointerException if {@code charset} is null
   */
  public ReadOptions charset(Charset charset) {
    return new ReadOptions(skipMalformed, duplicates, minWeight, hasMinWeight, requireNonNull(charset, "charset"),
        users, items, maxSkipReasons);
  }

  /**
   * Returns options whose resulting matrix extends existing indices: known ids keep their indices
   * and new ids are appended, so e.g. a test file lines up with its training matrix
   * ({@code extending(train.users(), train.items())}).
   *
   * @throws NullPointerException if an index is null
   */
  public ReadOptions extending(IdIndex users, IdIndex items) {
    return new ReadOptions(skipMalformed, duplicates, minWeight, hasMinWeight, charset,
        requireNonNull(users, "users"), requireNonNull(items, "items"), maxSkipReasons);
  }

  /**
   * Returns options keeping up to {@code count} skip messages in the result (default 10).
   *
   * @throws IllegalArgumentException if {@code count < 0}
   */
  public ReadOptions maxSkipReasons(int count) {
    CorePreconditions.checkNonNegative("maxSkipReasons", count);
    return new ReadOptions(skipMalformed, duplicates, minWeight, hasMinWeight, charset, users, items, count);
  }

  /** True if malformed data lines are skipped and counted instead of thrown. */
  boolean skipsMalformed() {
    return skipMalformed;
  }

  /** The duplicate policy. */
  DuplicatePolicy duplicatePolicy() {
    return duplicates;
  }

  /** True if {@link #minWeight(float)} was set. */
  boolean hasMinWeight() {
    return hasMinWeight;
  }

  /** The minimum weight, meaningful only if {@link #hasMinWeight()}. */
  float minWeightValue() {
    return minWeight;
  }

  /** The character set of the files. */
  Charset charsetValue() {
    return charset;
  }

  /** True if the result extends existing indices given to {@link #extending}. */
  boolean extendsIndices() {
    return users != null;
  }

  /** Number of skip messages kept in a result. */
  int maxSkipReasonsValue() {
    return maxSkipReasons;
  }

  InteractionMatrix.Builder newBuilder() {
    return users == null
        ? InteractionMatrix.builder(duplicates)
        : InteractionMatrix.builder(duplicates, users, items);
  }

  @Override
  public String toString() {
    return "ReadOptions{" + (skipMalformed ? "skipMalformed" : "strict") + ", duplicates=" + duplicates
        + (hasMinWeight ? ", minWeight=" + minWeight : "") + ", charset=" + charset
        + (users != null ? ", extending " + users.size() + " users/" + items.size() + " items" : "") + "}";
  }
}
