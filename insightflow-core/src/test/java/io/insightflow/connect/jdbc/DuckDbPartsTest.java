package io.insightflow.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.SourceException;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceReader;
import io.insightflow.spi.TableName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of a DuckDB table: {@code batchSize} rows each, byte for byte what a COPY of their row
 * ids writes, the same for the same table, a range emptied by deletes left out, the header alone for
 * an empty table. [#24]
 */
class DuckDbPartsTest {

  private static final TableName ITEMS = TableName.parse("items");
  private static final int BATCH = 100;
  private static final int ROWS = 2345;

  @TempDir
  Path dir;
  private Path staging;

  @BeforeEach
  void createTable() throws Exception {
    staging = Files.createDirectories(dir.resolve("staging"));
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      // Awkward values: NULL, the empty string, quotes, commas, line breaks, multi-byte text.
      st.execute("CREATE TABLE items AS SELECT range AS id, CASE range % 6 WHEN 0 THEN NULL WHEN 1 THEN ''"
          + " WHEN 2 THEN 'a, \"quoted\" ' || range WHEN 3 THEN 'two' || chr(10) || 'lines' || chr(13) || chr(10)"
          + " WHEN 4 THEN 'éàü ✓ ' || range ELSE '\"' END AS name, range / 7.0 AS ratio, DATE '2024-01-01' + range::INTEGER AS day"
          + " FROM range(" + ROWS + ")");
    }
  }

  private String url() {
    return "jdbc:duckdb:" + dir.resolve("w.duckdb");
  }

  private JdbcSource open() {
    return JdbcSource.open(SourceConfig.of(url()), new DuckDbDialect());
  }

  /** Every batch of every chunk, in order; checks each batch's row count and checksum against its bytes. */
  private List<byte[]> read(JdbcSource source) throws Exception {
    List<byte[]> parts = new ArrayList<>();
    for (Chunk chunk : source.plan(ITEMS, BATCH)) {
      try (SourceReader reader = source.open(chunk, Position.START, this::newFile)) {
        for (Optional<RecordBatch> b; (b = reader.nextBatch()).isPresent(); ) {
          Path file = b.get().data().file().orElseThrow();
          byte[] bytes = Files.readAllBytes(file);
          assertThat(lines(bytes)).isEqualTo(b.get().rows() + 1);
          if (b.get().crc32c() != null) {
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            assertThat(b.get().crc32c()).isEqualTo(String.format("%08x", crc.getValue()));
          }
          parts.add(bytes);
          b.get().data().discard();
        }
      }
    }
    return parts;
  }

  /** What the dialect wrote before [#24]: a COPY per {@code BATCH} row ids, none for an emptied range. */
  private List<byte[]> copyPerRowIdRange(JdbcSource source) throws Exception {
    List<byte[]> parts = new ArrayList<>();
    try (Statement st = source.connection().createStatement()) {
      for (long lo = 0; lo < ROWS; lo += BATCH) {
        Path file = newFile();
        st.execute("COPY (SELECT * FROM items WHERE rowid >= " + lo + " AND rowid < " + (lo + BATCH) + ") TO '" + file
            + "' (FORMAT csv, HEADER true)");
        if (lines(Files.readAllBytes(file)) > 1) {
          parts.add(Files.readAllBytes(file));
        }
        Files.delete(file);
      }
    }
    source.connection().commit();
    return parts;
  }

  /** Rows plus the header: every record here ends with a line feed outside quotes. */
  private static long lines(byte[] csv) {
    long records = 0;
    boolean quoted = false;
    for (byte b : csv) {
      if (b == '"') {
        quoted = !quoted;
      } else if (b == '\n' && !quoted) {
        records++;
      }
    }
    return records;
  }

  private Path newFile() {
    return staging.resolve(UUID.randomUUID() + ".csv");
  }

  private List<Path> stagingFiles() throws Exception {
    try (Stream<Path> files = Files.list(staging)) {
      return files.toList();
    }
  }

  @Test
  void read_gaplessRowIds_partsOfExactlyBatchSizeRowsWithTheBytesOfACopyPerRange() throws Exception {
    try (JdbcSource source = open()) {
      List<Chunk> chunks = source.plan(ITEMS, BATCH);
      assertThat(chunks).hasSize(24).extracting(Chunk::range).startsWith("rowid=0..100", "rowid=100..200");

      List<byte[]> parts = read(source);

      assertThat(parts).hasSize(24);
      assertThat(parts.subList(0, 23)).allSatisfy(p -> assertThat(lines(p)).isEqualTo(BATCH + 1));
      assertThat(lines(parts.get(23))).isEqualTo(45 + 1);
      assertThat(parts).containsExactlyElementsOf(copyPerRowIdRange(source));
      assertThat(read(source)).containsExactlyElementsOf(parts); // the same table gives the same parts
    }
    assertThat(stagingFiles()).isEmpty();
  }

  @Test
  void read_afterDeletes_thePartsOfACopyPerRowIdRange() throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute("DELETE FROM items WHERE id BETWEEN 95 AND 250 OR id % 97 = 0");
    }
    try (JdbcSource source = open()) {
      assertThat(source.plan(ITEMS, BATCH)).hasSize(24).first().extracting(Chunk::range).isEqualTo("rowid=0..100");

      List<byte[]> parts = read(source);

      assertThat(parts).hasSize(23); // ids 100..199 are all gone: that range has no part
      assertThat(parts).containsExactlyElementsOf(copyPerRowIdRange(source));
      assertThat(parts.stream().mapToLong(p -> lines(p) - 1).sum()).isEqualTo(source.count(ITEMS));
    }
  }

  @Test
  void read_emptyTable_oneHeaderOnlyPart() throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute("DELETE FROM items");
      st.execute("CREATE TABLE nothing (a INTEGER, b VARCHAR)");
    }
    try (JdbcSource source = open()) {
      Chunk chunk = source.plan(TableName.parse("nothing"), BATCH).get(0);
      try (SourceReader reader = source.open(chunk, Position.START, this::newFile)) {
        RecordBatch batch = reader.nextBatch().orElseThrow();
        assertThat(batch.rows()).isZero();
        assertThat(Files.readString(batch.data().file().orElseThrow())).isEqualTo("a,b\n");
        batch.data().discard();
        assertThat(reader.nextBatch()).isEmpty();
      }
      // Every row deleted: no row id is left either, so it is an empty table, as before.
      assertThat(read(source)).singleElement().satisfies(p -> assertThat(new String(p)).isEqualTo("id,name,ratio,day\n"));
    }
  }

  @Test
  void open_atTheEndOfItsPart_yieldsNothingMoreAndTheConnectionGoesOn() throws Exception {
    try (JdbcSource source = open()) {
      Chunk chunk = source.plan(ITEMS, BATCH).get(0);
      RecordBatch first;
      try (SourceReader reader = source.open(chunk, Position.START, this::newFile)) {
        first = reader.nextBatch().orElseThrow();
      }

      assertThat(stagingFiles()).containsExactly(first.data().file().orElseThrow());
      assertThat(first.end()).isEqualTo(new Position(BATCH));
      try (SourceReader reader = source.open(chunk, first.end(), this::newFile)) {
        assertThat(reader.nextBatch()).isEmpty();
      }
      try (Statement st = source.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(ROWS);
      }
    }
  }

  @Test
  void read_copyFails_failsNamingTheTable() throws Exception {
    try (JdbcSource source = open()) {
      Chunk missing = new Chunk(TableName.parse("no_such_table"), 0, BATCH, "rowid=0..100", true);
      try (SourceReader reader = source.open(missing, Position.START, this::newFile)) {
        assertThatThrownBy(reader::nextBatch).isInstanceOf(SourceException.class).hasMessageContaining("no_such_table");
      }
    }
    assertThat(stagingFiles()).isEmpty();
  }
}
