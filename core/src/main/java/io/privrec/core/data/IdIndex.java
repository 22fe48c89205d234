package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, bijective mapping between external string ids (customer ids, SKUs) and dense
 * indices {@code 0 … size()-1}, in first-seen order.
 *
 * <p>Every model and kernel works on the dense indices; the index translates at the boundary.
 * Ids are non-empty strings compared exactly (case- and whitespace-sensitive) and free of NUL, CR
 * and LF characters: NUL starts the tombstones of erased slots (an id holding one could shadow an
 * erased customer), and line breaks would split the id in line-oriented files. Thread-safe
 * (immutable).
 *
 * <p>Lookup uses an open-addressing table of indices (linear probing, load ≤ 1/2; about 8 bytes
 * per id besides the strings), so {@link #redact} copies two flat arrays and then does work
 * proportional to the number of redacted ids.
 */
public final class IdIndex {
  private final String kind;
  private final String[] ids;
  // Slot holds index + 1, 0 when free; length a power of two at least twice ids.length.
  private final int[] table;

  private IdIndex(String kind, String[] ids, int[] table) {
    this.kind = kind;
    this.ids = ids;
    this.table = table;
  }

  private static IdIndex create(String kind, String[] ids) {
    int capacity = Integer.highestOneBit(Math.max(4, ids.length) * 2 - 1) << 1;
    int[] table = new int[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < ids.length; i++) {
      if (isTombstone(ids[i])) {
        continue; // a redacted slot stays unfindable in an extended index too
      }
      int slot = hash(ids[i]) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = i + 1;
    }
    return new IdIndex(kind, ids, table);
  }

  private static int hash(String id) {
    int h = id.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** Slot of {@code id} in the table, or -1. */
  private int slotOf(String id) {
    int mask = table.length - 1;
    for (int slot = hash(id) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
      if (ids[table[slot] - 1].equals(id)) {
        return slot;
      }
    }
    return -1;
  }

  /** Frees {@code slot} of a linear-probing table, shifting later entries back (Knuth's Algorithm R). */
  private static void free(int[] table, String[] ids, int slot) {
    int mask = table.length - 1;
    int hole = slot;
    int next = (hole + 1) & mask;
    while (table[next] != 0) {
      int home = hash(ids[table[next] - 1]) & mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, next].
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        table[hole] = table[next];
        hole = next;
      }
      next = (next + 1) & mask;
    }
    table[hole] = 0;
  }

  /**
   * Creates an index over {@code ids} in the given order.
   *
   * @param kind what the ids identify, used in error messages (e.g. {@code "user"}, {@code "item"})
   * @throws IllegalArgumentException if an id is empty, repeated or holds a NUL, CR or LF character
   * @throws NullPointerException if {@code kind}, {@code ids} or an id is null
   */
  public static IdIndex of(String kind, List<String> ids) {
    requireNonNull(kind, "kind");
    requireNonNull(ids, "ids");
    Builder builder = new Builder(kind);
    int position = 0;
    for (String id : ids) {
      int before = builder.size();
      int index;
      try {
        index = builder.add(id);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(kind + " id at position " + position + ": " + e.getMessage(), e);
      }
      if (index != before) {
        // Positions, not the id: ids may be customers' (private).
        throw CorePreconditions.failRepeated("ids", index, position);
      }
      position++;
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
    int slot = slotOf(id);
    return slot < 0 ? -1 : table[slot] - 1;
  }

  /** True if {@code id} is in this index. */
  public boolean contains(String id) {
    return indexOf(id) >= 0;
  }

  /**
   * The dense index of {@code id}.
   *
   * @throws IllegalArgumentException if it is unknown (the message does not quote the id, which may
   *     be private)
   * @throws NullPointerException if {@code id} is null
   */
  public int require(String id) {
    requireNonNull(id, kind + " id");
    int index = indexOf(id);
    if (index < 0) {
      throw CorePreconditions.failUnquoted(kind + " id", "must be in this index");
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
   * longer finds them, and {@link #isRedacted} reports the slots. Used for erasure. Redacting an
   * already redacted slot changes nothing. Cost: two array copies plus O(indices.length).
   *
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public IdIndex redact(int... indices) {
    requireNonNull(indices, "indices");
    for (int index : indices) {
      if (index < 0 || index >= ids.length) {
        throw new IndexOutOfBoundsException(kind + " index must be in [0, size()). Provided value: " + index);
      }
    }
    String[] copy = ids.clone();
    int[] slots = table.clone();
    int mask = slots.length - 1;
    for (int index : indices) {
      if (isTombstone(copy[index])) {
        continue;
      }
      int slot = hash(copy[index]) & mask;
      while (slots[slot] != index + 1) {
        slot = (slot + 1) & mask;
      }
      // Free the slot while copy[] still holds the live ids the shifted entries hash from.
      free(slots, copy, slot);
      copy[index] = TOMBSTONE_PREFIX + index;
    }
    return new IdIndex(kind, copy, slots);
  }

  /** True if the slot at {@code index} was {@linkplain #redact redacted}. */
  public boolean isRedacted(int index) {
    return isTombstone(ids[index]);
  }

  private static boolean isTombstone(String id) {
    return id.startsWith(TOMBSTONE_PREFIX);
  }

  /** Tombstones start with a NUL character, which {@link Builder#add} and the readers reject in an id. */
  private static final String TOMBSTONE_PREFIX = "\u0000erased#";

  @Override
  public String toString() {
    // No size: the number of users is private.
    return "IdIndex{" + kind + "}";
  }

  /** Accumulates ids in first-seen order. Not thread-safe. */
  public static final class Builder {
    private final String kind;
    /** The ids' name in messages, e.g. "user id". */
    private final String idName;
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
      this.idName = kind + " id";
    }

    /**
     * Starts from the ids of an existing index (they keep their indices).
     *
     * @param base the index to extend
     */
    public Builder(IdIndex base) {
      this(base.kind);
      for (String id : base.ids) {
        append(id); // tombstones of redacted slots are kept (and stay unfindable once built)
      }
    }

    /**
     * Returns the index of {@code id}, adding it if new.
     *
     * @throws IllegalArgumentException if {@code id} is empty or holds a NUL, CR or LF character
     *     (the message names the character's position, not the id)
     * @throws NullPointerException if {@code id} is null
     */
    public int add(String id) {
      // Checked before the lookup: a tombstone kept from an extended index must not be found by add.
      CorePreconditions.checkId(idName, id);
      Integer existing = indexById.get(id);
      return existing != null ? existing : append(id);
    }

    private int append(String id) {
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
      return create(kind, Arrays.copyOf(ids, size));
    }
  }
}
