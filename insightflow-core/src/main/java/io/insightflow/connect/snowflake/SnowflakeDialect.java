package io.insightflow.connect.snowflake;

import io.insightflow.api.Internal;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.connect.jdbc.SqlDialect;
import io.insightflow.connect.jdbc.JdbcSource;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.TableName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

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

  /**
   * The primary key by {@code SHOW PRIMARY KEYS IN TABLE <table>} ({@link #showPrimaryKeys}), whose
   * rows are the key's columns with their {@code key_sequence}. Snowflake does not enforce primary
   * keys: this is what the table declares. [#21]
   */
  @Override
  public List<String> primaryKey(JdbcSource source, TableName table) throws SQLException {
    try (Statement st = source.connection().createStatement();
        ResultSet rs = st.executeQuery(showPrimaryKeys(table))) {
      return keyColumns(rs);
    }
  }

  /** The statement listing the table's primary key columns. */
  String showPrimaryKeys(TableName table) {
    return "SHOW PRIMARY KEYS IN TABLE " + qualified(table);
  }

  /**
   * The key columns of a {@code SHOW PRIMARY KEYS} result in key order: {@code column_name} ordered
   * by {@code key_sequence} (the other columns, such as {@code created_on} and
   * {@code constraint_name}, are not needed). A table without a key has no rows.
   */
  static List<String> keyColumns(ResultSet rs) throws SQLException {
    int column = rs.findColumn("column_name");
    int sequence = rs.findColumn("key_sequence");
    Map<Integer, String> key = new TreeMap<>();
    while (rs.next()) {
      key.put(rs.getInt(sequence), rs.getString(column));
    }
    return new ArrayList<>(key.values());
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
