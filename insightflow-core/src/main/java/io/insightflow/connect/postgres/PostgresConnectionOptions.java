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
import io.insightflow.sql.Identifiers;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
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
 *     .url("jdbc:postgresql://127.0.0.1:5432/test").user("postgres")
 *     .password(() -> System.getenv("PGPASSWORD").toCharArray())
 *     .schema("analytics").build();
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

  // A list, not a set: the error message lists the modes in this order on every run.
  private static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /** Validates, naming the key at fault. */
  public PostgresConnectionOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(schema, "schema");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new InsightflowConfigException(TARGET_URL.name(),
          "Not a PostgreSQL JDBC URL: " + Secrets.mask(url) + "; use jdbc:postgresql://host:port/database");
    }
    if (sslMode != null && !SSL_MODES.contains(sslMode)) {
      throw new InsightflowConfigException(TARGET_SSL_MODE.name(),
          "Unknown sslmode '" + sslMode + "'; use one of " + SSL_MODES);
    }
    Identifiers.validate(TARGET_SCHEMA.name(), schema);
  }

  /** A builder with the defaults of the {@code insightflow.target.*} keys. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from configuration keys ({@code insightflow.target.url/user/password/sslMode/iamRegion/schema});
   * the map is typically the result of {@link io.insightflow.config.InsightflowProperties#merge}.
   */
  public static PostgresConnectionOptions fromProperties(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Builder b = builder().url(TARGET_URL.value(properties)).user(TARGET_USER.value(properties))
        .schema(TARGET_SCHEMA.value(properties));
    String secret = properties.get(TARGET_PASSWORD.name());
    if (secret != null) {
      char[] chars = secret.toCharArray();
      b.password(() -> chars.clone());
    }
    String sslMode = TARGET_SSL_MODE.value(properties);
    b.sslMode(sslMode);
    String iamRegion = TARGET_IAM_REGION.value(properties);
    if (iamRegion != null) {
      if (secret != null) {
        throw new InsightflowConfigException(TARGET_IAM_REGION.name(),
            "RDS IAM authentication replaces the password: unset insightflow.target.password or this key");
      }
      b.password(RdsIamTokenProvider.forUrl(Region.of(iamRegion), DefaultCredentialsProvider.builder().build(),
          TARGET_URL.value(properties), TARGET_USER.value(properties)));
      if (sslMode == null) {
        b.sslMode("require"); // RDS accepts IAM tokens only over TLS
      }
    }
    return b.build();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return builder().url(url).user(user).password(password).sslMode(sslMode).schema(schema);
  }

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
      return DriverManager.getConnection(url, props);
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

  /** Builder; {@link #build()} validates. Not thread-safe. Setters are named after the options. */
  public static final class Builder {
    private String url = TARGET_URL.defaultValue();
    private String user = TARGET_USER.defaultValue();
    private Supplier<char[]> password;
    private String sslMode;
    private String schema = TARGET_SCHEMA.defaultValue();

    private Builder() {}

    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The password source, called once per new connection; null for none. */
    public Builder password(Supplier<char[]> password) {
      this.password = password;
      return this;
    }

    /** A fixed password; the array is copied. */
    public Builder password(char[] password) {
      char[] copy = Objects.requireNonNull(password, "password").clone();
      this.password = copy::clone;
      return this;
    }

    public Builder sslMode(String sslMode) {
      this.sslMode = sslMode;
      return this;
    }

    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InsightflowConfigException naming the offending key
     */
    public PostgresConnectionOptions build() {
      return new PostgresConnectionOptions(url, user, password, sslMode, schema);
    }
  }
}
