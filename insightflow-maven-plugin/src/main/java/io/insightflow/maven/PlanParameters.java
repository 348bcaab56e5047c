package io.insightflow.maven;

import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The parameters of {@link PlanMojo}: one per key its {@link GoalKeys} name, named after
 * it ({@code insightflow.sync.threads} is {@code <syncThreads>}) and documented by its description.
 * Values are strings, which core parses naming the key; URLs, which may hold a password, are
 * injected unevaluated ({@link PlexusConfiguration}) so that {@code -X} shows only their expression.
 *
 * <p>Generated from the keys by {@code ParametersSourceTest}: do not edit; after changing keys,
 * copy {@code target/parameters/PlanParameters.java} over this file.
 */
public abstract class PlanParameters extends AbstractInsightflowMojo {

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
  /** {@code insightflow.target.url}: PostgreSQL JDBC URL of the sync target. Default {@code jdbc:postgresql://127.0.0.1:5432/postgres}. */
  @Parameter(property = "insightflow.target.url")
  PlexusConfiguration targetUrl;
  /** {@code insightflow.target.user}: PostgreSQL user. Default {@code postgres}. */
  @Parameter(property = "insightflow.target.user")
  String targetUser;
  /** {@code insightflow.target.schema}: PostgreSQL schema that receives the tables. Default {@code public}. */
  @Parameter(property = "insightflow.target.schema")
  String targetSchema;
  /** {@code insightflow.target.sslMode}: PostgreSQL sslmode: disable | allow | prefer | require | verify-ca | verify-full. */
  @Parameter(property = "insightflow.target.sslMode")
  String targetSslMode;
  /** {@code insightflow.target.iamRegion}: AWS RDS IAM authentication: sign tokens for this region with the default AWS credentials instead of a password (implies sslMode=require). */
  @Parameter(property = "insightflow.target.iamRegion")
  String targetIamRegion;
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
  /** {@code insightflow.sync.mode}: incremental | full | window. Default {@code incremental}. */
  @Parameter(property = "insightflow.sync.mode")
  String syncMode;
  /** {@code insightflow.sync.start}: Window start (inclusive), ISO-8601 instant from 0001-01-01T00:00:00Z; mode window only. */
  @Parameter(property = "insightflow.sync.start")
  String syncStart;
  /** {@code insightflow.sync.end}: Window end (exclusive), ISO-8601 instant up to 9999-12-31T23:59:59Z; mode window only. */
  @Parameter(property = "insightflow.sync.end")
  String syncEnd;
  /** {@code insightflow.sync.threads}: Parallel COPY connections; default the number of processors. */
  @Parameter(property = "insightflow.sync.threads")
  String syncThreads;
  /** {@code insightflow.sync.onError}: fail | reject. Default {@code fail}. */
  @Parameter(property = "insightflow.sync.onError")
  String syncOnError;
  /** {@code insightflow.sync.timeBudget}: Stop taking new objects after this long (e.g. 14m or PT14M); the next sync continues. */
  @Parameter(property = "insightflow.sync.timeBudget")
  String syncTimeBudget;
  /** {@code insightflow.sync.watermarkMargin}: Incremental listing starts this long before the watermark, to find runs that completed late. Default {@code 1h}. */
  @Parameter(property = "insightflow.sync.watermarkMargin")
  String syncWatermarkMargin;
  /** {@code insightflow.sync.reload}: Reload objects even when already loaded with the same content (replaces their rows): true | false; mode full or window only. Default {@code false}. */
  @Parameter(property = "insightflow.sync.reload")
  String syncReload;
  /** {@code insightflow.sync.retryTimeout}: How long sync retries when PostgreSQL refuses or cuts connections (restart, failover) before objects fail; 0 disables. Default {@code 60s}. */
  @Parameter(property = "insightflow.sync.retryTimeout")
  String syncRetryTimeout;
  /** {@code insightflow.sync.externalTables}: Comma-separated tables whose objects other writers deliver without manifests (Firehose, a Snowflake unload, dropped files): every object under the table's folder loads once by key and ETag, described by the folder's _schema.json or the existing target table. */
  @Parameter(property = "insightflow.sync.externalTables")
  String syncExternalTables;
  /** {@code insightflow.sync.writeMode}: What a table holds: append (every object adds its rows) | replace (the newest complete run of a snapshot table, swapped in atomically; not for external tables); per table as insightflow.sync.writeMode.&lt;table&gt; (INSIGHTFLOW_SYNC_WRITEMODE_&lt;TABLE&gt;). merge is not available yet. Default {@code append}. */
  @Parameter(property = "insightflow.sync.writeMode")
  String syncWriteMode;
  /** {@code insightflow.sync.unknownFields}: JSON-lines fields that are no column of the table: ignore | reject (the object fails). Default {@code ignore}. */
  @Parameter(property = "insightflow.sync.unknownFields")
  String syncUnknownFields;
  /** {@code insightflow.sync.maxInflation}: Most bytes a compressed lake object may decode to per stored byte (1 MiB always passes); beyond it the object fails as a compression bomb, nothing of it loaded. Default {@code 100}. */
  @Parameter(property = "insightflow.sync.maxInflation")
  String syncMaxInflation;
  /** {@code insightflow.sync.maxLineBytes}: Longest JSON line sync reads, in bytes (default 16 MiB); a longer line fails its object, which never grows memory beyond it. Default {@code 16777216}. */
  @Parameter(property = "insightflow.sync.maxLineBytes")
  String syncMaxLineBytes;
  /** {@code insightflow.plan.operation}: What plan dry-runs: ingest | sync. Default {@code ingest}. */
  @Parameter(property = "insightflow.plan.operation")
  String planOperation;
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
