package io.insightflow.connect.jdbc;

import io.insightflow.api.Internal;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Connects through the JDBC drivers of a class loader, not only those {@link DriverManager} found.
 *
 * <p>{@code DriverManager} discovers drivers once, through the context class loader of whichever
 * thread touched it first. Inside a container with one class loader per plugin or application
 * (Maven plugin realms, application servers) that may have been another loader, and then
 * {@code jdbc:duckdb:} or {@code jdbc:postgresql:} report "No suitable driver" even though the
 * driver jar is right there. {@link #connect} is given the loader that holds the drivers, and
 * connects through the one driver named after the URL's subprotocol without {@code DriverManager},
 * so no other driver is loaded either: each driver's class initialisation runs when it is first
 * instantiated, and Snowflake's takes ~900 classes and ~0.5 s of a fresh JVM, which a DuckDB or
 * PostgreSQL ingest need not pay because snowflake-jdbc is on the class path. [#24]
 */
@Internal
public final class JdbcDrivers {

  private JdbcDrivers() {}

  /**
   * Registers every {@code java.sql.Driver} service of {@code loader} not yet registered.
   * Thread-safe; a driver whose service entry cannot be loaded is skipped, since a connection
   * attempt that needs it reports the missing driver with the URL.
   */
  private static void register(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    Set<String> known = DriverManager.drivers().map(d -> d.getClass().getName()).collect(Collectors.toSet());
    Iterator<Driver> drivers = ServiceLoader.load(Driver.class, loader).iterator();
    while (hasNext(drivers)) {
      try {
        Driver driver = drivers.next();
        if (known.add(driver.getClass().getName())) {
          DriverManager.registerDriver(driver);
        }
      } catch (ServiceConfigurationError | SQLException e) {
        // Skipped on purpose (see the method comment).
      }
    }
  }

  /**
   * Opens a connection to {@code url} through the driver of {@code loader} whose class name holds
   * the URL's subprotocol ({@code org.duckdb.DuckDBDriver} for {@code jdbc:duckdb:}), instantiating no
   * other driver; when none of those accepts the URL, through {@code DriverManager} with every
   * driver of {@code loader} registered ({@link #register}).
   *
   * @throws SQLException from the driver, or {@code DriverManager}'s "No suitable driver" (08001)
   */
  public static Connection connect(String url, Properties properties, ClassLoader loader) throws SQLException {
    Objects.requireNonNull(url, "url");
    String subprotocol = subprotocol(url);
    if (!subprotocol.isEmpty()) {
      Iterator<ServiceLoader.Provider<Driver>> providers = ServiceLoader.load(Driver.class, loader).stream().iterator();
      while (hasNext(providers)) {
        try {
          ServiceLoader.Provider<Driver> provider = providers.next();
          // type() loads the class without initialising it; get() runs its static initialiser.
          if (provider.type().getName().toLowerCase(Locale.ROOT).contains(subprotocol)) {
            Driver driver = provider.get();
            Connection connection = driver.acceptsURL(url) ? driver.connect(url, properties) : null;
            if (connection != null) {
              return connection;
            }
          }
        } catch (ServiceConfigurationError e) {
          // As in register: a broken service entry is skipped.
        }
      }
    }
    register(loader);
    return DriverManager.getConnection(url, properties);
  }

  /** {@code duckdb} of {@code jdbc:duckdb:…}, lower case; empty when the URL has none. */
  static String subprotocol(String url) {
    if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return "";
    }
    int end = url.indexOf(':', 5);
    return end < 0 ? "" : url.substring(5, end).toLowerCase(Locale.ROOT);
  }

  private static boolean hasNext(Iterator<?> drivers) {
    try {
      return drivers.hasNext();
    } catch (ServiceConfigurationError e) {
      return false;
    }
  }
}
