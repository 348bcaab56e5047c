package io.insightflow.connect.postgres;

import static io.insightflow.config.InsightflowProperties.TARGET_IAM_REGION;
import static io.insightflow.config.InsightflowProperties.TARGET_PASSWORD;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;
import static io.insightflow.config.InsightflowProperties.TARGET_SSL_MODE;
import static io.insightflow.config.InsightflowProperties.TARGET_URL;
import static io.insightflow.config.InsightflowProperties.TARGET_USER;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Secrets;
import io.insightflow.config.OptionsBuilder;
import io.insightflow.sql.Identifiers;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * How to connect to the PostgreSQL sync target: JDBC URL, user, a password <em>or</em> an AWS RDS
 * IAM token provider, TLS mode and the target schema. Immutable and thread-safe; {@link #toString()}
 * never shows the password, and the password is only fetched from its supplier when connecting.
 *
 * <pre>{@code
 * PostgresConnectionOptions target = PostgresConnectionOptions.builder()
 *     .set(TARGET_URL, "jdbc:postgresql://127.0.0.1:5432/test").set(TARGET_USER, "postgres")
 *     .set(TARGET_SCHEMA, "analytics").build()
 *     .withPassword(() -> System.getenv("PGPASSWORD").toCharArray());
 * }</pre>
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/db} ({@code insightflow.target.url})
 * @param user the user name ({@code insightflow.target.user})
 * @param password the password source, or null for none: called once per new connection, it must return a
 *     fresh array, which is wiped after use. For RDS IAM authentication, an {@link RdsIamTokenProvider}
 * @param sslMode the TLS mode ({@code sslmode}): disable, allow, prefer, require, verify-ca or verify-full
 *     (RDS: verify-full); null keeps the URL's or driver's default
 * @param schema the target schema, created when absent ({@code insightflow.target.schema})
 */
@Evolving
public record PostgresConnectionOptions(String url, String user, Supplier<char[]> password, String sslMode,
    String schema) {

  /** Validates, naming the key at fault. */
  public PostgresConnectionOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(schema, "schema");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new InsightflowConfigException(TARGET_URL.name(),
          "Not a PostgreSQL JDBC URL: " + Secrets.mask(url) + "; use jdbc:postgresql://host:port/database");
    }
    Identifiers.validate(TARGET_SCHEMA.name(), schema);
  }

  /** A builder of options from the keys ({@link #fromProperties}); unset keys keep their defaults. */
  public static OptionsBuilder<PostgresConnectionOptions> builder() {
    return new OptionsBuilder<>(PostgresConnectionOptions::fromProperties);
  }

  /** These options with this password source (called once per new connection); null for none. */
  public PostgresConnectionOptions withPassword(Supplier<char[]> password) {
    return new PostgresConnectionOptions(url, user, password, sslMode, schema);
  }

  /**
   * Options from configuration keys ({@code insightflow.target.url/user/password/sslMode/iamRegion/schema});
   * the map is typically the result of {@link io.insightflow.config.InsightflowProperties#merge}.
   */
  public static PostgresConnectionOptions fromProperties(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    String url = TARGET_URL.value(properties);
    String user = TARGET_USER.value(properties);
    String secret = properties.get(TARGET_PASSWORD.name());
    char[] chars = secret == null ? null : secret.toCharArray();
    String sslMode = TARGET_SSL_MODE.value(properties);
    String iamRegion = TARGET_IAM_REGION.value(properties);
    if (iamRegion == null) {
      return new PostgresConnectionOptions(url, user, chars == null ? null : chars::clone, sslMode,
          TARGET_SCHEMA.value(properties));
    }
    if (secret != null) {
      throw new InsightflowConfigException(TARGET_IAM_REGION.name(),
          "RDS IAM authentication replaces the password: unset insightflow.target.password or this key");
    }
    return new PostgresConnectionOptions(url, user, RdsIamTokenProvider.forUrl(Region.of(iamRegion),
        DefaultCredentialsProvider.builder().build(), url, user),
        sslMode == null ? "require" : sslMode, // RDS accepts IAM tokens only over TLS
        TARGET_SCHEMA.value(properties));
  }

  /**
   * pgjdbc's driver, called directly rather than through {@code DriverManager}, which first loads
   * every driver on the class path (Snowflake's alone: ~900 classes, ~0.5 s of a fresh JVM) and
   * finds none when another class loader touched it first. The URL is a {@code jdbc:postgresql:} one.
   */
  private static final Driver DRIVER = new org.postgresql.Driver();

  /**
   * Opens a new connection with autocommit on; the caller closes it. The password (or IAM token) is
   * fetched now, passed to the driver and wiped from the local copy.
   *
   * @throws SQLException if the server refuses the connection; its messages and causes never hold a
   *     credential, even when the driver echoes the URL ({@link Secrets#scrub})
   */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (sslMode != null) {
      props.setProperty("sslmode", sslMode);
    }
    // COPY streams are large: let the driver stay out of the way of statement caching of COPY.
    props.setProperty("ApplicationName", "insightflow-sync");
    if (password != null) {
      char[] secret = password.get();
      try {
        props.setProperty("password", new String(secret));
      } finally {
        Arrays.fill(secret, '\0');
      }
    }
    try {
      Connection connection = DRIVER.connect(url, props);
      if (connection == null) {
        throw new SQLException("pgjdbc does not accept the URL " + Secrets.mask(url), "08001");
      }
      return connection;
    } catch (SQLException e) {
      if (Secrets.scrub(e) == e) {
        throw e;
      }
      SQLException masked = new SQLException(Secrets.mask(e.getMessage()), e.getSQLState(), e.getErrorCode(),
          Secrets.scrub(e.getCause()));
      masked.setStackTrace(e.getStackTrace());
      throw masked;
    }
  }

  /** Masks the URL's credentials and never shows the password. */
  @Override
  public String toString() {
    return "PostgresConnectionOptions[url=" + Secrets.mask(url) + ", user=" + user
        + ", password=" + (password == null ? "none" : "****") + ", sslMode=" + sslMode
        + ", schema=" + schema + "]";
  }
}
