package io.privrec.dp.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void readDelimited_infersTypes() throws Exception {
    Table t = Table.readDelimited(new StringReader("id;age;height;born;name\n1;34;1.7;2001-02-03;\"A;B\"\n2;;1.8;2002-01-01;C\n"),
        ';', Map.of());
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.type("age")).isEqualTo(ColumnType.INTEGER);
    assertThat(t.type("height")).isEqualTo(ColumnType.DECIMAL);
    assertThat(t.type("born")).isEqualTo(ColumnType.DATE);
    assertThat(t.type("name")).isEqualTo(ColumnType.STRING);
    assertThat(t.value(0, 1)).isEqualTo(34L);
    assertThat(t.value(1, 1)).isNull();
    assertThat(t.value(0, 3)).isEqualTo(LocalDate.of(2001, 2, 3));
    assertThat(t.number(0, 3)).isEqualTo(LocalDate.of(2001, 2, 3).toEpochDay());
    assertThat(t.text(0, 4)).isEqualTo("A;B");
  }

  @Test
  void readDelimited_wrongFieldCount_namesTheLine() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Table.readDelimited(new StringReader("a;b\n1;2\n3\n"), ';', Map.of()))
        .withMessageContaining("line 3");
  }

  @Test
  void readDelimited_cellOfWrongType_namesColumnAndValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Table.readDelimited(new StringReader("a\nx-secret\n"), ';', Map.of("a", ColumnType.INTEGER)))
        .withMessageContaining("'a'").withMessageContaining("row 0").withMessageNotContaining("x-secret");
  }

  @Test
  void builder_rejectsNonFiniteAndLateColumns() {
    Table.Builder b = Table.builder().column("x", ColumnType.DECIMAL);
    assertThatIllegalArgumentException().isThrownBy(() -> b.addRow(Double.NaN)).withMessageContaining("finite");
    b.addRow(1.5);
    assertThatIllegalStateException().isThrownBy(() -> b.column("y", ColumnType.STRING));
    assertThat(b.build().rowCount()).isEqualTo(1);
  }

  @Test
  void writeDelimited_roundTrips() throws Exception {
    Table t = Table.builder().column("a", ColumnType.STRING).column("b", ColumnType.INTEGER)
        .addRow("x;y", 3).addRow("q\"r", null).build();
    StringWriter w = new StringWriter();
    t.writeDelimited(w, ';');
    Table back = Table.readDelimited(new StringReader(w.toString()), ';', Map.of("b", ColumnType.INTEGER));
    assertThat(back.text(0, 0)).isEqualTo("x;y");
    assertThat(back.text(1, 0)).isEqualTo("q\"r");
    assertThat(back.value(1, 1)).isNull();
  }

  @Test
  void columnIndex_unknown_throws() {
    Table t = Table.builder().column("a", ColumnType.STRING).build();
    assertThatIllegalArgumentException().isThrownBy(() -> t.columnIndex("b")).withMessageContaining("'b'");
  }
}
