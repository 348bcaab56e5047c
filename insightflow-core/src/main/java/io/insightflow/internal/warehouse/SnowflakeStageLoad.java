package io.insightflow.internal.warehouse;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Snowflake load of the original pipeline: {@code PUT} each local CSV file onto an internal
 * stage (gzip-compressed by the client), then {@code COPY INTO} the table from the staged file.
 * It only builds the SQL unless {@link #execute} is given a Snowflake connection (no Snowflake is
 * reachable from the tests; the statements are unit-tested as text).
 *
 * <p>For {@code stage("LAKE_STAGE").prefix("instacart")}, database {@code analytics}, schema
 * {@code raw} and {@code /data/orders.csv}:
 *
 * <pre>
 * PUT 'file:///data/orders.csv' &#64;LAKE_STAGE/instacart AUTO_COMPRESS=TRUE OVERWRITE=TRUE
 * COPY INTO "ANALYTICS"."RAW"."ORDERS" FROM &#64;LAKE_STAGE/instacart/orders.csv.gz FILE_FORMAT = (TYPE = CSV
 *   SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '"' NULL_IF = ('') EMPTY_FIELD_AS_NULL = TRUE)
 *   ON_ERROR = ABORT_STATEMENT
 * </pre>
 * (the COPY statement is one line).
 *
 * <p>Identifier rules: database, schema and table names must be valid unquoted Snowflake identifiers
 * ({@code [A-Za-z_][A-Za-z0-9_$]*}, at most 255 characters). Snowflake resolves unquoted names in
 * upper case, so they are emitted upper-cased inside double quotes: the same objects the original
 * unquoted SQL addressed, and safe even for reserved words. The stage name (optionally qualified,
 * {@code db.schema.stage}), the prefix and the staged file name are emitted unquoted, as PUT and
 * stage paths expect, and are therefore restricted to characters that need no quoting. The local
 * file path is a string literal, escaped with Snowflake's rules (quote doubled, backslash doubled).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SnowflakeStageLoad {

  private static final Logger LOG = LoggerFactory.getLogger(SnowflakeStageLoad.class);
  // Set through the builder only (no configuration key reads them): errors name the builder property.
  private static final String DATABASE_KEY = "SnowflakeStageLoad.database";
  private static final String SCHEMA_KEY = "SnowflakeStageLoad.schema";
  private static final String STAGE_KEY = "SnowflakeStageLoad.stage";
  private static final String PREFIX_KEY = "SnowflakeStageLoad.prefix";
  private static final int MAX_IDENTIFIER = 255;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
  private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_=\\-]+(\\.[A-Za-z0-9_=\\-]+)*");
  private static final String FILE_FORMAT = "FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1"
      + " FIELD_OPTIONALLY_ENCLOSED_BY = '\"' NULL_IF = ('') EMPTY_FIELD_AS_NULL = TRUE)"
      + " ON_ERROR = ABORT_STATEMENT";

  private final String database;
  private final String schema;
  private final String stage;
  private final String prefix;

  private SnowflakeStageLoad(String database, String schema, String stage, String prefix) {
    this.database = database;
    this.schema = schema;
    this.stage = stage;
    this.prefix = prefix;
  }

  /** A builder; database, schema and stage are required, the prefix is optional. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The PUT statement that uploads {@code file} to the stage location.
   *
   * @param file a local CSV file; made absolute
   * @return for example {@code PUT 'file:///data/orders.csv' @STAGE/prefix AUTO_COMPRESS=TRUE OVERWRITE=TRUE}
   * @throws InsightflowConfigException when the file name needs quoting on a stage path
   */
  public String putStatement(Path file) {
    Objects.requireNonNull(file, "file");
    stagedName(file);
    String path = file.toAbsolutePath().normalize().toString();
    // Snowflake's PUT wants forward slashes even on Windows; elsewhere '\\' is part of a name.
    String uri = "file://" + (File.separatorChar == '\\' ? path.replace('\\', '/') : path);
    return "PUT " + literal(uri) + " " + location() + " AUTO_COMPRESS=TRUE OVERWRITE=TRUE";
  }

  /**
   * The COPY INTO statement that loads the staged, compressed copy of {@code file} into {@code table}.
   *
   * @param table the target table; an unquoted Snowflake identifier
   * @param file the local file that {@link #putStatement} uploaded
   * @return the statement
   * @throws InsightflowConfigException when the table or file name is not valid
   */
  public String copyStatement(String table, Path file) {
    Objects.requireNonNull(file, "file");
    String target = quoted(CsvFiles.TABLE_KEY, table);
    return "COPY INTO " + quoted(DATABASE_KEY, database) + "." + quoted(SCHEMA_KEY, schema) + "." + target
        + " FROM " + location() + "/" + stagedName(file) + " " + FILE_FORMAT;
  }

  /**
   * The PUT and COPY INTO statements for each table, in the map's order (PUT, COPY, PUT, COPY ...).
   * All names are validated before any statement is returned.
   *
   * @param files table name → local CSV file
   * @return the statements, without trailing semicolons
   */
  public List<String> statements(Map<String, Path> files) {
    Objects.requireNonNull(files, "files");
    List<String> sql = new ArrayList<>();
    files.forEach((table, file) -> {
      sql.add(putStatement(file));
      sql.add(copyStatement(table, file));
    });
    return List.copyOf(sql);
  }

  /**
   * Runs {@link #statements} on a Snowflake connection, one statement at a time, in the order given.
   * Blocks; the caller owns and closes the connection.
   *
   * @param connection an open Snowflake JDBC connection
   * @param files table name → local CSV file
   * @throws InsightflowException naming the table when a statement fails; earlier tables stay loaded
   */
  public void execute(Connection connection, Map<String, Path> files) {
    Objects.requireNonNull(connection, "connection");
    List<String> sql = statements(files);
    List<String> tables = List.copyOf(files.keySet());
    try (Statement st = connection.createStatement()) {
      for (int i = 0; i < sql.size(); i++) {
        String table = tables.get(i / 2);
        long start = System.nanoTime();
        try {
          st.execute(sql.get(i));
        } catch (SQLException e) {
          throw new InsightflowException("Snowflake " + (i % 2 == 0 ? "PUT" : "COPY INTO") + " for table "
              + table + " failed: " + e.getMessage(), e);
        }
        LOG.info("warehouse=snowflake table={} step={} ms={}", table, i % 2 == 0 ? "put" : "copy",
            (System.nanoTime() - start) / 1_000_000);
      }
    } catch (SQLException e) {
      throw new InsightflowException("Cannot create a Snowflake statement: " + e.getMessage(), e);
    }
  }

  private String location() {
    return "@" + stage + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The staged file name: AUTO_COMPRESS appends .gz unless the file is already gzip. */
  private static String stagedName(Path file) {
    String name = file.getFileName().toString();
    if (!PATH_SEGMENT.matcher(name).matches()) {
      throw new InsightflowConfigException(CsvFiles.DIR_KEY, "file name '" + name + "' of " + file
          + " cannot be used on a stage path: use letters, digits, '_', '-', '=' and '.'");
    }
    return name.endsWith(".gz") ? name : name + ".gz";
  }

  private static String quoted(String key, String name) {
    validIdentifier(key, name);
    return '"' + name.toUpperCase(Locale.ROOT) + '"';
  }

  private static void validIdentifier(String key, String name) {
    if (name == null || name.length() > MAX_IDENTIFIER || !IDENTIFIER.matcher(name).matches()) {
      throw new InsightflowConfigException(key, "'" + name + "' is not a valid unquoted Snowflake"
          + " identifier: use letters, digits, '_' and '$', start with a letter or '_', at most "
          + MAX_IDENTIFIER + " characters");
    }
  }

  /** A Snowflake string literal: backslash is an escape character there, so it is doubled too. */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  @Override
  public String toString() {
    return "SnowflakeStageLoad{database=" + database + ", schema=" + schema + ", location=" + location()
        + "}";
  }

  /** Builder of {@link SnowflakeStageLoad}; {@link #build()} validates every name. */
  public static final class Builder {
    private String database;
    private String schema;
    private String stage;
    private String prefix = "";

    private Builder() {}

    /** Target database (required), such as {@code ANALYTICS}. */
    public Builder database(String database) {
      this.database = database;
      return this;
    }

    /** Target schema (required), such as {@code RAW}. */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /** Internal stage (required), such as {@code LAKE_STAGE} or {@code DB.SCHEMA.LAKE_STAGE}. */
    public Builder stage(String stage) {
      this.stage = stage;
      return this;
    }

    /**
     * Path inside the stage (optional), such as {@code instacart/2024-05-01}; leading and trailing
     * slashes are ignored.
     */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InsightflowConfigException naming the key when a name is missing or not valid
     */
    public SnowflakeStageLoad build() {
      validIdentifier(DATABASE_KEY, database);
      validIdentifier(SCHEMA_KEY, schema);
      if (stage == null) {
        throw new InsightflowConfigException(STAGE_KEY, "no stage set");
      }
      for (String part : stage.split("\\.", -1)) {
        validIdentifier(STAGE_KEY, part);
      }
      String path = prefix.replaceAll("^/+|/+$", "");
      if (!path.isEmpty()) {
        for (String segment : path.split("/", -1)) {
          if (!PATH_SEGMENT.matcher(segment).matches()) {
            throw new InsightflowConfigException(PREFIX_KEY, "'" + prefix + "' is not a valid stage"
                + " path: use segments of letters, digits, '_', '-', '=' and '.', separated by '/'");
          }
        }
      }
      return new SnowflakeStageLoad(database, schema, stage, path);
    }
  }
}
