package io.insightflow.connect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sync target connects through pgjdbc's driver itself, not {@code DriverManager}: with no driver
 * registered there (another class loader touched it first, or a container deregistered them) it
 * still connects, and it never makes {@code DriverManager} load the other drivers on the class path. [#24]
 */
class PostgresConnectionOptionsIT {

  @Test
  void connect_needsNoDriverRegisteredWithDriverManager() throws SQLException {
    try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
      List<Driver> registered = DriverManager.drivers().toList();
      for (Driver d : registered) {
        DriverManager.deregisterDriver(d);
      }
      try (Connection c = pg.targetOptions().connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT current_setting('application_name')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("insightflow-sync");
        assertThat(c.getAutoCommit()).isTrue();
      } finally {
        for (Driver d : registered) {
          DriverManager.registerDriver(d);
        }
      }
    }
  }
}
