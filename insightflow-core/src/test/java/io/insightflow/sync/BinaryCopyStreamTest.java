package io.insightflow.sync;

import static io.insightflow.sync.BinaryCopyStream.Kind.BOOL;
import static io.insightflow.sync.BinaryCopyStream.Kind.INT2;
import static io.insightflow.sync.BinaryCopyStream.Kind.INT4;
import static io.insightflow.sync.BinaryCopyStream.Kind.INT8;
import static io.insightflow.sync.BinaryCopyStream.Kind.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinaryCopyStreamTest {

  @Test
  void encode_valuesAtTheirLimits_decodeToTheSameValues() throws IOException {
    String csv = "a,b,c,d,e\n"
        + "-32768,-2147483648,-9223372036854775808,t,plain\n"
        + "32767,2147483647,9223372036854775807,false,\"quoted, \"\"with\"\" a\nnewline\"\n"
        + ",,,,\n"
        + "007,-0,1,true,\"\"\n";

    List<List<Object>> rows = decode(encode(csv, List.of(INT2, INT4, INT8, BOOL, TEXT), true), List.of(INT2, INT4, INT8, BOOL, TEXT));

    assertThat(rows).containsExactly(
        List.of((short) -32768, Integer.MIN_VALUE, Long.MIN_VALUE, true, "plain"),
        List.of((short) 32767, Integer.MAX_VALUE, Long.MAX_VALUE, false, "quoted, \"with\" a\nnewline"),
        Arrays.asList(null, null, null, null, null),
        List.of((short) 7, 0, 1L, true, ""));
  }

  @Test
  void encode_crlfLinesAndNoFinalLineEnd_readAsLfLines() throws IOException {
    assertThat(decode(encode("a,b\r\n1,x\r\n2,y", List.of(INT4, TEXT), true), List.of(INT4, TEXT)))
        .containsExactly(List.of(1, "x"), List.of(2, "y"));
  }

  @Test
  void encode_manyRecords_sameRowsWhateverTheReadSize() throws IOException {
    StringBuilder csv = new StringBuilder();
    List<List<Object>> expected = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      csv.append(i).append(",name-").append(i).append('\n');
      expected.add(List.of((long) i, "name-" + i));
    }
    byte[] whole = encode(csv.toString(), List.of(INT8, TEXT), false);
    byte[] byOnes = readAll(new BinaryCopyStream(trickle(csv.toString()), List.of(INT8, TEXT), false, 1 << 20), 7);

    assertThat(byOnes).isEqualTo(whole);
    assertThat(decode(whole, List.of(INT8, TEXT))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "+1,x|line 2, column 1",
      "' 1',x|line 2, column 1",
      "1.0,x|line 2, column 1",
      "'\"1\"',x|line 2, column 1",
      "2147483648,x|line 2, column 1",
      "-2147483649,x|line 2, column 1",
      "1,x,extra|line 2, column 2",
      "1|line 2, column 1",
      "1,x\"y|line 2, column 2",
      "1,'\"ab\"cd'|line 2, column 2",
      "1,'\"never closed'|line 2, column 2"})
  void encode_otherSpellingOrShape_notEncodableNamingLineAndColumn(String record, String where) {
    assertThatThrownBy(() -> encode("a,b\n" + record + "\n", List.of(INT4, TEXT), true))
        .isInstanceOf(BinaryCopyStream.NotEncodableException.class)
        .hasMessageStartingWith(where)
        .hasMessageNotContaining("never closed\"");
  }

  @Test
  void encode_bigintBeyondRange_andBooleanSpellings_notEncodable() {
    assertThatThrownBy(() -> encode("9223372036854775808\n", List.of(INT8), false))
        .isInstanceOf(BinaryCopyStream.NotEncodableException.class);
    for (String word : List.of("TRUE", "yes", "1", "tru", "f ")) {
      assertThatThrownBy(() -> encode(word + "\n", List.of(BOOL), false)).as(word)
          .isInstanceOf(BinaryCopyStream.NotEncodableException.class);
    }
  }

  @Test
  void encode_mixedLineEnds_notEncodable() {
    assertThatThrownBy(() -> encode("a\n1\r\n2\n", List.of(INT4), true))
        .isInstanceOf(BinaryCopyStream.NotEncodableException.class).hasMessageContaining("line 2");
  }

  @Test
  void encode_recordOverTheLimit_notEncodable() {
    assertThatThrownBy(() -> readAll(new BinaryCopyStream(stream("1,\"" + "x".repeat(100) + "\"\n"),
        List.of(INT4, TEXT), false, 64), 1 << 16))
        .isInstanceOf(BinaryCopyStream.NotEncodableException.class).hasMessageContaining("longer than 64 bytes");
  }

  @Test
  void kinds_ofTableTypes_onlyWhereEncodedExactly() {
    StringBuilder why = new StringBuilder();
    Map<String, String> types = Map.of("a", "integer", "b", "character varying(8)", "c", "numeric(12,2)");

    assertThat(BinaryCopyStream.kinds(List.of("a", "b"), types, why)).contains(List.of(INT4, TEXT));
    assertThat(BinaryCopyStream.kinds(List.of("a", "c"), types, why)).isEqualTo(Optional.empty());
    assertThat(why).hasToString("c (numeric(12,2))");
  }

  private static byte[] encode(String csv, List<BinaryCopyStream.Kind> kinds, boolean header) throws IOException {
    return readAll(new BinaryCopyStream(stream(csv), kinds, header, 1 << 20), 1 << 16);
  }

  private static InputStream stream(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }

  /** A stream that hands out at most 3 bytes per read, so records straddle every buffer boundary. */
  private static InputStream trickle(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 3));
      }
    };
  }

  private static byte[] readAll(InputStream in, int readSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[readSize];
    int n;
    while ((n = in.read(buf, 0, buf.length)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Decodes PostgreSQL's binary COPY format as the server reads it, by each field's length. */
  private static List<List<Object>> decode(byte[] binary, List<BinaryCopyStream.Kind> kinds) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(binary));
    byte[] signature = in.readNBytes(11);
    assertThat(signature).isEqualTo(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0});
    assertThat(in.readInt()).as("flags").isZero();
    assertThat(in.readInt()).as("header extension").isZero();
    List<List<Object>> rows = new ArrayList<>();
    short fields;
    while ((fields = in.readShort()) != -1) {
      assertThat((int) fields).isEqualTo(kinds.size());
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < fields; i++) {
        int length = in.readInt();
        byte[] value = length < 0 ? null : in.readNBytes(length);
        row.add(value == null ? null : switch (kinds.get(i)) {
          case BOOL -> value.length == 1 && value[0] == 1;
          case INT2 -> ByteBuffer.wrap(value).getShort();
          case INT4 -> ByteBuffer.wrap(value).getInt();
          case INT8 -> ByteBuffer.wrap(value).getLong();
          case TEXT -> new String(value, StandardCharsets.UTF_8);
        });
        assertThat(value == null ? 0 : value.length).isEqualTo(value == null ? 0 : switch (kinds.get(i)) {
          case BOOL -> 1;
          case INT2 -> 2;
          case INT4 -> 4;
          case INT8 -> 8;
          case TEXT -> value.length;
        });
      }
      rows.add(row);
    }
    assertThat(in.read()).as("nothing after the trailer").isEqualTo(-1);
    return rows;
  }
}
