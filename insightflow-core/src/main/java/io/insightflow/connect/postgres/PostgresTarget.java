package io.insightflow.connect.postgres;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.connect.jdbc.JdbcUrls;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import org.postgresql.Driver;

/**
 * How to reach the PostgreSQL sync target. Immutable and thread-safe; {@link #toString()} never
 * shows the password.
 */
public final class PostgresTarget {

  private final String url;
  private final String user;
  private final Supplier<String> password;

  private PostgresTarget(String url, String user, Supplier<String> password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /**
   * A target.
   *
   * @param password supplied on each connect, so it can come from a secret store or token
   *     generator; null for trust or certificate authentication
   */
  public static PostgresTarget of(String url, String user, Supplier<String> password) {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new InsightflowConfigException(InsightflowProperties.TARGET_URL.name(),
          "must be a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/postgres, got '"
              + JdbcUrls.mask(url) + "'");
    }
    return new PostgresTarget(url, user, password);
  }

  /** The target from {@code insightflow.target.url}, {@code .user} and {@code .password}. */
  public static PostgresTarget fromProperties(Map<String, String> p) {
    String password = p.get(InsightflowProperties.TARGET_PASSWORD.name());
    return of(p.getOrDefault(InsightflowProperties.TARGET_URL.name(), InsightflowProperties.TARGET_URL.defaultValue()),
        p.getOrDefault(InsightflowProperties.TARGET_USER.name(), InsightflowProperties.TARGET_USER.defaultValue()),
        password == null ? null : () -> password);
  }

  /**
   * Opens a connection with autocommit off; the caller closes it.
   *
   * @throws InsightflowConfigException naming {@code insightflow.target.url} when it fails
   */
  public Connection connect() {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password.get());
    }
    props.setProperty("ApplicationName", "insightflow-sync");
    try {
      // The driver is used directly: DriverManager may not see it from a Maven plugin class loader.
      Connection c = new Driver().connect(url, props);
      if (c == null) {
        throw new SQLException("URL not accepted by the PostgreSQL driver");
      }
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      throw new InsightflowConfigException(InsightflowProperties.TARGET_URL.name(), "Cannot connect to "
          + JdbcUrls.mask(url) + " as " + user + ": " + e.getMessage()
          + "; check insightflow.target.url, .user and .password", e);
    }
  }

  /** The URL with credentials masked, for messages. */
  public String describe() {
    return JdbcUrls.mask(url);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PostgresTarget other && url.equals(other.url) && Objects.equals(user, other.user)
        && Objects.equals(password, other.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, user, password);
  }

  @Override
  public String toString() {
    return "PostgresTarget[url=" + describe() + ", user=" + user + ", password="
        + (password == null ? "none" : "****") + "]";
  }
}
