package io.insightflow.maven;

import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The parameters of {@link IngestMojo}: one per key its {@link GoalKeys} name, named after
 * it ({@code insightflow.sync.threads} is {@code <syncThreads>}) and documented by its description.
 * Values are strings, which core parses naming the key; URLs, which may hold a password, are
 * injected unevaluated ({@link PlexusConfiguration}) so that {@code -X} shows only their expression.
 *
 * <p>Generated from the keys by {@code ParametersSourceTest}: do not edit; after changing keys,
 * copy {@code target/parameters/IngestParameters.java} over this file.
 */
public abstract class IngestParameters extends AbstractInsightflowMojo {

  /** {@code insightflow.configFile}: Properties file with insightflow.* keys; its values rank below pom, environment and -D. */
  @Parameter(property = "insightflow.configFile")
  String configFile;
  /** {@code insightflow.lake}: Lake location: a directory, a file: URI or s3://bucket/prefix (never empty). Default {@code lake}. */
  @Parameter(property = "insightflow.lake")
  String lake;
  /** {@code insightflow.s3.endpoint}: S3 endpoint override for S3-compatible servers, e.g. http://127.0.0.1:9000. */
  @Parameter(property = "insightflow.s3.endpoint")
  PlexusConfiguration s3Endpoint;
  /** {@code insightflow.s3.region}: S3 region. Default {@code us-east-1}. */
  @Parameter(property = "insightflow.s3.region")
  String s3Region;
  /** {@code insightflow.s3.pathStyle}: Use path-style S3 requests (needed by most S3-compatible servers): true | false. Default {@code false}. */
  @Parameter(property = "insightflow.s3.pathStyle")
  String s3PathStyle;
  /** {@code insightflow.s3.connectTimeout}: TCP connect timeout of each S3 request. Default {@code 3s}. */
  @Parameter(property = "insightflow.s3.connectTimeout")
  String s3ConnectTimeout;
  /** {@code insightflow.s3.socketTimeout}: Longest wait for the next bytes of an S3 response; a stalled download is then resumed. Default {@code 60s}. */
  @Parameter(property = "insightflow.s3.socketTimeout")
  String s3SocketTimeout;
  /** {@code insightflow.s3.maxAttempts}: Attempts per S3 request, the first included (downloads that break off are resumed on top of these). Default {@code 3}. */
  @Parameter(property = "insightflow.s3.maxAttempts")
  String s3MaxAttempts;
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
  /** {@code insightflow.ingest.batchSize}: Rows per lake part. Default {@code 1000000}. */
  @Parameter(property = "insightflow.ingest.batchSize")
  String ingestBatchSize;
  /** {@code insightflow.ingest.triggerTime}: ISO-8601 instant of the run (the partition timestamp), from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z; default now. */
  @Parameter(property = "insightflow.ingest.triggerTime")
  String ingestTriggerTime;
  /** {@code insightflow.ingest.template}: Partition path template of batch ingest. Default {@code data/batch/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}}. */
  @Parameter(property = "insightflow.ingest.template")
  String ingestTemplate;
  /** {@code insightflow.ingest.fetchSize}: JDBC fetch size when rows are streamed through the driver. Default {@code 10000}. */
  @Parameter(property = "insightflow.ingest.fetchSize")
  String ingestFetchSize;
  /** {@code insightflow.ingest.readers}: Connections reading one table at once, in block ranges of one snapshot, where the source can (PostgreSQL 14+); default the number of processors, at least 2 and at most 4; 1 reads each table with one query. */
  @Parameter(property = "insightflow.ingest.readers")
  String ingestReaders;
  /** {@code insightflow.ingest.timeBudget}: Stop between parts after this long (e.g. 14m); the next run with the same trigger time continues. */
  @Parameter(property = "insightflow.ingest.timeBudget")
  String ingestTimeBudget;
  /** {@code insightflow.ingest.compression}: Compression of lake parts: none | gzip (.csv.gz; manifest checksums cover the stored bytes). Default {@code none}. */
  @Parameter(property = "insightflow.ingest.compression")
  String ingestCompression;
  /** {@code insightflow.ingest.sink}: Where ingest writes: the name of a sink connector (lake, or one a connector jar adds). Default {@code lake}. */
  @Parameter(property = "insightflow.ingest.sink")
  String ingestSink;
  /** {@code insightflow.catalog.glue.database}: Register every ingested run and stream flush in this AWS Glue database (table if absent, new partitions); off when unset. */
  @Parameter(property = "insightflow.catalog.glue.database")
  String catalogGlueDatabase;
  /** {@code insightflow.catalog.glue.region}: Region of the Glue catalog; default insightflow.s3.region. */
  @Parameter(property = "insightflow.catalog.glue.region")
  String catalogGlueRegion;
  /** {@code insightflow.catalog.glue.endpoint}: Glue endpoint override, e.g. http://127.0.0.1:5000 for a local server; default AWS. */
  @Parameter(property = "insightflow.catalog.glue.endpoint")
  PlexusConfiguration catalogGlueEndpoint;
  /** {@code insightflow.skip}: Skip the goal: true | false. Default {@code false}. */
  @Parameter(property = "insightflow.skip")
  String skip;
}
