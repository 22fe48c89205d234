package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import io.privrec.core.internal.CorePreconditions;
import java.util.Optional;

/**
 * The layout of a delimited text file with a header line naming its columns, for
 * {@link InteractionReaders#delimited}: the delimiter, whether cells may be quoted, and which
 * named columns hold the user id, the item id, and optionally the weight and the time.
 *
 * <p>Without a weight column every line weighs 1; without a time column the matrix has no
 * timestamps. Other columns are ignored, but every data line must have as many cells as the
 * header. Quoting (on by default) follows RFC 4180 for single-line cells: a cell that starts with
 * {@code "} ends at the next lone {@code "}, and {@code ""} inside it stands for one quote.
 *
 * <pre>{@code
 * DelimitedFormat.builder().delimiter(',')
 *     .userColumn("userId").itemColumn("movieId").weightColumn("rating")
 *     .timeColumn("timestamp", TimeFormat.EPOCH_SECONDS).build()
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class DelimitedFormat {
  private final char delimiter;
  private final boolean quoted;
  private final String userColumn;
  private final String itemColumn;
  private final String weightColumn; // null: every line weighs 1
  private final String timeColumn; // null: no timestamps
  private final TimeFormat timeFormat;

  private DelimitedFormat(Builder b) {
    this.delimiter = b.delimiter;
    this.quoted = b.quoted;
    this.userColumn = b.userColumn;
    this.itemColumn = b.itemColumn;
    this.weightColumn = b.weightColumn;
    this.timeColumn = b.timeColumn;
    this.timeFormat = b.timeFormat;
  }

  /** Starts a builder: comma-delimited, quoting on, no weight and no time column. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cell delimiter. */
  public char delimiter() {
    return delimiter;
  }

  /** True if cells may be enclosed in double quotes. */
  public boolean quoted() {
    return quoted;
  }

  /** Header name of the user id column. */
  public String userColumn() {
    return userColumn;
  }

  /** Header name of the item id column. */
  public String itemColumn() {
    return itemColumn;
  }

  /** Header name of the weight column, if any. */
  public Optional<String> weightColumn() {
    return Optional.ofNullable(weightColumn);
  }

  /** Header name of the time column, if any. */
  public Optional<String> timeColumn() {
    return Optional.ofNullable(timeColumn);
  }

  /** How the time column is parsed (meaningful only with a time column). */
  public TimeFormat timeFormat() {
    return timeFormat;
  }

  @Override
  public String toString() {
    return "DelimitedFormat{delimiter='" + (delimiter == '\t' ? "\\t" : String.valueOf(delimiter)) + "'"
        + (quoted ? ", quoted" : "") + ", user=" + userColumn + ", item=" + itemColumn
        + (weightColumn != null ? ", weight=" + weightColumn : "")
        + (timeColumn != null ? ", time=" + timeColumn + " (" + timeFormat + ")" : "") + "}";
  }

  /** Collects the layout; {@link #build()} validates it. Not thread-safe. */
  public static final class Builder {
    private char delimiter = ',';
    private boolean quoted = true;
    private String userColumn;
    private String itemColumn;
    private String weightColumn;
    private String timeColumn;
    private TimeFormat timeFormat = TimeFormat.EPOCH_SECONDS;

    private Builder() {}

    /**
     * Sets the cell delimiter (default {@code ','}).
     *
     * @throws IllegalArgumentException for a line break or a double quote
     */
    public Builder delimiter(char delimiter) {
      if (delimiter == '\n' || delimiter == '\r' || delimiter == '"') {
        throw CorePreconditions.fail("delimiter", "must not be a line break or a double quote", (int) delimiter);
      }
      this.delimiter = delimiter;
      return this;
    }

    /** Sets whether cells may be quoted (default true). */
    public Builder quoted(boolean quoted) {
      this.quoted = quoted;
      return this;
    }

    /** Names the user id column (required). */
    public Builder userColumn(String name) {
      this.userColumn = CorePreconditions.checkNotEmpty("userColumn", name);
      return this;
    }

    /** Names the item id column (required). */
    public Builder itemColumn(String name) {
      this.itemColumn = CorePreconditions.checkNotEmpty("itemColumn", name);
      return this;
    }

    /** Names the weight column; without one every line weighs 1. */
    public Builder weightColumn(String name) {
      this.weightColumn = CorePreconditions.checkNotEmpty("weightColumn", name);
      return this;
    }

    /** Names the time column and how to parse it. */
    public Builder timeColumn(String name, TimeFormat format) {
      this.timeColumn = CorePreconditions.checkNotEmpty("timeColumn", name);
      this.timeFormat = requireNonNull(format, "format");
      return this;
    }

    /**
     * Builds the format.
     *
     * @throws IllegalStateException if the user or item column is not set
     * @throws IllegalArgumentException if two roles name the same column
     */
    public DelimitedFormat build() {
      if (userColumn == null || itemColumn == null) {
        throw new IllegalStateException("userColumn and itemColumn must be set before build()");
      }
      checkDistinct("itemColumn", itemColumn, userColumn);
      if (weightColumn != null) {
        checkDistinct("weightColumn", weightColumn, userColumn, itemColumn);
      }
      if (timeColumn != null) {
        checkDistinct("timeColumn", timeColumn, userColumn, itemColumn, weightColumn);
      }
      return new DelimitedFormat(this);
    }

    private static void checkDistinct(String parameter, String name, String... others) {
      for (String other : others) {
        CorePreconditions.checkArgument(!name.equals(other), "%s '%s' is already used for another role", parameter,
            name);
      }
    }
  }
}
