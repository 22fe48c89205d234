package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionReadersTest {
  private static final String NOT_A_NUMBER =
      "weight must be a decimal number, but the cell is not one (its text is not quoted: data cells are private)";

  @TempDir
  Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static MalformedDataException malformed(ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(MalformedDataException.class);
    return (MalformedDataException) t;
  }

  private static float weight(InteractionMatrix m, String user, String item) {
    int p = m.find(m.users().require(user), m.items().require(item));
    assertThat(p).isNotNegative();
    return m.weightAt(p);
  }

  // ---- MovieLens u.data ----------------------------------------------------------------------

  @Test
  void movieLens100k_wellFormed_readsRatingsAndTimes() throws IOException {
    Path file = write("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t5\t881250950\n");

    ReadResult result = InteractionReaders.movieLens100k(file, ReadOptions.defaults());

    InteractionMatrix m = result.matrix();
    MatrixInvariants.assertValid(m);
    assertThat(result.linesRead()).isEqualTo(3);
    assertThat(result.linesSkipped()).isZero();
    assertThat(m.users().ids()).containsExactly("196", "186");
    assertThat(m.items().ids()).containsExactly("242", "302");
    assertThat(weight(m, "196", "302")).isEqualTo(5f);
    assertThat(m.timeAt(m.find(m.users().require("186"), m.items().require("302")))).isEqualTo(891717742L);
  }

  @Test
  void movieLens100k_wrongColumnCount_namesFileAndLine() throws IOException {
    Path file = write("u.data", "1\t2\t3\t100\n1\t3\t4\n");

    MalformedDataException e = malformed(() -> InteractionReaders.movieLens100k(file, ReadOptions.defaults()));

    assertThat(e.file()).isEqualTo(file);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isZero();
    assertThat(e.getMessage()).startsWith(file + ", line 2: ")
        .contains("expected 4 columns [user, item, rating, timestamp] separated by TAB but found 3");
  }

  @Test
  void movieLens100k_nonNumericRating_namesColumn() throws IOException {
    Path file = write("u.data", "1\t2\tfive\t100\n");

    MalformedDataException e = malformed(() -> InteractionReaders.movieLens100k(file, ReadOptions.defaults()));

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.getMessage()).isEqualTo(file + ", line 1, column 3 (rating): " + NOT_A_NUMBER);
    assertThat(e.getMessage()).doesNotContain("five");
  }

  @Test
  void movieLens100k_badTimestamp_namesColumn() throws IOException {
    Path file = write("u.data", "1\t2\t3\t100\n1\t3\t3\tyesterday\n");

    MalformedDataException e = malformed(() -> InteractionReaders.movieLens100k(file, ReadOptions.defaults()));

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(4);
    assertThat(e.getMessage()).contains("column 4 (timestamp)").contains("epoch seconds").doesNotContain("yesterday");
  }

  // ---- MovieLens ratings.csv -----------------------------------------------------------------

  @Test
  void movieLensCsv_wellFormed_readsByHeaderNames() throws IOException {
    Path file = write("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n");

    ReadResult result = InteractionReaders.movieLensCsv(file, ReadOptions.defaults());

    assertThat(result.linesRead()).isEqualTo(2);
    assertThat(weight(result.matrix(), "1", "31")).isEqualTo(2.5f);
    assertThat(result.matrix().hasTimestamps()).isTrue();
  }

  @Test
  void movieLensCsv_headerMissingColumn_throwsListingColumns() throws IOException {
    Path file = write("ratings.csv", "userId,itemId,rating,timestamp\n1,31,2.5,1260759144\n");

    MalformedDataException e = malformed(() -> InteractionReaders.movieLensCsv(file, ReadOptions.defaults()));

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.getMessage()).contains("header has no item column 'movieId'")
        .contains("[userId, itemId, rating, timestamp]");
  }

  @Test
  void movieLensCsv_headerMissingColumn_throwsEvenWhenSkipping() throws IOException {
    Path file = write("ratings.csv", "userId,rating\n1,2\n");

    assertThatThrownBy(() -> InteractionReaders.movieLensCsv(file, ReadOptions.defaults().skipMalformed()))
        .isInstanceOf(MalformedDataException.class).hasMessageContaining("header has no item column");
  }

  @Test
  void movieLensCsv_emptyFile_throwsMissingHeader() throws IOException {
    Path file = write("ratings.csv", "");

    MalformedDataException e = malformed(() -> InteractionReaders.movieLensCsv(file, ReadOptions.defaults()));

    assertThat(e.getMessage()).contains("line 1").contains("file is empty");
  }

  // ---- bad weights, ids ----------------------------------------------------------------------

  @Test
  void read_nanWeight_namesFileLineColumn() throws IOException {
    Path file = write("train.tsv", "u1\ti1\t1\nu1\ti2\tNaN\n");

    MalformedDataException e = malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults()));

    assertThat(e.getMessage()).isEqualTo(file + ", line 2, column 3 (weight): weight must be finite and > 0, "
        + "but it is NaN");
    assertThat(e.reason()).isEqualTo("weight must be finite and > 0, but it is NaN");
  }

  @Test
  void read_infiniteWeight_rejected() throws IOException {
    Path file = write("train.tsv", "u1\ti1\tInfinity\n");

    MalformedDataException e = malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults()));

    assertThat(e.column()).isEqualTo(3);
    assertThat(e.getMessage()).contains("must be finite and > 0, but it is infinite");
  }

  @Test
  void read_overflowingWeight_rejectedAsInfinite() throws IOException {
    Path file = write("train.tsv", "u1\ti1\t1e39\n");

    MalformedDataException e = malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults()));

    assertThat(e.reason()).isEqualTo("weight must be finite and > 0, but it is infinite");
  }

  @Test
  void read_negativeWeight_rejected() throws IOException {
    Path file = write("train.tsv", "u1\ti1\t-2\n");

    MalformedDataException e = malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults()));

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.reason()).isEqualTo("weight must be finite and > 0, but it is negative");
  }

  @Test
  void read_zeroWeight_rejected() throws IOException {
    Path file = write("train.tsv", "u1\ti1\t0\n");

    assertThat(malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults())).getMessage())
        .contains("line 1, column 3 (weight): weight must be finite and > 0, but it is zero");
  }

  @Test
  void read_javaFloatSuffix_rejectedAsNotANumber() throws IOException {
    Path file = write("train.tsv", "u1\ti1\t2f\n");

    assertThat(malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults())).getMessage())
        .contains(NOT_A_NUMBER).doesNotContain("2f");
  }

  @Test
  void read_emptyUserId_namesColumn() throws IOException {
    Path file = write("train.tsv", "u1\ti1\n\ti2\n");

    MalformedDataException e = malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults()));

    assertThat(e.getMessage()).isEqualTo(file + ", line 2, column 1 (user): user id must not be empty");
  }

  @Test
  void read_emptyItemIdInCsv_namesHeaderColumn() throws IOException {
    Path file = write("ratings.csv", "userId,movieId,rating,timestamp\n7,,4,100\n");

    MalformedDataException e = malformed(() -> InteractionReaders.movieLensCsv(file, ReadOptions.defaults()));

    assertThat(e.getMessage()).isEqualTo(file + ", line 2, column 2 (movieId): item id must not be empty");
  }

  @Test
  void read_emptyWeightCell_namesColumn() throws IOException {
    Path file = write("ratings.csv", "userId,movieId,rating,timestamp\n7,8,,100\n");

    assertThat(malformed(() -> InteractionReaders.movieLensCsv(file, ReadOptions.defaults())).getMessage())
        .contains("line 2, column 3 (rating): weight is empty");
  }

  @Test
  void read_missingFile_throwsNoSuchFileNamingPath() {
    Path file = dir.resolve("absent.tsv");

    assertThatThrownBy(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("absent.tsv")
        .hasMessageContaining("interaction file not found");
  }

  @Test
  void read_directory_throwsIoException() {
    assertThatThrownBy(() -> InteractionReaders.tabSeparated(dir, ReadOptions.defaults()))
        .isInstanceOf(IOException.class).hasMessageContaining("is a directory");
  }

  @Test
  void read_invalidUtf8_throwsNamingFile() throws IOException {
    Path file = dir.resolve("latin1.tsv");
    Files.write(file, new byte[] {'u', '\t', (byte) 0xE9, '\n'});

    assertThat(malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults())).getMessage())
        .startsWith(file.toString()).contains("not valid in the file's character set");
  }

  @Test
  void read_latin1Charset_readsAccentedIds() throws IOException {
    Path file = dir.resolve("latin1.tsv");
    Files.write(file, new byte[] {'u', '\t', (byte) 0xE9, '\n'});

    ReadResult result = InteractionReaders.tabSeparated(file,
        ReadOptions.defaults().charset(StandardCharsets.ISO_8859_1));

    assertThat(result.matrix().items().ids()).containsExactly("\u00e9");
  }

  @Test
  void read_nullArguments_throwNamingParameter() {
    assertThatNullPointerException().isThrownBy(() -> InteractionReaders.tabSeparated(null, ReadOptions.defaults()))
        .withMessage("file");
    assertThatNullPointerException().isThrownBy(() -> InteractionReaders.tabSeparated(dir, null))
        .withMessage("options");
    assertThatNullPointerException()
        .isThrownBy(() -> InteractionReaders.delimited(dir, null, ReadOptions.defaults())).withMessage("format");
  }

  // ---- skipping --------------------------------------------------------------------------------

  @Test
  void read_skipMalformed_skipsCountsAndKeepsReasons() throws IOException {
    Path file = write("train.tsv", "u1\ti1\t2\nu1\ti2\tx\n\nu2\ti1\t-1\nu3\nu2\ti3\t1\n");

    ReadResult result = InteractionReaders.tabSeparated(file, ReadOptions.defaults().skipMalformed());

    assertThat(result.linesRead()).as("blank line not counted").isEqualTo(5);
    assertThat(result.linesSkipped()).isEqualTo(3);
    assertThat(result.skipReasons()).hasSize(3);
    assertThat(result.skipReasons().get(0)).isEqualTo(file + ", line 2, column 3 (weight): " + NOT_A_NUMBER);
    assertThat(result.skipReasons().get(1)).contains("line 4, column 3");
    assertThat(result.skipReasons().get(2)).contains("line 5").contains("found 1");
    InteractionMatrix m = result.matrix();
    assertThat(m.numInteractions()).isEqualTo(2);
    assertThat(m.users().ids()).as("skipped lines intern no ids").containsExactly("u1", "u2");
    assertThat(m.items().ids()).containsExactly("i1", "i3");
  }

  @Test
  void read_skipMalformedWithReasonLimit_keepsFirstReasonsOnly() throws IOException {
    Path file = write("train.tsv", "a\nb\nc\nu\ti\n");

    ReadResult result = InteractionReaders.tabSeparated(file,
        ReadOptions.defaults().skipMalformed().maxSkipReasons(2));

    assertThat(result.linesSkipped()).isEqualTo(3);
    assertThat(result.skipReasons()).hasSize(2);
    assertThat(result.skipReasons().get(1)).contains("line 2");
  }

  // ---- TAB train/test ----------------------------------------------------------------------------

  @Test
  void tabSeparated_optionalWeight_defaultsToOne() throws IOException {
    Path file = write("train.tsv", "u1\ti1\nu1\ti2\t2.5\r\nu2\ti1\n");

    ReadResult result = InteractionReaders.tabSeparated(file, ReadOptions.defaults());

    InteractionMatrix m = result.matrix();
    assertThat(m.hasTimestamps()).isFalse();
    assertThat(weight(m, "u1", "i1")).isEqualTo(1f);
    assertThat(weight(m, "u1", "i2")).as("CRLF line ending").isEqualTo(2.5f);
    assertThat(m.numInteractions()).isEqualTo(3);
  }

  @Test
  void tabSeparated_tooManyColumns_rejected() throws IOException {
    Path file = write("train.tsv", "u1\ti1\t1\t5\n");

    assertThat(malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults())).getMessage())
        .contains("expected 2 to 3 columns [user, item, weight] separated by TAB but found 4");
  }

  @Test
  void tabSeparated_extendingTrainIndices_testLinesUpWithTrain() throws IOException {
    Path train = write("train.tsv", "alice\tdress\nbob\tskirt\nbob\tdress\n");
    Path test = write("test.tsv", "bob\tcoat\ncarol\tskirt\n");
    InteractionMatrix trainMatrix = InteractionReaders.tabSeparated(train, ReadOptions.defaults()).matrix();

    InteractionMatrix testMatrix = InteractionReaders.tabSeparated(test,
        ReadOptions.defaults().extending(trainMatrix.users(), trainMatrix.items())).matrix();

    assertThat(testMatrix.users().ids()).containsExactly("alice", "bob", "carol");
    assertThat(testMatrix.items().ids()).containsExactly("dress", "skirt", "coat");
    assertThat(testMatrix.rowItems(1)).containsExactly(2);
    assertThat(testMatrix.rowItems(2)).containsExactly(1);
    assertThat(trainMatrix.numItems()).isEqualTo(2);
  }

  @Test
  void tabSeparated_duplicates_combinedByPolicy() throws IOException {
    Path file = write("train.tsv", "u\ti\t2\nu\ti\t3\n");

    assertThat(weight(InteractionReaders.tabSeparated(file, ReadOptions.defaults()).matrix(), "u", "i"))
        .isEqualTo(5f);
    assertThat(weight(InteractionReaders.tabSeparated(file, ReadOptions.defaults().duplicates(DuplicatePolicy.MAX))
        .matrix(), "u", "i")).isEqualTo(3f);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> InteractionReaders.tabSeparated(file,
            ReadOptions.defaults().duplicates(DuplicatePolicy.REJECT)))
        .withMessageStartingWith(file.toString())
        .withMessageContaining("events 1 and 2")
        .withMessageNotContaining("'u'");
  }

  @Test
  void read_minWeight_dropsLightLinesBeforeInterning() throws IOException {
    Path file = write("u.data", "1\t10\t5\t100\n2\t20\t2\t100\n1\t20\t4\t100\n");

    ReadResult result = InteractionReaders.movieLens100k(file, ReadOptions.defaults().minWeight(4f));

    assertThat(result.belowMinWeight()).isEqualTo(1);
    assertThat(result.linesSkipped()).isZero();
    assertThat(result.matrix().numInteractions()).isEqualTo(2);
    assertThat(result.matrix().users().ids()).containsExactly("1");
  }

  // ---- generic delimited ------------------------------------------------------------------------

  @Test
  void delimited_quotedCellsAndIsoDates_parsed() throws IOException {
    Path file = write("orders.csv", "sku;\"customer\";when;qty\n"
        + "\"g;1\";\"c \"\"x\"\"\";2024-03-01;2\n"
        + "g2;c2;2024-03-02;1\n");
    DelimitedFormat format = DelimitedFormat.builder().delimiter(';').userColumn("customer").itemColumn("sku")
        .weightColumn("qty").timeColumn("when", TimeFormat.ISO_DATE).build();

    InteractionMatrix m = InteractionReaders.delimited(file, format, ReadOptions.defaults()).matrix();

    assertThat(m.users().ids()).containsExactly("c \"x\"", "c2");
    assertThat(m.items().ids()).containsExactly("g;1", "g2");
    assertThat(weight(m, "c \"x\"", "g;1")).isEqualTo(2f);
    assertThat(m.timeAt(m.find(1, 1))).isEqualTo(1_709_337_600L); // 2024-03-02T00:00:00Z
  }

  @Test
  void delimited_noWeightColumn_everyLineWeighsOne() throws IOException {
    Path file = write("views.csv", "user,item,page\nu,i,home\nu,j,search\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("user").itemColumn("item").build();

    ReadResult result = InteractionReaders.delimited(file, format, ReadOptions.defaults());

    assertThat(result.matrix().rowWeights(0)).containsExactly(1f, 1f);
    assertThat(result.matrix().hasTimestamps()).isFalse();
  }

  @Test
  void delimited_isoDateTime_acceptsOffsetAndLocal() throws IOException {
    Path file = write("events.csv", "u,i,t\na,x,2024-01-01T01:00:00+01:00\na,y,2024-01-01T00:00:10\nb,x,"
        + "2024-01-01T00:00:05.9Z\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("u").itemColumn("i")
        .timeColumn("t", TimeFormat.ISO_DATE_TIME).build();

    InteractionMatrix m = InteractionReaders.delimited(file, format, ReadOptions.defaults()).matrix();

    long midnight = 1_704_067_200L; // 2024-01-01T00:00:00Z
    assertThat(m.timeAt(m.find(0, 0))).isEqualTo(midnight);
    assertThat(m.timeAt(m.find(0, 1))).isEqualTo(midnight + 10);
    assertThat(m.timeAt(m.find(1, 0))).isEqualTo(midnight + 5);
  }

  @Test
  void delimited_badIsoDate_namesColumn() throws IOException {
    Path file = write("events.csv", "u,i,t\na,x,2024-13-01\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("u").itemColumn("i")
        .timeColumn("t", TimeFormat.ISO_DATE).build();

    MalformedDataException e = malformed(() -> InteractionReaders.delimited(file, format, ReadOptions.defaults()));

    assertThat(e.getMessage()).isEqualTo(file + ", line 2, column 3 (t): time must be an ISO date (yyyy-MM-dd), "
        + "but the cell is not (its text is not quoted: data cells are private)");
  }

  @Test
  void delimited_unterminatedQuote_namesColumn() throws IOException {
    Path file = write("events.csv", "u,i\na,\"x\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("u").itemColumn("i").build();

    MalformedDataException e = malformed(() -> InteractionReaders.delimited(file, format, ReadOptions.defaults()));

    assertThat(e.column()).isEqualTo(2);
    assertThat(e.getMessage()).contains("line 2, column 2 (i): quoted cell has no closing quote");
  }

  @Test
  void delimited_textAfterClosingQuote_rejected() throws IOException {
    Path file = write("events.csv", "u,i\n\"a\"b,x\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("u").itemColumn("i").build();

    assertThat(malformed(() -> InteractionReaders.delimited(file, format, ReadOptions.defaults())).getMessage())
        .contains("line 2, column 1 (u): a closing quote must be followed by the delimiter or the end of the line");
  }

  @Test
  void delimited_quotingOff_keepsQuotesVerbatim() throws IOException {
    Path file = write("events.csv", "u,i\n\"a\",x\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("u").itemColumn("i").quoted(false).build();

    assertThat(InteractionReaders.delimited(file, format, ReadOptions.defaults()).matrix().users().ids())
        .containsExactly("\"a\"");
  }

  @Test
  void delimited_trailingDelimiter_countsAsExtraEmptyCell() throws IOException {
    Path file = write("events.csv", "u,i\na,x,\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("u").itemColumn("i").build();

    assertThat(malformed(() -> InteractionReaders.delimited(file, format, ReadOptions.defaults())).getMessage())
        .contains("line 2: expected 2 columns [u, i] separated by ',' but found 3");
  }

  @Test
  void delimited_byteOrderMarkInHeader_ignored() throws IOException {
    Path file = write("events.csv", "\uFEFFu,i\na,x\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("u").itemColumn("i").build();

    assertThat(InteractionReaders.delimited(file, format, ReadOptions.defaults()).matrix().numInteractions())
        .isEqualTo(1);
  }

  @Test
  void delimited_repeatedHeaderName_rejected() throws IOException {
    Path file = write("events.csv", "u,i,u\na,x,b\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("u").itemColumn("i").build();

    MalformedDataException e = malformed(() -> InteractionReaders.delimited(file, format, ReadOptions.defaults()));

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.getMessage()).contains("more than once");
  }

  // ---- RentTheRunway layout ----------------------------------------------------------------------

  @Test
  void rentTheRunway_sampleLines_eachRentalWeighsOne() throws IOException {
    Path file = write("rtr.csv", "user_id,item_id,rating,fit,size,category,rented_for,review_date\n"
        + "420272,2260466,10.0,fit,14,romper,vacation,2016-04-20\n"
        + "273551,153475,,fit,12,gown,other,2013-06-18\n"
        + "420272,2260466,8.0,small,14,romper,party,2016-05-01\n");

    ReadResult result = InteractionReaders.rentTheRunway(file, ReadOptions.defaults());

    InteractionMatrix m = result.matrix();
    assertThat(result.linesRead()).isEqualTo(3);
    assertThat(m.numInteractions()).isEqualTo(2);
    assertThat(weight(m, "420272", "2260466")).as("two rentals summed").isEqualTo(2f);
    assertThat(m.timeAt(m.find(0, 0))).as("latest of the two").isEqualTo(LocalDateSeconds.of(2016, 5, 1));
    assertThat(weight(m, "273551", "153475")).as("missing rating still a rental").isEqualTo(1f);
  }

  @Test
  void rentTheRunway_wrongColumnCount_namesLine() throws IOException {
    Path file = write("rtr.csv", "user_id,item_id,rating,fit,size,category,rented_for,review_date\n"
        + "1,2,10.0,fit,14,romper,2016-04-20\n");

    MalformedDataException e = malformed(() -> InteractionReaders.rentTheRunway(file, ReadOptions.defaults()));

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).contains("expected 8 columns").contains("found 7");
  }

  // ---- options and formats validation ------------------------------------------------------------

  @Test
  void readOptions_badValues_rejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> ReadOptions.defaults().minWeight(Float.NaN))
        .withMessage("minWeight must be finite. Provided value: NaN");
    assertThatIllegalArgumentException().isThrownBy(() -> ReadOptions.defaults().maxSkipReasons(-1))
        .withMessage("maxSkipReasons must be >= 0. Provided value: -1");
    assertThatNullPointerException().isThrownBy(() -> ReadOptions.defaults().duplicates(null)).withMessage("policy");
    assertThatNullPointerException().isThrownBy(() -> ReadOptions.defaults().extending(null, null))
        .withMessage("users");
  }

  @Test
  void readOptions_withers_doNotChangeOriginal() {
    ReadOptions base = ReadOptions.defaults();
    ReadOptions skipping = base.skipMalformed().minWeight(2f);

    assertThat(base.skipsMalformed()).isFalse();
    assertThat(base.hasMinWeight()).isFalse();
    assertThat(skipping.skipsMalformed()).isTrue();
    assertThat(skipping.minWeightValue()).isEqualTo(2f);
    assertThat(skipping.toString()).contains("skipMalformed").contains("minWeight=2.0");
  }

  @Test
  void delimitedFormat_invalid_rejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> DelimitedFormat.builder().delimiter('"'))
        .withMessageContaining("delimiter");
    assertThatIllegalArgumentException().isThrownBy(() -> DelimitedFormat.builder().userColumn(""))
        .withMessage("userColumn must not be empty");
    org.assertj.core.api.Assertions.assertThatIllegalStateException()
        .isThrownBy(() -> DelimitedFormat.builder().userColumn("u").build())
        .withMessageContaining("itemColumn");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DelimitedFormat.builder().userColumn("x").itemColumn("y").weightColumn("x").build())
        .withMessageContaining("weightColumn 'x'");
  }

  @Test
  void read_malformedIdLines_nameFileAndLineButNoCellText() throws IOException {
    // Shifted columns put an id where the weight belongs; a lone id leaves the item missing.
    Path shifted = write("shifted.tsv", "cust-1001\tsku-1\t1\ncust-2002\tsku-2\tcust-2002\n");
    Path lone = write("lone.tsv", "cust-1001\tsku-1\t1\ncust-3003\n");
    Path emptyId = write("empty.tsv", "cust-1001\tsku-1\t1\n\tsku-2\t1\n");

    MalformedDataException e1 = malformed(() -> InteractionReaders.tabSeparated(shifted, ReadOptions.defaults()));
    MalformedDataException e2 = malformed(() -> InteractionReaders.tabSeparated(lone, ReadOptions.defaults()));
    MalformedDataException e3 = malformed(() -> InteractionReaders.tabSeparated(emptyId, ReadOptions.defaults()));

    assertThat(e1).hasMessage(shifted + ", line 2, column 3 (weight): " + NOT_A_NUMBER);
    assertThat(e2).hasMessageContaining(lone + ", line 2").hasMessageContaining("found 1")
        .hasMessageNotContaining("cust-3003");
    assertThat(e3).hasMessage(emptyId + ", line 2, column 1 (user): user id must not be empty");
    for (MalformedDataException e : java.util.List.of(e1, e2, e3)) {
      assertThat(e.getMessage()).doesNotContain("cust-").doesNotContain("sku-");
    }
  }

  // ---- issue 17, point 8: readers must not accept wrong data silently -----------------------

  @Test
  void headerless_byteOrderMark_isNotPartOfTheFirstUserId() throws IOException {
    Path tsv = write("train.tsv", "\uFEFFu1\ti1\nu2\ti1\n");
    Path udata = write("u.data", "\uFEFF196\t242\t3\t881250949\n");

    InteractionMatrix m = InteractionReaders.tabSeparated(tsv, ReadOptions.defaults()).matrix();
    InteractionMatrix ml = InteractionReaders.movieLens100k(udata, ReadOptions.defaults()).matrix();

    assertThat(m.users().ids()).containsExactly("u1", "u2");
    assertThat(ml.users().ids()).containsExactly("196");
  }

  @Test
  void read_hexOrOtherNonDecimalWeight_rejectedAsNotADecimalNumber() throws IOException {
    for (String cell : new String[] {"0x1p3", "0X10P0", "1_0", "0x8", "1,5", "e5", ".", "1e", "--1", "NaNx"}) {
      Path file = write("train.tsv", "u1\ti1\t1\nu1\ti2\t" + cell + "\n");

      MalformedDataException e = malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults()));

      assertThat(e.line()).as(cell).isEqualTo(2);
      assertThat(e.column()).as(cell).isEqualTo(3);
      assertThat(e.reason()).as(cell).isEqualTo(NOT_A_NUMBER);
    }
  }

  @Test
  void read_plainDecimalWeights_accepted() throws IOException {
    Path file = write("train.tsv", "u\ta\t+2\nu\tb\t2.\nu\tc\t.5\nu\td\t1e1\nu\te\t 2.5E-1 \nu\tf\t7\n");

    InteractionMatrix m = InteractionReaders.tabSeparated(file, ReadOptions.defaults()).matrix();

    assertThat(m.rowWeights(0)).containsExactly(2f, 2f, 0.5f, 10f, 0.25f, 7f);
  }

  @Test
  void read_signedNamedWeights_stillReportedAsNotFinite() throws IOException {
    Path nan = write("nan.tsv", "u1\ti1\t-NaN\n");
    Path inf = write("inf.tsv", "u1\ti1\t+Infinity\n");

    assertThat(malformed(() -> InteractionReaders.tabSeparated(nan, ReadOptions.defaults())).reason())
        .isEqualTo("weight must be finite and > 0, but it is NaN");
    assertThat(malformed(() -> InteractionReaders.tabSeparated(inf, ReadOptions.defaults())).reason())
        .isEqualTo("weight must be finite and > 0, but it is infinite");
  }

  @Test
  void read_idWithNul_rejectedNamingLineAndColumnButNotTheId() throws IOException {
    Path users = write("users.tsv", "cust-1\tsku-1\ncust-2\u0000erased#0\tsku-1\n");
    Path items = write("items.csv", "u,i\ncust-1,sku-1\ncust-2,\"sku\u00002\"\n");

    MalformedDataException e1 = malformed(() -> InteractionReaders.tabSeparated(users, ReadOptions.defaults()));
    MalformedDataException e2 = malformed(() -> InteractionReaders.delimited(items,
        DelimitedFormat.builder().userColumn("u").itemColumn("i").build(), ReadOptions.defaults()));

    assertThat(e1).hasMessage(users + ", line 2, column 1 (user): user id must not contain a NUL character "
        + "(the id is not quoted)");
    assertThat(e2).hasMessage(items + ", line 3, column 2 (i): item id must not contain a NUL character "
        + "(the id is not quoted)");
  }

  @Test
  void read_idWithNul_skippedWhenSkippingMalformed() throws IOException {
    Path file = write("users.tsv", "cust-1\tsku-1\ncust-2\u0000\tsku-1\n");

    ReadResult result = InteractionReaders.tabSeparated(file, ReadOptions.defaults().skipMalformed());

    assertThat(result.linesSkipped()).isEqualTo(1);
    assertThat(result.matrix().users().ids()).containsExactly("cust-1");
  }

  @Test
  void delimited_quotedIdWithTab_rejectedBecauseOutputsAreTabSeparated() throws IOException {
    Path file = write("r.csv", "user,item\ncust-1,sku-1\n\"cust\t2\",sku-1\n\"cust,3\",sku-1\n");
    DelimitedFormat format = DelimitedFormat.builder().userColumn("user").itemColumn("item").build();

    MalformedDataException e = malformed(() -> InteractionReaders.delimited(file, format, ReadOptions.defaults()));

    assertThat(e).hasMessage(file + ", line 3, column 1 (user): user id must not contain a TAB character "
        + "(the id is not quoted)");
    // A comma inside a quoted id is legal CSV and harmless in TAB-separated output.
    Path ok = write("ok.csv", "user,item\n\"cust,3\",sku-1\n");
    assertThat(InteractionReaders.delimited(ok, format, ReadOptions.defaults()).matrix().users().ids())
        .containsExactly("cust,3");
  }

  @Test
  void read_invalidUtf8_reportsTheLineHoldingTheBadByte() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int line = 1; line <= 3000; line++) {
      bytes.writeBytes(("user" + line + "\titem" + (line % 50) + "\t1\n").getBytes(StandardCharsets.UTF_8));
      if (line == 2499) {
        bytes.writeBytes(new byte[] {'u', (byte) 0xC3, '\t', 'i', '\n'}); // line 2500: truncated 2-byte sequence
      }
    }
    Path file = dir.resolve("bad.tsv");
    Files.write(file, bytes.toByteArray());

    MalformedDataException e = malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults()));
    MalformedDataException skipping = malformed(() -> InteractionReaders.tabSeparated(file,
        ReadOptions.defaults().skipMalformed()));

    assertThat(e.line()).isEqualTo(2500);
    assertThat(e.reason()).startsWith("bytes are not valid in the file's character set (UTF-8)");
    assertThat(skipping.line()).isEqualTo(2500);
  }

  @Test
  void read_invalidUtf8AtTheVeryEnd_reportsTheLastLine() throws IOException {
    Path file = dir.resolve("bad.tsv");
    Files.write(file, new byte[] {'u', '\t', 'i', '\n', 'u', '\t', (byte) 0xE2, (byte) 0x82});

    assertThat(malformed(() -> InteractionReaders.tabSeparated(file, ReadOptions.defaults())).line()).isEqualTo(2);
  }

  @Test
  void readResult_inconsistentCounts_rejected() {
    InteractionMatrix m = InteractionMatrix.builder(DuplicatePolicy.SUM).build();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ReadResult(m, 1, 2, java.util.List.of(), 0, 0))
        .withMessage("linesSkipped must be <= linesRead: more lines skipped than read (the value is not quoted)");
  }

  @Test
  void malformedDataException_badLocation_rejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MalformedDataException(Path.of("f"), 0, 0, "", "r"))
        .withMessageContaining("line must be >= 1");
  }

  /** Midnight UTC of a date in epoch seconds. */
  private static final class LocalDateSeconds {
    static long of(int year, int month, int day) {
      return java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L;
    }
  }

  // ---- MovieLens u.item catalogue -------------------------------------------------------------

  @Test
  void movieLensCatalogue_latin1File_idsInFileOrderWithTitles() throws IOException {
    Path file = dir.resolve("u.item");
    Files.write(file, ("3|Four Rooms (1995)|01-Jan-1995||http://x|0|1\n"
        + "1|Mis\u00e9rables, Les (1995)|01-Jan-1995||http://y|0|0\n"
        + "\n"
        + "2|Toy Story (1995)|01-Jan-1995||http://z|1|0\n").getBytes(StandardCharsets.ISO_8859_1));

    Catalogue catalogue = InteractionReaders.movieLensCatalogue(file);

    assertThat(catalogue.items().ids()).containsExactly("3", "1", "2");
    assertThat(catalogue.attribute("title", "1")).isEqualTo("Mis\u00e9rables, Les (1995)");
    assertThat(catalogue.attribute("title", "2")).isEqualTo("Toy Story (1995)");
  }

  @Test
  void movieLensCatalogue_badLines_nameFileAndLine() throws IOException {
    Path noBar = write("nobar.item", "1|A|x\n2 B\n");
    Path empty = write("empty.item", "1|A|x\n|B|y\n");
    Path repeated = write("repeat.item", "1|A|x\n2|B|y\n1|C|z\n");

    MalformedDataException e1 = malformed(() -> InteractionReaders.movieLensCatalogue(noBar));
    MalformedDataException e2 = malformed(() -> InteractionReaders.movieLensCatalogue(empty));
    MalformedDataException e3 = malformed(() -> InteractionReaders.movieLensCatalogue(repeated));

    assertThat(e1.line()).isEqualTo(2);
    assertThat(e1).hasMessageContaining("nobar.item").hasMessageContaining("line 2");
    assertThat(e2).hasMessageContaining("empty.item").hasMessageContaining("line 2").hasMessageContaining("empty movie id");
    assertThat(e3.line()).isEqualTo(3);
    assertThat(e3).hasMessageContaining("repeat.item").hasMessageContaining("movie id repeats the id on line 1");
  }

  @Test
  void movieLensCatalogue_missingFile_throwsNoSuchFile() {
    assertThatThrownBy(() -> InteractionReaders.movieLensCatalogue(dir.resolve("absent.item")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
