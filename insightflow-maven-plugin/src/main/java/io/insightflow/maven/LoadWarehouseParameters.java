package io.insightflow.maven;

import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The parameters of {@link LoadWarehouseMojo}: one per key its {@link GoalKeys} name, named after
 * it ({@code insightflow.sync.threads} is {@code <syncThreads>}) and documented by its description.
 * Values are strings, which core parses naming the key; URLs, which may hold a password, are
 * injected unevaluated ({@link PlexusConfiguration}) so that {@code -X} shows only their expression.
 *
 * <p>Generated from the keys by {@code ParametersSourceTest}: do not edit; after changing keys,
 * copy {@code target/parameters/LoadWarehouseParameters.java} over this file.
 */
public abstract class LoadWarehouseParameters extends AbstractInsightflowMojo {

  /** {@code insightflow.configFile}: Properties file with insightflow.* keys; its values rank below pom, environment and -D. */
  @Parameter(property = "insightflow.configFile")
  String configFile;
  /** {@code insightflow.source.url}: Warehouse JDBC URL (DuckDB, PostgreSQL, Snowflake or any JDBC driver on the class path). Default {@code jdbc:duckdb:warehouse.duckdb}. */
  @Parameter(property = "insightflow.source.url")
  PlexusConfiguration sourceUrl;
  /** {@code insightflow.source.user}: Warehouse user. */
  @Parameter(property = "insightflow.source.user")
  String sourceUser;
  /** {@code insightflow.source.privateKeyFile}: Snowflake key-pair authentication: PKCS#8 private key file. */
  @Parameter(property = "insightflow.source.privateKeyFile")
  String sourcePrivateKeyFile;
  /** {@code insightflow.tables}: Comma-separated table names. */
  @Parameter(property = "insightflow.tables")
  String tables;
  /** {@code insightflow.load.dir}: Directory of CSV files to load into the warehouse. Default {@code data/generated}. */
  @Parameter(property = "insightflow.load.dir")
  String loadDir;
  /** {@code insightflow.load.schema}: Schema that load-warehouse fills when the warehouse is PostgreSQL. Default {@code public}. */
  @Parameter(property = "insightflow.load.schema")
  String loadSchema;
  /** {@code insightflow.skip}: Skip the goal: true | false. Default {@code false}. */
  @Parameter(property = "insightflow.skip")
  String skip;
}
