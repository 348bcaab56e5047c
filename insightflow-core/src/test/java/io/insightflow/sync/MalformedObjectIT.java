package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.internal.layout.PartNames;
import io.insightflow.layout.RunManifest;
import io.insightflow.testing.LakeObjects;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged and malformed lake objects in both error modes ([#8]). Every case writes a good run (the
 * context, which always loads) and a damaged one, syncs, and checks the outcome: a failure names
 * the object, line and column where one exists and commits nothing of the object; a load accounts
 * for every row (read = loaded + rejected = manifest rows). A failed object stays pending: once the
 * run is repaired the next sync loads it, and the table ends with exactly the intended rows
 * (count and an MD5 over every row).
 */
class MalformedObjectIT extends LakeSyncFixture {

  static final int ROWS = 1000;
  /** The damaged record: row 500, line 501 (the header is line 1). */
  static final int BAD = 500;
  static final Instant T0 = T1.minus(Duration.ofHours(1));
  static final List<RunManifest.Column> COLUMNS = TestLake.columns("id bigint", "name text", "code varchar(8)");
  static final String HEADER = "id,name,code\n";
  static final String MISMATCH = "does not match its manifest (truncated, corrupted or being rewritten)";

  /** What a sync in one mode must do with the damaged object. */
  record Expect(boolean fails, long line, String column, String message, long loaded, long rejected,
      long rejectLine, boolean withoutBadRow) {

    static Expect fails(long line, String column, String message) {
      return new Expect(true, line, column, message, 0, 0, 0, false);
    }

    /** Loads every row. */
    static Expect loadsAll() {
      return new Expect(false, 0, null, null, ROWS, 0, 0, false);
    }

    /** Loads every row but the bad one, which is rejected. */
    static Expect rejectsBadRow() {
      return new Expect(false, 0, null, null, ROWS - 1, 1, BAD + 1, true);
    }

    /** Loads every row and rejects one extra record found at {@code line}. */
    static Expect rejectsExtraRecordAt(long line) {
      return new Expect(false, 0, null, null, ROWS, 1, line, false);
    }
  }

  /** Writes the damaged run into the lake and returns the key its failure names. */
  interface Damage {
    String write(MalformedObjectIT test);
  }

  record Case(String name, Damage damage, Expect failMode, Expect rejectMode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    Expect mismatch = Expect.fails(0, null, MISMATCH);
    return List.of(
        new Case("truncatedMidRow", replaced(b -> cut(b, indexOf(b, row(600)) + 4)), mismatch, mismatch),
        new Case("truncatedAtRowEnd", replaced(b -> cut(b, indexOf(b, row(601)))), mismatch, mismatch),
        new Case("emptied", replaced(b -> new byte[0]), mismatch, mismatch),
        new Case("corruptedDigitStillValidCsv", replaced(b -> setByte(b, indexOf(b, row(BAD)), '6')), mismatch, mismatch),
        new Case("corruptedByteInvalidUtf8", replaced(b -> setByte(b, indexOf(b, row(BAD)) + 5, 0xFF)), mismatch, mismatch),
        new Case("rewrittenLongerAfterManifest", replaced(b -> utf8(good() + row(ROWS + 1) + "\n")), mismatch, mismatch),
        new Case("rowCountMismatch", t -> t.lake.rawRun("orders", T1, COLUMNS, utf8(good()), ROWS - 1),
            Expect.fails(0, null, "holds 1000 rows but its manifest"), Expect.fails(0, null, "holds 1000 rows but its manifest")),
        new Case("missingPart", MalformedObjectIT::missingPart,
            Expect.fails(0, null, "is missing from the lake"), Expect.fails(0, null, "is missing from the lake")),
        new Case("garbageManifest", t -> t.manifestBytes("{\"version\": 1, \"parts\": [".getBytes(StandardCharsets.UTF_8)),
            Expect.fails(0, null, "Not a valid run manifest"), Expect.fails(0, null, "Not a valid run manifest")),
        new Case("manifestWithoutChecksum", MalformedObjectIT::manifestWithoutChecksum,
            Expect.fails(0, null, "Not a valid run manifest"), Expect.fails(0, null, "Not a valid run manifest")),
        new Case("headerMisspelt", consistent(good().replaceFirst("id,name", "id,nam"), ROWS),
            Expect.fails(1, null, "header"), Expect.fails(1, null, "does not match the columns")),
        new Case("headerMissing", consistent(good().substring(HEADER.length()), ROWS),
            Expect.fails(1, null, "header"), Expect.fails(1, null, "does not match the columns")),
        new Case("extraColumn", badRow(row(BAD) + ",extra"),
            Expect.fails(BAD + 1, null, "extra data after last expected column"), Expect.rejectsBadRow()),
        new Case("missingColumn", badRow(BAD + ",name-" + BAD),
            Expect.fails(BAD + 1, "code", "missing data for column"), Expect.rejectsBadRow()),
        new Case("wrongType", badRow("x" + row(BAD)),
            Expect.fails(BAD + 1, "id", "invalid input syntax for type bigint"), Expect.rejectsBadRow()),
        new Case("outOfRange", badRow("99999999999999999999,name-" + BAD + ",c" + BAD),
            Expect.fails(BAD + 1, "id", "out of range"), Expect.rejectsBadRow()),
        new Case("unterminatedQuote", badRow(BAD + ",\"name-" + BAD + ",c" + BAD),
            Expect.fails(ROWS + 2, null, "unterminated CSV quoted field"),
            Expect.fails(BAD + 1, "name", "unterminated quoted field")),
        new Case("quoteInsideUnquotedField", badRow(BAD + ",na\"me-" + BAD + ",c" + BAD),
            Expect.fails(ROWS + 2, null, "unterminated CSV quoted field"), Expect.loadsAll()),
        new Case("invalidUtf8", badRowBytes(concat(utf8(BAD + ",na"), new byte[] {(byte) 0xC3, (byte) 0x28},
            utf8("me,c" + BAD))), Expect.fails(BAD + 1, null, "invalid byte sequence for encoding"), Expect.rejectsBadRow()),
        new Case("nulByte", badRowBytes(concat(utf8(BAD + ",na"), new byte[] {0}, utf8("me,c" + BAD))),
            Expect.fails(BAD + 1, null, "invalid byte sequence for encoding"), Expect.rejectsBadRow()),
        new Case("crlfThroughout", consistent(good().replace("\n", "\r\n"), ROWS), Expect.loadsAll(), Expect.loadsAll()),
        new Case("crlfOnOneLine", badRow(row(BAD) + "\r"),
            Expect.fails(BAD + 1, null, "unquoted carriage return found in data"), Expect.loadsAll()),
        new Case("byteOrderMark", t -> t.lake.rawRun("orders", T1, COLUMNS, concat(new byte[] {(byte) 0xEF, (byte) 0xBB,
            (byte) 0xBF}, utf8(good())), ROWS), Expect.loadsAll(), Expect.loadsAll()),
        new Case("overLongField", badRow(BAD + ",name-" + BAD + ",c" + BAD + "-too-long"),
            Expect.fails(BAD + 1, "code", "value too long for type character varying(8)"), Expect.rejectsBadRow()),
        new Case("nullInNotNullColumn", MalformedObjectIT::nullInNotNullColumn,
            Expect.fails(BAD + 1, "name", "violates not-null constraint"), Expect.rejectsBadRow()),
        new Case("blankLine", consistent(good().replace(row(BAD) + "\n", row(BAD) + "\n\n"), ROWS + 1),
            Expect.fails(BAD + 2, "name", "missing data for column"), Expect.rejectsExtraRecordAt(BAD + 2)),
        new Case("endOfDataMarker", consistent(good().replace(row(BAD) + "\n", row(BAD) + "\n\\.\n"), ROWS + 1),
            Expect.fails(0, null, "holds " + BAD + " rows but its manifest"),
            Expect.fails(0, null, "holds " + BAD + " rows but its manifest")),
        new Case("duplicateKeyInPrecreatedTable", MalformedObjectIT::duplicateKeyInPrecreatedTable,
            Expect.fails(BAD + 1, null, "duplicate key value violates unique constraint"), Expect.rejectsBadRow()),
        new Case("quotedCommasQuotesNewlines", consistent(specials(), ROWS), Expect.loadsAll(), Expect.loadsAll()));
  }

  static Stream<Arguments> casesInBothModes() {
    return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, OnError.FAIL), Arguments.of(c, OnError.REJECT)));
  }

  @ParameterizedTest(name = "{0} onError={1}")
  @MethodSource("casesInBothModes")
  void sync_malformedObject_failsNamingIt_orAccountsForEveryRow(Case c, OnError mode) throws Exception {
    String key = c.damage().write(this);
    lake.run("orders", T0, COLUMNS, context());
    Expect expect = mode == OnError.FAIL ? c.failMode() : c.rejectMode();

    SyncResult result = sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 1).set(SYNC_ON_ERROR, mode.name())
        .build());

    assertThat(rows("id > " + ROWS)).as("the context run loads whatever happens to the other").isEqualTo(100);
    if (expect.fails()) {
      assertThat(result.successful()).isFalse();
      assertThat(result.failures()).filteredOn(f -> f.key().equals(key)).singleElement().satisfies(f -> {
        assertThat(f.message()).containsOnlyOnce(key).contains(expect.message());
        assertThat(f.line()).isEqualTo(expect.line());
        assertThat(f.column()).isEqualTo(expect.column());
        if (expect.line() > 0) {
          assertThat(f.message()).contains("line " + expect.line());
        }
        if (expect.column() != null) {
          assertThat(f.message()).contains("column " + expect.column());
        }
      });
      assertThat(rows("id <= " + ROWS)).as("nothing of the damaged run is committed").isZero();
      assertThat(pg.scalar("select count(*) from " + t("_insightflow_loaded"))).isEqualTo(1);

      // The object stayed pending: once repaired, the next sync loads it.
      repair(c);
      SyncResult rerun = sync.sync(store, SyncOptions.builder().set(SYNC_THREADS, 1).set(SYNC_ON_ERROR, mode.name())
          .build());
      assertThat(rerun.successful()).as("%s", rerun.failures()).isTrue();
      assertThat(rerun.rowsLoaded()).isEqualTo(ROWS);
      assertIntendedRows(goodRows());
    } else {
      assertThat(result.successful()).as("%s", result.failures()).isTrue();
      assertThat(result.rowsLoaded()).isEqualTo(expect.loaded() + 100);
      assertThat(result.rowsRejected()).isEqualTo(expect.rejected());
      assertThat(pg.scalar("select rows_loaded from " + t("_insightflow_loaded") + " where object_key = '" + key + "'"))
          .isEqualTo(expect.loaded());
      assertThat(pg.scalar("select rows_rejected from " + t("_insightflow_loaded") + " where object_key = '" + key + "'"))
          .isEqualTo(expect.rejected());
      if (expect.rejected() > 0) {
        String rejects = LakeObjects.text(store, "rejects/orders/" + key + ".csv");
        assertThat(rejects.lines()).hasSize(1 + (int) expect.rejected()).first().isEqualTo("line,error,record");
        assertThat(rejects).contains("\n" + expect.rejectLine() + ",");
      }
      List<String[]> intended = c.name().equals("quotedCommasQuotesNewlines") ? specialRows() : goodRows();
      if (c.name().equals("quoteInsideUnquotedField")) {
        intended.get(BAD - 1)[1] = "na\"me-" + BAD; // a quote inside an unquoted field is a literal character [#22]
      }
      if (expect.withoutBadRow()) {
        intended.remove(BAD - 1);
      }
      assertIntendedRows(intended);
    }
  }

  // --- the damages ---

  /** A good run whose object is then overwritten with other bytes; the manifest still describes the good ones. */
  static Damage replaced(Function<byte[], byte[]> change) {
    return t -> {
      String key = t.lake.run("orders", T1, COLUMNS, good()).get(0);
      t.store.put(key, change.apply(utf8(good())));
      return key;
    };
  }

  /** A writer that wrote these bytes and a manifest that describes them exactly. */
  static Damage consistent(String csv, long rows) {
    return t -> t.lake.rawRun("orders", T1, COLUMNS, utf8(csv), rows);
  }

  static Damage badRow(String replacement) {
    return consistent(good().replace("\n" + row(BAD) + "\n", "\n" + replacement + "\n"), ROWS);
  }

  static Damage badRowBytes(byte[] replacement) {
    String text = good();
    int at = text.indexOf("\n" + row(BAD) + "\n") + 1;
    byte[] bytes = concat(utf8(text.substring(0, at)), replacement, utf8(text.substring(at + row(BAD).length())));
    return t -> t.lake.rawRun("orders", T1, COLUMNS, bytes, ROWS);
  }

  static String missingPart(MalformedObjectIT t) {
    List<String> keys = t.lake.run("orders", T1, COLUMNS, half(1), half(2));
    t.store.delete(keys.get(1));
    return keys.get(1);
  }

  String manifestBytes(byte[] manifest) {
    String folder = lake.template.render("orders", T1);
    store.put(folder + "/" + PartNames.csvPart("orders", 1), utf8(good()));
    store.put(RunManifest.keyIn(folder), manifest);
    return RunManifest.keyIn(folder);
  }

  static String manifestWithoutChecksum(MalformedObjectIT t) {
    String folder = t.lake.template.render("orders", T1);
    String key = folder + "/" + PartNames.csvPart("orders", 1);
    byte[] bytes = utf8(good());
    RunManifest m = new RunManifest(RunManifest.VERSION, UUID.randomUUID().toString(), "orders", T1, "csv", "test",
        "select *", COLUMNS, List.of(new RunManifest.Part(key, ROWS, bytes.length, null)), ROWS, Instant.now());
    return t.manifestBytes(m.toJson());
  }

  /** The user created the table with a NOT NULL column; the manifest does not know. */
  static String nullInNotNullColumn(MalformedObjectIT t) {
    t.pg.execute("CREATE SCHEMA " + t.pg.schema() + "; CREATE TABLE " + t.t("orders")
        + " (id bigint, name text NOT NULL, code varchar(8))");
    return t.lake.rawRun("orders", T1, COLUMNS,
        utf8(good().replace("\n" + row(BAD) + "\n", "\n" + BAD + ",,c" + BAD + "\n")), ROWS);
  }

  static String duplicateKeyInPrecreatedTable(MalformedObjectIT t) {
    t.pg.execute("CREATE SCHEMA " + t.pg.schema() + "; CREATE TABLE " + t.t("orders")
        + " (id bigint PRIMARY KEY, name text, code varchar(8))");
    return t.lake.rawRun("orders", T1, COLUMNS,
        utf8(good().replace("\n" + row(BAD) + "\n", "\n" + (BAD - 1) + ",name-" + BAD + ",c" + BAD + "\n")), ROWS);
  }

  private void repair(Case c) {
    if (c.name().equals("missingPart")) {
      lake.run("orders", T1, COLUMNS, half(1), half(2));
    } else {
      lake.run("orders", T1, COLUMNS, good());
    }
  }

  // --- data ---

  static String row(long i) {
    return i + ",name-" + i + ",c" + i;
  }

  static String good() {
    return rows(1, ROWS);
  }

  static String half(int n) {
    return n == 1 ? rows(1, ROWS / 2) : rows(ROWS / 2 + 1, ROWS);
  }

  static String context() {
    return rows(ROWS + 1, ROWS + 100);
  }

  static String rows(long from, long to) {
    StringBuilder sb = new StringBuilder(HEADER);
    for (long i = from; i <= to; i++) {
      sb.append(row(i)).append('\n');
    }
    return sb.toString();
  }

  static List<String[]> goodRows() {
    List<String[]> out = new ArrayList<>();
    for (long i = 1; i <= ROWS; i++) {
      out.add(new String[] {Long.toString(i), "name-" + i, "c" + i});
    }
    return out;
  }

  /** Every 100th name holds a comma, quotes and a line break. */
  static List<String[]> specialRows() {
    List<String[]> out = goodRows();
    for (int i = 100; i <= ROWS; i += 100) {
      out.get(i - 1)[1] = "na,me \"q\"\nline-" + i;
    }
    return out;
  }

  static String specials() {
    StringBuilder sb = new StringBuilder(HEADER);
    for (String[] r : specialRows()) {
      sb.append(r[0]).append(",\"").append(r[1].replace("\"", "\"\"")).append("\",").append(r[2]).append('\n');
    }
    return sb.toString();
  }

  // --- assertions ---

  private long rows(String where) {
    return pg.scalar("select count(*) from " + t("orders") + " where " + where);
  }

  /** The damaged run's rows in the table are exactly {@code intended}: count and MD5 over every field. */
  private void assertIntendedRows(List<String[]> intended) throws Exception {
    StringBuilder expected = new StringBuilder();
    for (String[] r : intended) {
      expected.append(expected.length() == 0 ? "" : "\n").append(r[0]).append(',').append(r[1]).append(',').append(r[2]);
    }
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(utf8(expected.toString())));
    assertThat(rows("id <= " + ROWS)).isEqualTo(intended.size());
    assertThat(pg.text("select md5(string_agg(id || ',' || name || ',' || coalesce(code, ''), E'\\n' order by id)) from "
        + t("orders") + " where id <= " + ROWS)).isEqualTo(md5);
    assertThat(pg.scalar("select sum(rows_loaded) from " + t("_insightflow_loaded"))).isEqualTo(intended.size() + 100);
  }

  // --- bytes ---

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] bytes, String text) {
    return new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\n" + text + "\n") + 1;
  }

  static byte[] cut(byte[] bytes, int length) {
    return java.util.Arrays.copyOf(bytes, length);
  }

  static byte[] setByte(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    copy[at] = (byte) value;
    return copy;
  }
}
