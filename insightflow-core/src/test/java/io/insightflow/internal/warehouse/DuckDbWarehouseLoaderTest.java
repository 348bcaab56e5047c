package io.insightflow.internal.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import io.insightflow.generate.InstacartGenerator;
import io.insightflow.generate.InstacartTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB is embedded, so this runs as a unit test. */
class DuckDbWarehouseLoaderTest {

  private static final double SCALE = 0.001;

  @TempDir
  Path dir;
  private Connection connection;

  @BeforeEach
  void open() throws Exception {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws Exception {
    connection.close();
  }

  @Test
  void loadDirectory_generatedData_loadsExactCountsWithTypes() throws Exception {
    InstacartGenerator.builder().scale(SCALE).directory(dir).build().generate();
    Files.writeString(dir.resolve(".orders.csv.123.tmp"), "ignored");

    Map<String, Long> rows = new DuckDbWarehouseLoader(connection).loadDirectory(dir);

    assertThat(rows.keySet()).containsExactly("aisles", "departments", "order_products__prior",
        "order_products__train", "orders", "products");
    for (InstacartTable t : InstacartTable.values()) {
      assertThat(rows.get(t.tableName())).as(t.tableName()).isEqualTo(t.rows(SCALE));
      assertThat(scalar("SELECT count(*) FROM \"" + t.tableName() + "\"")).isEqualTo(String.valueOf(t.rows(SCALE)));
    }
    assertThat(scalar("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders'"
        + " AND column_name = 'order_id'")).isEqualTo("INTEGER");
    assertThat(scalar("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders'"
        + " AND column_name = 'days_since_prior_order'")).isEqualTo("DOUBLE");
    assertThat(scalar("SELECT count(*) FROM orders WHERE days_since_prior_order IS NULL"))
        .isEqualTo(scalar("SELECT count(DISTINCT user_id) FROM orders"));
  }

  @Test
  void loadTable_productNameWithQuoteAndComma_roundTripsExactly() throws Exception {
    InstacartGenerator.builder().scale(SCALE).directory(dir).tables(Set.of("products"))
        .build().generate();
    String line = Files.readAllLines(dir.resolve("products.csv")).stream()
        .filter(l -> l.contains("\"\"") && l.matches(".*\".*,.*\".*,\\d+,\\d+"))
        .findFirst().orElseThrow();
    int id = Integer.parseInt(line.substring(0, line.indexOf(',')));
    String quoted = line.substring(line.indexOf(',') + 1, line.lastIndexOf(',', line.lastIndexOf(',') - 1));
    String expected = quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
    assertThat(expected).contains("\"").contains(",");

    new DuckDbWarehouseLoader(connection).loadTable("products", dir.resolve("products.csv"));

    assertThat(scalar("SELECT product_name FROM products WHERE product_id = " + id)).isEqualTo(expected);
  }

  @Test
  void load_otherFile_usesAutoDetection_andQuotesPath() throws Exception {
    Path file = Files.createDirectories(dir.resolve("it's here")).resolve("extra.csv");
    Files.writeString(file, "id,label,price\n1,\"a, b\",1.5\n2,c,2.25\n");

    Map<String, Long> rows = new DuckDbWarehouseLoader(connection).load(Map.of("Extra_1", file));

    assertThat(rows).containsExactly(Map.entry("Extra_1", 2L));
    assertThat(scalar("SELECT label FROM \"Extra_1\" WHERE id = 1")).isEqualTo("a, b");
    assertThat(scalar("SELECT sum(price) FROM \"Extra_1\"")).isEqualTo("3.75");
  }

  @Test
  void loadDirectory_badFileName_namesTheFile_andLoadsNothing() throws Exception {
    Files.writeString(dir.resolve("aisles.csv"), "aisle_id,aisle\n1,x\n");
    String tooLong = "t".repeat(64);
    Files.writeString(dir.resolve(tooLong + ".csv"), "a\n1\n");

    assertThatThrownBy(() -> new DuckDbWarehouseLoader(connection).loadDirectory(dir))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining(tooLong + ".csv")
        .hasMessageContaining("not a valid identifier");
    assertThat(scalar("SELECT count(*) FROM information_schema.tables")).isEqualTo("0");
  }

  @Test
  void load_tableNameNoPostgresNameCanBe_isRejected() {
    assertThatThrownBy(() -> new DuckDbWarehouseLoader(connection)
        .load(Map.of("x\n; drop table y; --", dir.resolve("x.csv"))))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("Invalid identifier")
        .hasMessageNotContaining("\n;");
  }

  /** [#22] A name with a quote and a semicolon is a name: quoted, never SQL. */
  @Test
  void load_tableNameWithQuoteAndSemicolon_loadsUnderThatName() throws Exception {
    Files.writeString(dir.resolve("x.csv"), "id\n1\n");
    new DuckDbWarehouseLoader(connection).load(Map.of("x\"; drop table y; --", dir.resolve("x.csv")));
    assertThat(scalar("SELECT count(*) FROM \"x\"\"; drop table y; --\"")).isEqualTo("1");
  }

  @Test
  void loadTable_globCharactersInPath_areRejected() {
    assertThatThrownBy(() -> new DuckDbWarehouseLoader(connection).loadTable("t", dir.resolve("x[1]/t.csv")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("glob");
  }

  @Test
  void loadTable_missingFile_throwsNamingTheFile() {
    assertThatThrownBy(() -> new DuckDbWarehouseLoader(connection).loadTable("t", dir.resolve("none.csv")))
        .isInstanceOf(InsightflowException.class)
        .hasMessageContaining("none.csv");
  }

  @Test
  void loadDirectory_byUrl_opensAndClosesItsConnection() throws Exception {
    InstacartGenerator.builder().scale(SCALE).directory(dir.resolve("csv"))
        .tables(Set.of("departments")).build().generate();
    String url = "jdbc:duckdb:" + dir.resolve("warehouse.duckdb");

    assertThat(DuckDbWarehouseLoader.loadDirectory(url, dir.resolve("csv")))
        .containsExactly(Map.entry("departments", 21L));
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT department FROM departments WHERE department_id = 21")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("missing");
    }
  }

  /** DuckDB's buffer pool is in this process: a load keeps ingest's limit (122.0 MiB is 128MB as DuckDB shows it). */
  @Test
  void connect_keepsTheDialectsMemoryLimit_unlessTheUrlSetsOne() throws Exception {
    try (Connection c = DuckDbWarehouseLoader.connect("jdbc:duckdb:" + dir.resolve("w.duckdb"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('memory_limit')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("122.0 MiB");
    }
    try (Connection c = DuckDbWarehouseLoader.connect("jdbc:duckdb:" + dir.resolve("w.duckdb") + ";memory_limit=1GB");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('memory_limit')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("953.6 MiB");
    }
  }

  private String scalar(String sql) throws Exception {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
