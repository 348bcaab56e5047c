package io.insightflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresTestDatabaseIT {

  @Test
  void create_thenClose_schemaIsUsableThenDropped() throws Exception {
    String schema;
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      schema = db.schema();
      assertThat(schema).matches("it_[0-9a-f]{12}");
      try (Connection c = db.connection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id int)"); // lands in the test schema
        s.execute("INSERT INTO " + schema + ".t VALUES (1)");
      }
    }
    try (PostgresTestDatabase other = PostgresTestDatabase.create();
        Connection c = other.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void createIfMissing_databaseTheServerLacks_isCreated() throws Exception {
    String name = "it_db_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String url = "jdbc:postgresql://127.0.0.1:5432/" + name;
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      assumeLocal(db);
      try {
        assertThat(PostgresTestDatabase.createIfMissing(url, db.user(), db.password())).isTrue();
        try (Connection c = java.sql.DriverManager.getConnection(url, db.user(), db.password())) {
          assertThat(c.getCatalog()).isEqualTo(name);
        }
      } finally {
        db.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }

  private static void assumeLocal(PostgresTestDatabase db) {
    org.junit.jupiter.api.Assumptions.assumeTrue(db.url().startsWith("jdbc:postgresql://127.0.0.1:5432/"));
  }
}
