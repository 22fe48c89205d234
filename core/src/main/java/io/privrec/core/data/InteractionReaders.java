package io.privrec.core.data;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads interaction files into an {@link InteractionMatrix}, streaming line by line.
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li>{@link #movieLens100k}: MovieLens {@code u.data}, TAB-separated {@code user item rating
 *       unixtime}, no header; weight = rating, with timestamps.
 *   <li>{@link #movieLensCsv}: MovieLens {@code ratings.csv}, header
 *       {@code userId,movieId,rating,timestamp}; weight = rating, with timestamps.
 *   <li>{@link #rentTheRunway}: the RentTheRunway interactions CSV (header
 *       {@code user_id,item_id,rating,fit,size,category,rented_for,review_date}); each line is one
 *       rental of weight 1 (implicit feedback; the rating column is not read, so the 82 rentals
 *       without a rating are kept), timestamp = {@code review_date} at midnight UTC.
 *   <li>{@link #tabSeparated}: {@code user item [weight]} per line, TAB-separated, no header, no
 *       timestamps; a missing weight is 1. Used for train/test files; combine with
 *       {@link ReadOptions#extending} so a test file lines up with its training matrix.
 *   <li>{@link #delimited}: any delimited file with a header and named columns.
 * </ul>
 *
 * <p>{@link #movieLensCatalogue} reads MovieLens {@code u.item} (the public list of movies) as a
 * {@link Catalogue}, so private models on {@code u.data} index an item universe that does not
 * depend on the ratings.
 *
 * <h2>Errors</h2>
 * Every data line must have the format's number of columns, valid ids, a weight that is a
 * finite number {@code > 0} and a parsable time. By default the first bad line throws a
 * {@link MalformedDataException} naming the file, the line, and the column (never the cell's
 * text: ids are private); with {@link ReadOptions#skipMalformed()} bad lines are skipped and
 * counted in the {@link ReadResult}. Blank lines are ignored. Repeated (user, item) pairs are
 * combined by {@link ReadOptions#duplicates} (default {@link DuplicatePolicy#SUM}).
 *
 * <ul>
 *   <li><b>Ids</b> are taken verbatim (no trimming) and must be non-empty and free of NUL (it
 *       starts the tombstones of erased customers, so such an id could never really be erased),
 *       TAB and line breaks. TAB is refused rather than escaped because the files these readers
 *       take and the outputs of the tools built on them ({@code recommend}'s {@code user item
 *       rank}, train/test splits) are TAB-separated: a TAB inside a quoted CSV id would silently
 *       shift their columns. Other characters, including the CSV delimiter inside a quoted cell,
 *       are kept.
 *   <li><b>Weights</b> are in plain decimal notation: an optional sign, digits with an optional
 *       decimal point, an optional exponent ({@code 4}, {@code +2}, {@code 0.5}, {@code .5},
 *       {@code 2.5E-1}); surrounding spaces are allowed. Hex ({@code 0x1p3}), digit separators
 *       ({@code 1_0}), Java suffixes ({@code 2f}) and decimal commas are not numbers;
 *       {@code NaN} and {@code Infinity} are rejected as not finite, and so is a value that
 *       overflows a {@code float}.
 *   <li><b>Encoding</b>: a byte-order mark at the start of a file is skipped, with or without a
 *       header. A byte sequence that is invalid in {@link ReadOptions#charset} (default UTF-8)
 *       fails the read, even when skipping, naming the line that holds it.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class InteractionReaders {
  private static final DelimitedFormat MOVIELENS_CSV = DelimitedFormat.builder().delimiter(',')
      .userColumn("userId").itemColumn("movieId").weightColumn("rating")
      .timeColumn("timestamp", TimeFormat.EPOCH_SECONDS).build();
  private static final DelimitedFormat RENT_THE_RUNWAY = DelimitedFormat.builder().delimiter(',')
      .userColumn("user_id").itemColumn("item_id").timeColumn("review_date", TimeFormat.ISO_DATE).build();
  private static final InteractionFileReader.Layout MOVIELENS_100K = new InteractionFileReader.Layout('\t', false,
      4, 4, 0, 1, 2, 3, TimeFormat.EPOCH_SECONDS, new String[] {"user", "item", "rating", "timestamp"});
  private static final InteractionFileReader.Layout TAB_SEPARATED = new InteractionFileReader.Layout('\t', false,
      2, 3, 0, 1, 2, -1, TimeFormat.EPOCH_SECONDS, new String[] {"user", "item", "weight"});

  private InteractionReaders() {}

  /**
   * Reads a MovieLens {@code u.data} file ({@code user TAB item TAB rating TAB unixtime}).
   *
   * @throws MalformedDataException for a bad line (unless skipping)
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   */
  public static ReadResult movieLens100k(Path file, ReadOptions options) throws IOException {
    return InteractionFileReader.read(checkFile(file), MOVIELENS_100K, requireNonNull(options, "options"));
  }

  /**
   * Reads a MovieLens {@code ratings.csv} file (header {@code userId,movieId,rating,timestamp}).
   *
   * @throws MalformedDataException for a bad header or line (unless skipping)
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   */
  public static ReadResult movieLensCsv(Path file, ReadOptions options) throws IOException {
    return delimited(file, MOVIELENS_CSV, options);
  }

  /**
   * Reads the RentTheRunway interactions CSV: one rental of weight 1 per line, timestamped by
   * {@code review_date} (yyyy-MM-dd, midnight UTC). With the default {@link DuplicatePolicy#SUM},
   * a garment rented twice by the same user weighs 2.
   *
   * @throws MalformedDataException for a bad header or line (unless skipping)
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   */
  public static ReadResult rentTheRunway(Path file, ReadOptions options) throws IOException {
    return delimited(file, RENT_THE_RUNWAY, options);
  }

  /**
   * Reads a headerless TAB-separated {@code user item [weight]} file (no timestamps).
   *
   * @throws MalformedDataException for a bad line (unless skipping)
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   */
  public static ReadResult tabSeparated(Path file, ReadOptions options) throws IOException {
    return InteractionFileReader.read(checkFile(file), TAB_SEPARATED, requireNonNull(options, "options"));
  }

  /**
   * Reads a delimited file whose first line names the columns, as described by {@code format}.
   *
   * @throws MalformedDataException for a missing header, a header without a named column, or a
   *     bad data line (unless skipping)
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   */
  public static ReadResult delimited(Path file, DelimitedFormat format, ReadOptions options) throws IOException {
    return InteractionFileReader.read(checkFile(file), requireNonNull(format, "format"),
        requireNonNull(options, "options"));
  }

  /**
   * Reads a MovieLens 100K {@code u.item} file ({@code id|title|release date|video release
   * date|IMDb URL|19 genre flags}, ISO-8859-1) as the public catalogue: the movie ids in file
   * order, with the public attribute {@code title}. Blank lines are skipped.
   *
   * @throws MalformedDataException naming the file and line for a line without {@code |}, an
   *     empty or repeated id, or one holding NUL or TAB
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read
   */
  public static Catalogue movieLensCatalogue(Path uItem) throws IOException {
    checkFile(uItem);
    List<String> ids = new ArrayList<>();
    Map<String, String> titles = new LinkedHashMap<>();
    Map<String, Long> firstLine = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(uItem, StandardCharsets.ISO_8859_1)) {
      String line;
      long lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        int bar = line.indexOf('|');
        if (bar < 0) {
          throw new MalformedDataException(uItem, lineNo, 0, "", "expected 'id|title|...' (no '|' found)");
        }
        String id = line.substring(0, bar).strip();
        if (id.isEmpty()) {
          throw new MalformedDataException(uItem, lineNo, 1, "item", "empty movie id");
        }
        if (id.indexOf('\0') >= 0 || id.indexOf('\t') >= 0) {
          throw new MalformedDataException(uItem, lineNo, 1, "item", "movie id must not contain NUL or TAB");
        }
        Long earlier = firstLine.putIfAbsent(id, lineNo);
        if (earlier != null) {
          throw new MalformedDataException(uItem, lineNo, 1, "item", "movie id repeats the id on line " + earlier
              + " (ids must be unique)");
        }
        ids.add(id);
        int end = line.indexOf('|', bar + 1);
        String title = (end < 0 ? line.substring(bar + 1) : line.substring(bar + 1, end)).strip();
        if (!title.isEmpty()) {
          titles.put(id, title);
        }
      }
    }
    return Catalogue.of(ids).withAttribute("title", titles);
  }

  private static Path checkFile(Path file) {
    return requireNonNull(file, "file");
  }
}
