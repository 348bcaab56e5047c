package io.insightflow.connect.snowflake;

import io.insightflow.api.Internal;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.connect.jdbc.SqlDialect;
import io.insightflow.spi.SourceConfig;
import java.util.Optional;
import java.util.Properties;

/**
 * Snowflake over JDBC. Rows stream through the driver (the portable exporter) with bounded result
 * prefetch; {@link SnowflakeUnload} generates the server-side alternative that unloads straight to
 * a stage. Authentication is by password or by key pair ({@code insightflow.source.privateKeyFile}).
 */
@Internal
public final class SnowflakeDialect implements SqlDialect {

  /** Result chunks fetched ahead by the driver; with the chunk size below this bounds its memory. */
  static final String PREFETCH_THREADS = "2";
  /** Size of one result chunk in MB. */
  static final String RESULT_CHUNK_SIZE_MB = "16";
  /** Upper bound of the driver's result memory in MB. */
  static final String MEMORY_LIMIT_MB = "256";

  @Override
  public String name() {
    return "snowflake";
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("jdbc:snowflake:");
  }

  /**
   * Validated identifiers stay unquoted, so Snowflake folds them to upper case as users expect
   * ({@code orders} finds {@code ORDERS}); validation already rules out anything but letters,
   * digits and {@code _}.
   */
  @Override
  public String quote(String identifier) {
    return identifier;
  }

  @Override
  public Optional<String> driverCoordinates() {
    return Optional.of("net.snowflake:snowflake-jdbc");
  }

  @Override
  public Properties connectionProperties(SourceConfig config) {
    Properties props = new Properties();
    config.userName().ifPresent(u -> props.setProperty("user", u));
    String privateKeyFile = config.setting(InsightflowProperties.SOURCE_PRIVATE_KEY_FILE);
    if (privateKeyFile != null) {
      props.setProperty("authenticator", "SNOWFLAKE_JWT");
      props.setProperty("private_key_file", privateKeyFile);
      config.passwordSupplier().ifPresent(p -> props.setProperty("private_key_file_pwd", p.get()));
    } else {
      config.passwordSupplier().ifPresent(p -> props.setProperty("password", p.get()));
    }
    props.setProperty("CLIENT_PREFETCH_THREADS", PREFETCH_THREADS);
    props.setProperty("CLIENT_RESULT_CHUNK_SIZE", RESULT_CHUNK_SIZE_MB);
    props.setProperty("CLIENT_MEMORY_LIMIT", MEMORY_LIMIT_MB);
    // Arrow results need --add-opens on Java 17; JSON results work everywhere.
    props.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
    props.setProperty("application", "insightflow");
    return props;
  }
}
