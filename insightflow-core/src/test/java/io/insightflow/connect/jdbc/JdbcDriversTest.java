package io.insightflow.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcDrivers#connect} with the real DuckDB and Snowflake drivers: it connects through the
 * driver named after the URL, initialising no other (drivers register themselves with {@code
 * DriverManager} as they initialise, which its log writer shows), and falls back to {@code
 * DriverManager} for a URL no driver is named after. [#24]
 */
class JdbcDriversTest {

  @Test
  void subprotocol_isTheNameAfterJdbc() {
    assertThat(JdbcDrivers.subprotocol("jdbc:duckdb:/tmp/w.duckdb")).isEqualTo("duckdb");
    assertThat(JdbcDrivers.subprotocol("JDBC:PostgreSQL://h/db")).isEqualTo("postgresql");
    assertThat(JdbcDrivers.subprotocol("jdbc:oracle:thin:@h:1521/x")).isEqualTo("oracle");
    assertThat(JdbcDrivers.subprotocol("jdbc:")).isEmpty();
    assertThat(JdbcDrivers.subprotocol("duckdb:x")).isEmpty();
  }

  @Test
  void connect_initialisesOnlyTheDriverNamedAfterTheUrl() throws Exception {
    // A loader of its own holds fresh, uninitialised copies of both drivers' classes.
    URL duckdb = org.duckdb.DuckDBDriver.class.getProtectionDomain().getCodeSource().getLocation();
    URL snowflake = Class.forName("net.snowflake.client.api.driver.SnowflakeDriver", false, getClass().getClassLoader())
        .getProtectionDomain().getCodeSource().getLocation();
    StringWriter log = new StringWriter();
    try (URLClassLoader drivers = new URLClassLoader(new URL[] {snowflake, duckdb}, ClassLoader.getPlatformClassLoader())) {
      DriverManager.setLogWriter(new PrintWriter(log, true));
      try (Connection c = JdbcDrivers.connect("jdbc:duckdb:", new Properties(), drivers);
          Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 40 + 2")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(42);
        assertThat(c.getClass().getClassLoader()).isSameAs(drivers);
      } finally {
        DriverManager.setLogWriter(null);
      }
    }
    assertThat(log.toString()).contains("registerDriver: org.duckdb.DuckDBDriver").doesNotContain("snowflake");
  }

  @Test
  void connect_urlNoDriverIsNamedAfter_isDriverManagersNoSuitableDriver() {
    assertThatThrownBy(() -> JdbcDrivers.connect("jdbc:nosuchdb://h/db", new Properties(), getClass().getClassLoader()))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("No suitable driver")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
  }
}
