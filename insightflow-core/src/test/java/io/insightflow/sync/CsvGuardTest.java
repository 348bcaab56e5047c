package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CsvGuard}: what it hands COPY, read as PostgreSQL's CSV COPY reads it ({@link #copyReads}),
 * equals what RFC 4180 and FastCSV read from the object; clean records pass byte for byte. [#22]
 */
class CsvGuardTest {

  static final List<String> COLUMNS = List.of("id", "where", "city");
  static final int[] READ_SIZES = {1, 2, 3, 7, 64, 8192, 1 << 20};

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Everything the guard hands out, read {@code readSize} bytes at a time. */
  static String through(CsvGuard guard, int readSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[readSize];
    int n;
    while ((n = guard.read(buf, 0, readSize)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String checked(String csv, int readSize) throws IOException {
    return through(CsvGuard.checking(new ByteArrayInputStream(utf8(csv)), "k.csv", COLUMNS, null, 1 << 20), readSize);
  }

  /** The output at every read size, which must not depend on it. */
  static String checked(String csv) throws IOException {
    String first = checked(csv, READ_SIZES[0]);
    for (int size : READ_SIZES) {
      assertThat(checked(csv, size)).as("read size %d", size).isEqualTo(first);
    }
    return first;
  }

  /** Records as PostgreSQL's CSV COPY reads them: a quote anywhere opens a quoted section; unquoted empty = null. */
  static List<List<String>> copyReads(String csv) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean inQuote = false;
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (inQuote) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          inQuote = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        inQuote = true;
        quoted = true;
      } else if (c == ',' || c == '\n' || c == '\r') {
        record.add(field.length() == 0 && !quoted ? null : field.toString());
        field.setLength(0);
        quoted = false;
        if (c != ',') {
          if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
            i++;
          }
          records.add(record);
          record = new ArrayList<>();
        }
      } else {
        field.append(c);
      }
    }
    assertThat(inQuote).as("COPY would find an unterminated quoted field").isFalse();
    if (field.length() > 0 || quoted || !record.isEmpty()) {
      record.add(field.length() == 0 && !quoted ? null : field.toString());
      records.add(record);
    }
    return records;
  }

  /** Records as FastCSV reads them (a quote inside an unquoted field is literal), unquoted empty = null. */
  static List<List<String>> fastCsvReads(String csv) {
    List<List<String>> records = new ArrayList<>();
    CsvRecord.Handler handler = new CsvRecord.Handler();
    try (CsvReader<CsvRecord> reader = CsvReader.builder().skipEmptyLines(false).allowExtraFields(true)
        .allowMissingFields(true).build(handler, new StringReader(csv))) {
      reader.forEach(r -> records.add(r.fields()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return records;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "1,abc,x\n2,,\n",
      "1,\"a,b\",\"q\"\"q\"\n",
      "1,\"line\nbreak\",x\r\n2,\"cr\r\nlf\",y\r\n",
      "1,\"\",\n2,,\"\"\n",
      "1,Zürich ☃ 𝄞,€\n",
      "1,abc,x",
      "1,\"abc\",\"x\"",
      "\n\n1,a,b\n",
      "1,a,b\r2,c,d\r",
      ""})
  void read_cleanRecords_passByteForByte(String csv) throws IOException {
    assertThat(checked(csv)).isEqualTo(csv);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2095257564,37°36'37.8\"N 121°2'17.9\"W,Modesto",
      "1,ab\"c,x\n",
      "1,abc\",x\n",
      "1,a\"b\"c\"d,\"\"\n2,,\n",
      "1, \"abc\",x\n",
      "1,\"ok\",x\"y\r\n2,\"multi\nline\",z\"\n",
      "id,where,city\n1,x\"y,\n2,\"\",\n"})
  void read_quoteInsideUnquotedField_loadsAsWritten(String csv) throws IOException {
    String out = checked(csv);
    assertThat(copyReads(out)).isEqualTo(fastCsvReads(csv));
    assertThat(out).isNotEqualTo(csv);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1,a,b\n\\.\n2,c,d\n", "1,a,b\r\n\\.\r\n2,c,d", "1,a,b\n\\."})
  void read_endOfDataMarkerLine_isQuotedSoCopyLoadsItAsAValue(String csv) throws IOException {
    String out = checked(csv);

    assertThat(out).contains("\"\\.\"");
    assertThat(fastCsvReads(out)).isEqualTo(fastCsvReads(csv));
  }

  @Test
  void read_locationCoordinates_quotesOnlyTheFieldWithStrayQuotes() throws IOException {
    String csv = "Contact Phone Number,Cities,Names\n2095257564,37°36'37.8\"N 121°2'17.9\"W,Modesto";

    assertThat(checked(csv)).isEqualTo("Contact Phone Number,Cities,Names\n2095257564,\"37°36'37.8\"\"N 121°2'17.9\"\"W\","
        + "Modesto");
  }

  @Test
  void read_manyRecordsAcrossBufferBoundaries_copyReadsWhatFastCsvReads() throws IOException {
    Random random = new Random(22);
    String[] pieces = {"a", "é", "☃", "𝄞", ",", "\"", "\n", "\r\n", " ", "x\"y", "\"\"", ""};
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < 20_000; r++) {
      for (int f = 0; f < 3; f++) {
        csv.append(f > 0 ? "," : "");
        int kind = random.nextInt(4);
        StringBuilder value = new StringBuilder();
        for (int n = random.nextInt(kind == 3 ? 300 : 8); n > 0; n--) {
          value.append(pieces[random.nextInt(pieces.length)]);
        }
        String v = value.toString();
        if (kind == 0 || (kind != 1 && (v.contains(",") || v.contains("\n") || v.startsWith("\"")))) {
          csv.append('"').append(v.replace("\"", "\"\"")).append('"'); // quoted as a CSV writer would
        } else {
          csv.append(v.replace(",", ";").replace("\r", "").replace("\n", "").replaceFirst("^\"", "'"));
        }
      }
      csv.append(random.nextBoolean() ? "\n" : "\r\n");
    }
    String in = csv.toString();

    String out = checked(in);

    assertThat(copyReads(out)).isEqualTo(fastCsvReads(in));
  }

  @Test
  void read_textAfterClosingQuote_failsNamingLineAndColumn() {
    assertThatThrownBy(() -> checked("1,a,b\n2,\"abc\"def,x\n3,c,d\n"))
        .isInstanceOf(BadLineException.class)
        .hasMessage("line 2, column where (field 2): text after the closing quote of a quoted field: quote the whole"
            + " field and double the quotes inside it")
        .satisfies(e -> {
          assertThat(((BadLineException) e).line()).isEqualTo(2);
          assertThat(((BadLineException) e).column()).isEqualTo("where");
        });
  }

  @Test
  void read_textAfterClosingQuoteOfMultiLineField_namesTheLineWhereTheFieldStarts() {
    assertThatThrownBy(() -> checked("1,a,b\r\n2,x,\"one\r\ntwo\"three\r\n"))
        .isInstanceOf(BadLineException.class).hasMessageStartingWith("line 2, column city (field 3): text after");
  }

  @Test
  void read_fieldBeyondTheColumns_isNamedByPosition() {
    assertThatThrownBy(() -> checked("1,a,b,\"x\"y\n"))
        .isInstanceOf(BadLineException.class).hasMessageStartingWith("line 1, field 4: text after")
        .satisfies(e -> assertThat(((BadLineException) e).column()).isNull());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1,a,b\n2,\"open,x\n3,c,d\n", "1,a,b\n2,\"open,x\n3,c,d", "1,a,b\n2,x,\"", "1,a,b\n2,x,\"\"\"\n"})
  void read_quoteNeverClosed_failsNamingWhereItOpened(String csv) {
    assertThatThrownBy(() -> checked(csv)).isInstanceOf(BadLineException.class)
        .hasMessageStartingWith("line 2, column ")
        .hasMessageContaining("the quoted field opened here is never closed before the end of the object")
        .satisfies(e -> assertThat(((BadLineException) e).line()).isEqualTo(2));
  }

  @Test
  void read_quoteNeverClosedAfterQuotedNewlines_namesTheLineOfTheQuote() {
    assertThatThrownBy(() -> checked("1,\"a\nb\",c\n2,x,\"never\nclosed\n")).isInstanceOf(BadLineException.class)
        .hasMessageStartingWith("line 3, column city (field 3): the quoted field");
  }

  @Test
  void read_header_matchingNamesPass_otherNamesFailAtLine1() throws IOException {
    List<String> header = List.of("id", "where", "city");
    String good = "id,\"where\",city\n1,a,b\n";
    assertThat(through(CsvGuard.checking(new ByteArrayInputStream(utf8(good)), "k.csv", COLUMNS, header, 1024), 5))
        .isEqualTo(good);

    assertThatThrownBy(() -> through(CsvGuard.checking(new ByteArrayInputStream(utf8("id,wher\u202e,city\n1,a,b\n")),
        "k.csv", COLUMNS, header, 1024), 5))
        .isInstanceOf(BadObjectException.class)
        .hasMessageContaining("line 1: the header [id, wher\\u202e, city] does not match the expected header"
            + " [id, where, city]")
        .hasMessageContaining("[object k.csv]")
        .satisfies(e -> assertThat(((BadObjectException) e).line()).isEqualTo(1));
    assertThatThrownBy(() -> through(CsvGuard.checking(new ByteArrayInputStream(utf8("id,where\n")), "k.csv",
        COLUMNS, header, 1024), 5)).isInstanceOf(BadObjectException.class);
  }

  @Test
  void read_headerOnly_checksLine1ThenPassesTheRestUnscanned() throws IOException {
    List<String> header = List.of("id", "where", "city");
    String csv = "id,where,city\r\n1,x\"y,\"abc\"def\n2,\"never closed\n";

    for (int size : READ_SIZES) {
      assertThat(through(CsvGuard.headerOnly(new ByteArrayInputStream(utf8(csv)), "k.csv", COLUMNS, header, 1024), size))
          .isEqualTo(csv);
    }
    assertThatThrownBy(() -> through(CsvGuard.headerOnly(new ByteArrayInputStream(utf8("id,city,where\n1,a,b\n")),
        "k.csv", COLUMNS, header, 1024), 3)).isInstanceOf(BadObjectException.class).hasMessageStartingWith("line 1:");
  }

  @Test
  void read_headerOnlyLongerThanAnInternalBuffer_passesThrough() throws IOException {
    String csv = "id,where,city\n" + "1,abc,def\n".repeat(50_000);

    assertThat(through(CsvGuard.headerOnly(new ByteArrayInputStream(utf8(csv)), "k.csv", COLUMNS, COLUMNS, 1024), 1000))
        .isEqualTo(csv);
  }

  @Test
  void read_recordLongerThanTheLimit_failsNamingTheLimit() throws IOException {
    String fits = "1," + "a".repeat(1020) + "\n";
    String tooLong = "1,\"" + "a\n".repeat(600) + "\"\n";
    assertThat(through(CsvGuard.checking(new ByteArrayInputStream(utf8(fits + fits)), "k.csv", COLUMNS, null, 1024), 7))
        .isEqualTo(fits + fits);

    assertThatThrownBy(() -> through(CsvGuard.checking(new ByteArrayInputStream(utf8(fits + tooLong)), "k.csv",
        COLUMNS, null, 1024), 7))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("line 2: the CSV record is longer than 1024 bytes; raise insightflow.sync.maxLineBytes");
    String huge = "1," + "b".repeat(200_000) + "\n";
    assertThatThrownBy(() -> through(CsvGuard.checking(new ByteArrayInputStream(utf8(huge)), "k.csv", COLUMNS, null,
        100_000), 8192)).isInstanceOf(LimitExceededException.class).hasMessageContaining("line 1:");
  }

  @Test
  void read_recordLongerThanTheInternalBufferWithinTheLimit_isRewrittenWhole() throws IOException {
    String value = "x\"y".repeat(100_000);
    String csv = "1,a,b\n2," + value + ",c\n3,d,e";

    String out = checked(csv);

    assertThat(copyReads(out)).isEqualTo(fastCsvReads(csv));
  }

  @Test
  void read_collecting_recordsEachFaultByItsRecordsLineAndKeepsTheRawText() throws IOException {
    Map<Long, String> faults = new HashMap<>();
    String csv = "1,a,b\n2,\"abc\"d\"e,x\n3,\"multi\nline\",y\n5,\"never\nclosed,z\n";

    String out = through(CsvGuard.collecting(new ByteArrayInputStream(utf8(csv)), "k.csv", COLUMNS, faults, 1024), 3);

    assertThat(faults).containsOnlyKeys(2L, 5L);
    assertThat(faults.get(2L)).startsWith("line 2, column where (field 2): text after the closing quote");
    assertThat(faults.get(5L)).startsWith("line 5, column where (field 2): the quoted field opened here is never closed");
    assertThat(fastCsvReads(out)).containsExactly(List.of("1", "a", "b"), List.of("2", "\"abc\"d\"e", "x"),
        List.of("3", "multi\nline", "y"), List.of("5", "\"never\nclosed,z\n"));
  }

  @Test
  void close_closesTheSource() throws IOException {
    boolean[] closed = {false};
    InputStream source = new ByteArrayInputStream(new byte[0]) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    CsvGuard.checking(source, "k.csv", COLUMNS, null, 1024).close();
    assertThat(closed[0]).isTrue();
  }
}
