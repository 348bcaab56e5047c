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
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs against the local PostgreSQL; override with INSIGHTFLOW_TEST_PG_URL and
 * INSIGHTFLOW_TEST_PG_USER (defaults jdbc:postgresql://127.0.0.1:5432/test and postgres).
 */
class PostgresWarehouseLoaderIT {

  private static final double SCALE = 0.001;

  @TempDir
  Path dir;
  private Connection connection;
  private String schema;

  @BeforeEach
  void open() throws Exception {
    String url = Objects.requireNonNullElse(System.getenv("INSIGHTFLOW_TEST_PG_URL"),
        "jdbc:postgresql://127.0.0.1:5432/test");
    String user = Objects.requireNonNullElse(System.getenv("INSIGHTFLOW_TEST_PG_USER"), "postgres");
    connection = DriverManager.getConnection(url, user, "");
    schema = "it_wh_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  }

  @AfterEach
  void dropSchema() throws Exception {
    try (Statement st = connection.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } finally {
      connection.close();
    }
  }

  @Test
  void loadDirectory_generatedData_copiesExactCountsWithTypes() throws Exception {
    InstacartGenerator.builder().scale(SCALE).directory(dir).build().generate();

    Map<String, Long> rows = new PostgresWarehouseLoader(connection, schema).loadDirectory(dir);

    for (InstacartTable t : InstacartTable.values()) {
      assertThat(rows.get(t.tableName())).as(t.tableName()).isEqualTo(t.rows(SCALE));
      assertThat(scalar("SELECT count(*) FROM \"" + schema + "\".\"" + t.tableName() + "\""))
          .isEqualTo(String.valueOf(t.rows(SCALE)));
    }
    assertThat(scalar("SELECT data_type FROM information_schema.columns WHERE table_schema = '"
        + schema + "' AND table_name = 'orders' AND column_name = 'days_since_prior_order'"))
        .isEqualTo("double precision");
    assertThat(scalar("SELECT count(*) FROM \"" + schema + "\".orders WHERE days_since_prior_order IS NULL"))
        .isEqualTo(scalar("SELECT count(DISTINCT user_id) FROM \"" + schema + "\".orders"));
    assertThat(scalar("SELECT count(*) FROM \"" + schema + "\".products"
        + " WHERE product_name LIKE '%,%' AND product_name LIKE '%\"%'")).isNotEqualTo("0");
    assertThat(connection.getAutoCommit()).isTrue();
  }

  @Test
  void loadTable_twice_replacesRows_andOtherFileGetsTextColumns() throws Exception {
    Path file = dir.resolve("notes.csv");
    Files.writeString(file, "id,\"odd \"\"name\"\"\"\n1,\"a, b\"\n2,\n");
    PostgresWarehouseLoader loader = new PostgresWarehouseLoader(connection, schema);

    assertThat(loader.loadTable("notes", file)).isEqualTo(2);
    assertThat(loader.loadTable("notes", file)).isEqualTo(2);

    assertThat(scalar("SELECT count(*) FROM \"" + schema + "\".notes")).isEqualTo("2");
    assertThat(scalar("SELECT \"odd \"\"name\"\"\" FROM \"" + schema + "\".notes WHERE id = '1'"))
        .isEqualTo("a, b");
  }

  @Test
  void loadTable_badRow_rollsBackAndKeepsThePreviousTable() throws Exception {
    Path file = dir.resolve("departments.csv");
    Files.writeString(file, "department_id,department\n1,frozen\n");
    PostgresWarehouseLoader loader = new PostgresWarehouseLoader(connection, schema);
    loader.loadTable("departments", file);
    Files.writeString(file, "department_id,department\n1,frozen\nnot-a-number,x\n");

    assertThatThrownBy(() -> loader.loadTable("departments", file))
        .isInstanceOf(InsightflowException.class)
        .hasMessageContaining("departments.csv")
        .hasMessageContaining(schema + ".departments");
    assertThat(scalar("SELECT count(*) FROM \"" + schema + "\".departments")).isEqualTo("1");
    assertThat(connection.getAutoCommit()).isTrue();
  }

  @Test
  void constructor_badSchema_isRejected() {
    assertThatThrownBy(() -> new PostgresWarehouseLoader(connection, "x\n; drop schema public; --"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("Invalid identifier");
  }

  private String scalar(String sql) throws Exception {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
