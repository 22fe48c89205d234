package io.privrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerAttributeReadersTest {

  @TempDir
  Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void movieLensUsers_readsColumnsAndZipHierarchy() throws IOException {
    Path file = write("u.user", "1|24|M|technician|85711\n2|53|F|other|94043\r\n\n74|39|M|scientist|T8H1N");

    CustomerAttributes a = CustomerAttributeReaders.movieLensUsers(file);

    assertThat(a.names()).containsExactly("age", "gender", "occupation", "zip");
    assertThat(a.customers()).containsExactly("1", "2", "74");
    assertThat(a.values("2")).containsExactly("53", "F", "other", "94043");
    AttributeHierarchy zip = a.hierarchy("zip").orElseThrow();
    assertThat(zip.chain(a.value("74", "zip"))).containsExactly("T8H1N", "T8H**", "T****", "*");
    assertThat(a.hierarchy("age")).isEmpty();
    assertThat(a.hierarchy("occupation")).isEmpty();
  }

  @Test
  void movieLensUsers_wrongFieldCount_namesFileLineAndRule() throws IOException {
    Path file = write("u.user", "1|24|M|technician|85711\n9876|53|F|94043\n");

    assertThatThrownBy(() -> CustomerAttributeReaders.movieLensUsers(file))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(file + ", line 2: expected 5 columns separated by '|' (as on the first line), found 4");
  }

  @Test
  void movieLensUsers_nonNumericAge_isRejectedWithoutQuotingIt() throws IOException {
    Path file = write("u.user", "1|24|M|technician|85711\n2|fifty|F|other|94043\n");

    assertThatThrownBy(() -> CustomerAttributeReaders.movieLensUsers(file))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(file + ", line 2, column 2 (age): age must be a whole number")
        .hasMessageNotContaining("fifty");
  }

  @Test
  void movieLensUsers_repeatedOrEmptyId_isRejectedWithoutQuotingIt() throws IOException {
    Path repeated = write("rep.user", "4711|24|M|technician|85711\n4711|53|F|other|94043\n");
    assertThatThrownBy(() -> CustomerAttributeReaders.movieLensUsers(repeated))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(repeated + ", line 2, column 1 (id): customer id repeats the id on line 1"
            + " (ids must be unique; the id is not quoted)");

    Path empty = write("empty.user", "|24|M|technician|85711\n");
    assertThatThrownBy(() -> CustomerAttributeReaders.movieLensUsers(empty))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(empty + ", line 1, column 1 (id): empty customer id");
  }

  @Test
  void movieLensUsers_missingFile_isNoSuchFile() {
    assertThatThrownBy(() -> CustomerAttributeReaders.movieLensUsers(dir.resolve("absent")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("absent");
  }

  @Test
  void readDelimited_withHeader_namesColumnsFromHeader() throws IOException {
    Path file = write("users.csv", "\uFEFFuser_id, age ,body_type\nu1,34,\"athletic, tall\"\nu2,,petite\n");

    CustomerAttributes a = CustomerAttributeReaders.readDelimited(file, ',', true);

    assertThat(a.names()).containsExactly("age", "body_type");
    assertThat(a.customers()).containsExactly("u1", "u2");
    assertThat(a.values("u1")).containsExactly("34", "athletic, tall");
    assertThat(a.value("u2", "age")).isEmpty();
    assertThat(a.hierarchy("age")).isEmpty();
  }

  @Test
  void readDelimited_withoutHeader_namesColumnsByNumber() throws IOException {
    Path file = write("users.tsv", "u1\t34\tM\nu2\t45\tF\n");

    CustomerAttributes a = CustomerAttributeReaders.readDelimited(file, '\t', false);

    assertThat(a.names()).containsExactly("column2", "column3");
    assertThat(a.value("u2", "column3")).isEqualTo("F");
  }

  @Test
  void readDelimited_headerOnly_isEmptyTable() throws IOException {
    Path file = write("users.csv", "id;sex;age\n");

    CustomerAttributes a = CustomerAttributeReaders.readDelimited(file, ';', true);

    assertThat(a.names()).containsExactly("sex", "age");
    assertThat(a.size()).isZero();
  }

  @Test
  void readDelimited_wrongColumnCount_namesLine() throws IOException {
    Path file = write("users.csv", "id,age,sex\nu1,34,M\nsecret7,45\n");

    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(file, ',', true))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(file + ", line 3: expected 3 columns separated by ',' (as on the first line), found 2")
        .satisfies(e -> assertThat(((MalformedDataException) e).line()).isEqualTo(3));
  }

  @Test
  void readDelimited_badHeader_namesColumnAndRule() throws IOException {
    Path repeated = write("rep.csv", "id,age,age\nu1,34,35\n");
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(repeated, ',', true))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(repeated + ", line 1, column 3: header: attribute name repeats column 2 (names must be distinct)");

    Path blank = write("blank.csv", "id, ,sex\nu1,34,M\n");
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(blank, ',', true))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(blank + ", line 1, column 2: header: attribute name must not be blank");
  }

  @Test
  void readDelimited_singleColumn_isRejected() throws IOException {
    Path file = write("ids.csv", "u1\nu2\n");
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(file, ',', false))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("line 1: expected at least 2 columns");
  }

  @Test
  void readDelimited_emptyFile_isRejected() throws IOException {
    Path file = write("empty.csv", "\n  \n");
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(file, ',', true))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("the file is empty: expected a header line");
  }

  @Test
  void readDelimited_badIdsAndCells_areRejectedWithoutQuoting() throws IOException {
    Path tab = write("tab.csv", "id,age\nsecret\tid,34\n");
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(tab, ',', true))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(tab + ", line 2, column 1 (id): customer id must not contain a TAB character (the id is not"
            + " quoted)");

    Path nul = write("nul.csv", "id,age\nu1,3\u00004\n");
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(nul, ',', true))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(nul + ", line 2, column 2 (age): value must not contain NUL");

    Path quote = write("quote.csv", "id,age\nu1,\"34\n");
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(quote, ',', true))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(quote + ", line 2, column 2: quoted cell has no closing quote");
  }

  @Test
  void readDelimited_invalidUtf8_namesTheLine() throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, new byte[] {'i', 'd', ',', 'c', '\n', 'u', '1', ',', 'a', '\n', 'u', '2', ',', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(file, ',', true))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(file + ", line 3: bytes are not valid UTF-8");
  }

  @Test
  void readDelimited_rejectsQuoteAsSeparator() {
    assertThatThrownBy(() -> CustomerAttributeReaders.readDelimited(dir.resolve("x"), '"', true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0022");
  }
}
