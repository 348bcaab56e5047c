package io.insightflow.examples.mariadb;

import io.insightflow.config.ConfigKey;
import io.insightflow.connect.jdbc.ColumnTypes;
import io.insightflow.connect.jdbc.SqlDialect;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.SourceConfig;
import io.insightflow.sql.Identifiers;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * MariaDB and MySQL as an insightflow source, plugged in from this jar alone: the class is listed in
 * {@code META-INF/services/io.insightflow.spi.SourceProvider}, so
 * {@code insightflow.source.url=jdbc:mariadb://host:3306/db} (or {@code jdbc:mysql:}) reads with it.
 * Everything else (chunking, resume, CSV encoding, the lake, sync) is core's.
 *
 * <ul>
 *   <li>Identifiers are quoted with backticks, as MySQL needs without ANSI_QUOTES.
 *   <li>Results stream: Connector/J 3 fetches {@code fetchSize} rows at a time instead of loading
 *       the whole result into memory, which is its default.
 *   <li>Types map onto PostgreSQL's: {@code TINYINT(1)} is boolean, unsigned integers widen so no
 *       value overflows, {@code YEAR} is smallint, {@code DATETIME} timestamp, {@code JSON}, {@code ENUM}
 *       and {@code SET} text.
 *   <li>Its own setting, {@link #CONNECT_TIMEOUT}, is declared in {@link #configKeys()}: it is set like
 *       core's keys ({@code -D}, pom, file, {@code INSIGHTFLOW_SOURCE_MARIADB_CONNECTTIMEOUT}) and a typo
 *       in it fails naming the nearest key.
 * </ul>
 */
public final class MariaDbDialect implements SqlDialect {

  /** How long connecting may take: Connector/J's {@code connectTimeout}. */
  public static final ConfigKey<Duration> CONNECT_TIMEOUT = ConfigKey.key("insightflow.source.mariadb.connectTimeout")
      .durationType().defaultValue(Duration.ofSeconds(10))
      .description("MariaDB/MySQL source: how long connecting may take before it fails, e.g. 5s");

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(CONNECT_TIMEOUT);
  }

  @Override
  public Properties connectionProperties(SourceConfig config) {
    Properties props = SqlDialect.super.connectionProperties(config);
    props.setProperty("connectTimeout", String.valueOf(config.setting(CONNECT_TIMEOUT).toMillis()));
    return props;
  }

  @Override
  public String name() {
    return "mariadb";
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
  }

  @Override
  public Optional<String> driverCoordinates() {
    return Optional.of("org.mariadb.jdbc:mariadb-java-client");
  }

  @Override
  public String quote(String identifier) {
    return Identifiers.quote(identifier, '`');
  }

  @Override
  public void configure(Statement statement, int fetchSize) throws SQLException {
    statement.setFetchSize(fetchSize);
  }

  @Override
  public List<RunManifest.Column> columns(ResultSetMetaData meta) throws SQLException {
    List<RunManifest.Column> columns = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String typeName = meta.getColumnTypeName(i).toUpperCase(Locale.ROOT);
      columns.add(new RunManifest.Column(meta.getColumnLabel(i), portable(meta, i, typeName), typeName,
          meta.isNullable(i) != ResultSetMetaData.columnNoNulls));
    }
    return columns;
  }

  private static String portable(ResultSetMetaData meta, int i, String typeName) throws SQLException {
    boolean unsigned = !meta.isSigned(i) || typeName.contains("UNSIGNED");
    int type = meta.getColumnType(i);
    if (typeName.startsWith("YEAR")) {
      return "smallint";
    }
    if (typeName.startsWith("JSON") || typeName.startsWith("ENUM") || typeName.startsWith("SET")) {
      return "text";
    }
    if ((type == Types.BIT || type == Types.BOOLEAN) && meta.getPrecision(i) <= 1) {
      return "boolean";
    }
    if (unsigned) {
      switch (type) {
        case Types.TINYINT:
          return "smallint";
        case Types.SMALLINT:
        case Types.INTEGER:
          return typeName.startsWith("INT") ? "bigint" : "integer"; // MEDIUMINT UNSIGNED fits integer
        case Types.BIGINT:
          return "numeric(20,0)";
        default:
          break;
      }
    }
    return ColumnTypes.portable(type, meta.getPrecision(i), meta.getScale(i), typeName);
  }
}
