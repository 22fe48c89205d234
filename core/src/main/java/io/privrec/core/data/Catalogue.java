package io.privrec.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shop's product catalogue: the public universe of items a recommender may score, list and
 * count, in an order that does not depend on any customer's data.
 *
 * <p>The catalogue is <em>public</em>: it is what the shop shows every visitor. Models fitted
 * through the facade index exactly the catalogue's items (a differentially private model's shape,
 * item order and listed items are then independent of the interactions); interactions on items
 * outside it are dropped before fitting. Build it from the shop's product list, never from the
 * interactions: a catalogue derived from who bought what would make the item universe itself a
 * function of private data.
 *
 * <p>Items are non-empty ids without NUL, TAB or line-break characters (outputs are TAB-separated),
 * each at most once. The order is
 * the one given ({@link #of}) or sorted ({@link #sorted}); {@link #items()} maps the ids to the
 * dense indices models use. Optional public attributes (e.g. category, colour) may be attached per
 * item; they are public by definition and are never taken from customers.
 *
 * <p>Immutable and thread-safe.
 */
public final class Catalogue {
  private final IdIndex items;
  private final Map<String, Map<String, String>> attributes;

  private Catalogue(IdIndex items, Map<String, Map<String, String>> attributes) {
    this.items = items;
    this.attributes = attributes;
  }

  /**
   * A catalogue of {@code ids} in the given order.
   *
   * @throws IllegalArgumentException if an id is empty, repeated, or holds a NUL, CR or LF
   *     character (the message names the position, not the id)
   * @throws NullPointerException if {@code ids} or an id is null
   */
  public static Catalogue of(List<String> ids) {
    requireNonNull(ids, "ids");
    return new Catalogue(index(ids), Map.of());
  }

  /** A catalogue of {@code ids} in their natural (code point) order; repeats are rejected. */
  public static Catalogue sorted(Collection<String> ids) {
    requireNonNull(ids, "ids");
    List<String> list = new ArrayList<>(ids);
    Collections.sort(list);
    return of(list);
  }

  /**
   * Reads a catalogue file: one item id per line, UTF-8, in file order. Blank lines and lines
   * starting with {@code #} are skipped; surrounding white space is trimmed and a leading byte
   * order mark is ignored.
   *
   * @throws IOException if the file cannot be read or is not valid UTF-8 (the message names the
   *     file)
   * @throws IllegalArgumentException naming the file and line for an invalid or repeated id
   */
  public static Catalogue read(Path file) throws IOException {
    requireNonNull(file, "file");
    List<String> ids = new ArrayList<>();
    var decoder = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    IdIndex.Builder seen = new IdIndex.Builder("item");
    try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        String id = line.strip();
        if (id.isEmpty() || id.startsWith("#")) {
          continue;
        }
        if (id.indexOf('\0') >= 0 || id.indexOf('\t') >= 0) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": catalogue ids must not contain NUL or TAB");
        }
        if (seen.indexOf(id) >= 0) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": item id '" + id + "' repeats an earlier line");
        }
        seen.add(id);
        ids.add(id);
      }
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not valid UTF-8", e);
    }
    return of(ids);
  }

  private static IdIndex index(List<String> ids) {
    IdIndex.Builder b = new IdIndex.Builder("item");
    int position = 0;
    for (String id : ids) {
      requireNonNull(id, "catalogue id");
      if (id.isEmpty() || id.indexOf('\0') >= 0 || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0
          || id.indexOf('\t') >= 0) {
        throw CorePreconditions.failUnquoted("catalogue id at position " + position,
            "must be non-empty and free of NUL, TAB, CR and LF characters");
      }
      CorePreconditions.checkArgument(b.add(id) == position, "catalogue id at position %s repeats an earlier id",
          position);
      position++;
    }
    return b.build();
  }

  /**
   * Returns this catalogue with public attributes attached: {@code values} maps item ids to the
   * attribute's value (items without a value have none). Existing values of the attribute are
   * replaced.
   *
   * @throws IllegalArgumentException if {@code name} is empty or a key is not a catalogue item
   */
  public Catalogue withAttribute(String name, Map<String, String> values) {
    requireNonNull(name, "name");
    requireNonNull(values, "values");
    CorePreconditions.checkNotEmpty("attribute name", name);
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      CorePreconditions.checkArgument(items.contains(e.getKey()),
          "attribute '%s' names item '%s', which is not in the catalogue", name, e.getKey());
      copy.put(e.getKey(), requireNonNull(e.getValue(), "attribute value"));
    }
    Map<String, Map<String, String>> all = new LinkedHashMap<>(attributes);
    all.put(name, Collections.unmodifiableMap(copy));
    return new Catalogue(items, Collections.unmodifiableMap(all));
  }

  /** The items in catalogue order, as the dense index every model fitted on it uses. */
  public IdIndex items() {
    return items;
  }

  /** Number of items, {@code >= 0}. */
  public int size() {
    return items.size();
  }

  /** True if {@code itemId} is in the catalogue. */
  public boolean contains(String itemId) {
    return items.contains(itemId);
  }

  /** The names of the attached public attributes, in the order they were attached. */
  public List<String> attributeNames() {
    return List.copyOf(attributes.keySet());
  }

  /**
   * The public value of attribute {@code name} for {@code itemId}, or {@code null} if the item has
   * none.
   *
   * @throws IllegalArgumentException if no attribute {@code name} is attached
   */
  public String attribute(String name, String itemId) {
    Map<String, String> values = attributes.get(name);
    if (values == null) {
      throw CorePreconditions.unknown("catalogue attribute", name, attributes.keySet());
    }
    return values.get(itemId);
  }

  @Override
  public String toString() {
    return "Catalogue{" + items.size() + " items" + (attributes.isEmpty() ? "" : ", attributes " + attributes.keySet())
        + "}";
  }
}
