package io.insightflow.connect.jdbc;

import io.insightflow.api.Internal;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers the JDBC drivers of a class loader with {@link DriverManager}.
 *
 * <p>{@code DriverManager} discovers drivers once, through the context class loader of whichever
 * thread touched it first. Inside a container with one class loader per plugin or application
 * (Maven plugin realms, application servers) that may have been another loader, and then
 * {@code jdbc:duckdb:} or {@code jdbc:postgresql:} report "No suitable driver" even though the
 * driver jar is right there. Calling {@link #register(ClassLoader)} with the loader that holds the
 * drivers fixes that; it is cheap and idempotent.
 */
@Internal
public final class JdbcDrivers {

  private JdbcDrivers() {}

  /**
   * Registers every {@code java.sql.Driver} service of {@code loader} not yet registered.
   * Thread-safe; a driver whose service entry cannot be loaded is skipped, since a connection
   * attempt that needs it reports the missing driver with the URL.
   */
  public static void register(ClassLoader loader) {
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

  private static boolean hasNext(Iterator<Driver> drivers) {
    try {
      return drivers.hasNext();
    } catch (ServiceConfigurationError e) {
      return false;
    }
  }
}
