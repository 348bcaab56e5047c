package io.insightflow.sync;

import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkContractTest;
import io.insightflow.spi.WriteContext;
import io.insightflow.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL sink keeps the sink contract on the real PostgreSQL [#9]. */
class PostgresSinkContractIT extends SinkContractTest<PostgresSink.Load> {

  static PostgresTestDatabase pg;

  @BeforeAll
  static void createSchema() {
    pg = PostgresTestDatabase.reserve();
  }

  @AfterAll
  static void dropSchema() {
    pg.close();
  }

  @Override
  protected Sink<PostgresSink.Load> openSink() {
    return new PostgresSink(pg.targetOptions());
  }

  /** The rows readers see, as CSV lines in id order (PostgreSQL's own CSV rendering). */
  @Override
  protected List<String> committedLines(WriteContext context) {
    String table = pg.schema() + "." + context.table().name();
    try (Connection c = pg.connection(); Statement st = c.createStatement()) {
      if (pg.text("SELECT to_regclass('" + table + "')") == null) {
        return List.of();
      }
      List<String> lines = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT id, name, name ~ '[,\"]' FROM " + table + " ORDER BY id")) {
        while (rs.next()) {
          String name = rs.getString(2);
          lines.add(rs.getLong(1) + "," + (rs.getBoolean(3) ? '"' + name.replace("\"", "\"\"") + '"' : name));
        }
      }
      return lines;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
