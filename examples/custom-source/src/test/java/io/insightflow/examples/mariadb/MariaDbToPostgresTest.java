package io.insightflow.examples.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.Insightflow;
import io.insightflow.ingest.IngestResult;
import io.insightflow.sync.SyncResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with the plugged-in source: MariaDB → local lake → PostgreSQL, through the
 * same facade and keys a Maven goal or Lambda uses. Every row arrives exactly once and unchanged.
 */
class MariaDbToPostgresTest {

  static final String PG_URL = System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_USER", "postgres");
  static final int ROWS = 25_003;

  @TempDir
  Path work;
  String table;
  String schema;

  @BeforeEach
  void createTable() throws Exception {
    table = MariaDb.newTableName();
    schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    MariaDb.createItems(table, ROWS);
  }

  @AfterEach
  void dropAll() throws Exception {
    MariaDb.drop(table);
    try (Connection c = postgres(); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void ingestThenSync_mariaDbTable_arrivesExactlyOnceAndUnchanged() throws Exception {
    Insightflow flow = Insightflow.configure().baseDirectory(work)
        .property("insightflow.source.url", MariaDb.URL)
        .property("insightflow.source.user", MariaDb.USER)
        .property("insightflow.source.mariadb.connectTimeout", "5s")
        .property("insightflow.tables", table)
        .property("insightflow.ingest.batchSize", "10000")
        .property("insightflow.ingest.triggerTime", "2024-05-07T09:30:00Z")
        .property("insightflow.lake", "lake")
        .property("insightflow.target.url", PG_URL)
        .property("insightflow.target.user", PG_USER)
        .property("insightflow.target.schema", schema)
        .build();

    IngestResult ingested = flow.ingest();
    SyncResult synced = flow.sync();
    SyncResult again = flow.sync();

    assertThat(ingested.rows()).isEqualTo(ROWS);
    assertThat(ingested.tables().get(0).parts()).isEqualTo(3);
    assertThat(synced.successful()).as("%s", synced.failures()).isTrue();
    assertThat(again.tables()).allSatisfy(t -> assertThat(t.rowsLoaded()).isZero());
    assertThat(postgresRows()).containsExactlyElementsOf(mariaDbRows());
    assertThat(postgresColumnTypes()).containsExactly("bigint", "text", "numeric", "integer", "numeric",
        "boolean", "smallint", "timestamp without time zone", "text", "text", "text");
  }

  /** Every row of the MariaDB table as text, in key order, with the values PostgreSQL should hold. */
  private List<String> mariaDbRows() throws SQLException {
    try (Connection c = MariaDb.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT id, name, price, qty, big, active <> 0, born + 0, DATE_FORMAT(seen, '%Y-%m-%d %H:%i:%s'), kind,"
            + " doc, note FROM `" + table + "` ORDER BY id")) {
      return rows(rs);
    }
  }

  private List<String> postgresRows() throws SQLException {
    try (Connection c = postgres(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT id, name, price, qty, big, active, born, to_char(seen, 'YYYY-MM-DD HH24:MI:SS'), kind, doc, note FROM "
            + schema + ".\"" + table + "\" ORDER BY id")) {
      return rows(rs);
    }
  }

  private List<String> postgresColumnTypes() throws SQLException {
    try (Connection c = postgres(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = '" + schema + "' AND table_name = '"
            + table + "' AND column_name NOT LIKE '\\_insightflow%' ORDER BY ordinal_position")) {
      List<String> types = new ArrayList<>();
      while (rs.next()) {
        types.add(rs.getString(1));
      }
      return types;
    }
  }

  private static List<String> rows(ResultSet rs) throws SQLException {
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      StringBuilder row = new StringBuilder();
      for (int i = 1; i <= 11; i++) {
        Object value = rs.getObject(i);
        row.append(i > 1 ? "|" : "").append(value instanceof Boolean || value instanceof Number
            ? new java.math.BigDecimal(value.toString().equals("true") ? "1" : value.toString().equals("false") ? "0"
                : value.toString()).stripTrailingZeros().toPlainString() : String.valueOf(value));
      }
      rows.add(row.toString());
    }
    return rows;
  }

  private static Connection postgres() throws SQLException {
    return DriverManager.getConnection(PG_URL, PG_USER, System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_PASSWORD", ""));
  }
}
