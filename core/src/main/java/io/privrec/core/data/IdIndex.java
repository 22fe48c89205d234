package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, bijective mapping between external string ids (customer ids, SKUs) and dense
 * indices {@code 0 … size()-1}, in first-seen order.
 *
 * <p>Every model and kernel works on the dense indices; the index translates at the boundary.
 * Ids are non-empty strings compared exactly (case- and whitespace-sensitive). Thread-safe
 * (immutable).
 */
public final class IdIndex {
  private final String kind;
  private final String[] ids;
  private final Map<String, Integer> indexById;

  private IdIndex(String kind, String[] ids, Map<String, Integer> indexById) {
    this.kind = kind;
    this.ids = ids;
    this.indexById = indexById;
  }

  /**
   * Creates an index over {@code ids} in the given order.
   *
   * @param kind what the ids identify, used in error messages (e.g. {@code "user"}, {@code "item"})
   * @throws IllegalArgumentException if an id is empty or repeated
   * @throws NullPointerException if {@code kind}, {@code ids} or an id is null
   */
  public static IdIndex of(String kind, List<String> ids) {
    requireNonNull(kind, "kind");
    requireNonNull(ids, "ids");
    Builder builder = new Builder(kind);
    for (String id : ids) {
      int before = builder.size();
      if (builder.add(id) != before) {
        throw new IllegalArgumentException(kind + " id '" + id + "' appears more than once");
      }
    }
    return builder.build();
  }

  /** What the ids identify ({@code "user"}, {@code "item"}), as used in error messages. */
  public String kind() {
    return kind;
  }

  /** Number of ids. */
  public int size() {
    return ids.length;
  }

  /** The dense index of {@code id}, or {@code -1} if the id is unknown (or null). */
  public int indexOf(String id) {
    if (id == null) {
      return -1;
    }
    Integer index = indexById.get(id);
    return index == null ? -1 : index;
  }

  /** True if {@code id} is in this index. */
  public boolean contains(String id) {
    return indexOf(id) >= 0;
  }

  /**
   * The dense index of {@code id}.
   *
   * @throws IllegalArgumentException naming the id if it is unknown
   * @throws NullPointerException if {@code id} is null
   */
  public int require(String id) {
    requireNonNull(id, kind + " id");
    int index = indexOf(id);
    if (index < 0) {
      throw new IllegalArgumentException("unknown " + kind + " id '" + id + "'");
    }
    return index;
  }

  /**
   * The external id at {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public String id(int index) {
    return ids[index];
  }

  /** All ids in index order (a copy). */
  public List<String> ids() {
    return List.of(Arrays.copyOf(ids, ids.length));
  }

  /**
   * Returns a copy in which the ids at {@code indices} are replaced by tombstones: the slots keep
   * their indices (so models stay aligned) but the original ids are gone, {@link #indexOf} no
   * longer finds them, and {@link #isRedacted} reports the slots. Used for erasure.
   *
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public IdIndex redact(int... indices) {
    requireNonNull(indices, "indices");
    String[] copy = Arrays.copyOf(ids, ids.length);
    Map<String, Integer> map = new HashMap<>(indexById);
    for (int index : indices) {
      if (index < 0 || index >= ids.length) {
        throw new IndexOutOfBoundsException(kind + " index " + index + " out of range [0, " + ids.length + ")");
      }
      if (!isTombstone(copy[index])) {
        map.remove(copy[index]);
        copy[index] = TOMBSTONE_PREFIX + index;
      }
    }
    return new IdIndex(kind, copy, map);
  }

  /** True if the slot at {@code index} was {@linkplain #redact redacted}. */
  public boolean isRedacted(int index) {
    return isTombstone(ids[index]);
  }

  private static boolean isTombstone(String id) {
    return id.startsWith(TOMBSTONE_PREFIX);
  }

  /** Tombstones start with a NUL character, which no reader accepts in an id. */
  private static final String TOMBSTONE_PREFIX = "\u0000erased#";

  @Override
  public String toString() {
    return "IdIndex{" + kind + ", size=" + ids.length + "}";
  }

  /** Accumulates ids in first-seen order. Not thread-safe. */
  public static final class Builder {
    private final String kind;
    private final Map<String, Integer> indexById = new HashMap<>();
    private String[] ids = new String[16];
    private int size;

    /**
     * Creates an empty builder.
     *
     * @param kind what the ids identify, used in error messages
     */
    public Builder(String kind) {
      this.kind = requireNonNull(kind, "kind");
    }

    /**
     * Starts from the ids of an existing index (they keep their indices).
     *
     * @param base the index to extend
     */
    public Builder(IdIndex base) {
      this(base.kind);
      for (String id : base.ids) {
        add(id);
      }
    }

    /**
     * Returns the index of {@code id}, adding it if new.
     *
     * @throws IllegalArgumentException if {@code id} is empty
     * @throws NullPointerException if {@code id} is null
     */
    public int add(String id) {
      requireNonNull(id, kind + " id");
      Integer existing = indexById.get(id);
      if (existing != null) {
        return existing;
      }
      if (id.isEmpty()) {
        throw new IllegalArgumentException(kind + " id must not be empty");
      }
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size] = id;
      indexById.put(id, size);
      return size++;
    }

    /** Index of {@code id} or -1 if not added yet. */
    public int indexOf(String id) {
      Integer index = indexById.get(id);
      return index == null ? -1 : index;
    }

    /** Number of ids added so far. */
    public int size() {
      return size;
    }

    /** Returns an immutable index of the ids added so far; the builder stays usable. */
    public IdIndex build() {
      return new IdIndex(kind, Arrays.copyOf(ids, size), new HashMap<>(indexById));
    }
  }
}
