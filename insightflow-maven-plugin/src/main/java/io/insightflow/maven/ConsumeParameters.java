package io.insightflow.maven;

import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The parameters of {@link ConsumeMojo}: one per key its {@link GoalKeys} name, named after
 * it ({@code insightflow.sync.threads} is {@code <syncThreads>}) and documented by its description.
 * Values are strings, which core parses naming the key; URLs, which may hold a password, are
 * injected unevaluated ({@link PlexusConfiguration}) so that {@code -X} shows only their expression.
 *
 * <p>Generated from the keys by {@code ParametersSourceTest}: do not edit; after changing keys,
 * copy {@code target/parameters/ConsumeParameters.java} over this file.
 */
public abstract class ConsumeParameters extends AbstractInsightflowMojo {

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
  /** {@code insightflow.tables}: Comma-separated table names. */
  @Parameter(property = "insightflow.tables")
  String tables;
  /** {@code insightflow.kinesis.endpoint}: Kinesis endpoint override, e.g. http://127.0.0.1:4568 for an emulator; default AWS. */
  @Parameter(property = "insightflow.kinesis.endpoint")
  PlexusConfiguration kinesisEndpoint;
  /** {@code insightflow.kinesis.region}: Kinesis region. Default {@code us-east-1}. */
  @Parameter(property = "insightflow.kinesis.region")
  String kinesisRegion;
  /** {@code insightflow.kinesis.cborEnabled}: Whether the Kinesis client uses CBOR: true | false; false for emulators that only speak JSON (JVM-wide). Default {@code true}. */
  @Parameter(property = "insightflow.kinesis.cborEnabled")
  String kinesisCborEnabled;
  /** {@code insightflow.kinesis.apiCallTimeout}: Upper bound of one Kinesis API call, retries included. Default {@code 60s}. */
  @Parameter(property = "insightflow.kinesis.apiCallTimeout")
  String kinesisApiCallTimeout;
  /** {@code insightflow.stream.name}: Kinesis stream name (publish and consume). */
  @Parameter(property = "insightflow.stream.name")
  String streamName;
  /** {@code insightflow.stream.table}: Target table named in the manifests of consumed objects; default the stream name. */
  @Parameter(property = "insightflow.stream.table")
  String streamTable;
  /** {@code insightflow.consume.flushRecords}: Records per lake object (per shard). Default {@code 100000}. */
  @Parameter(property = "insightflow.consume.flushRecords")
  String consumeFlushRecords;
  /** {@code insightflow.consume.flushBytes}: Payload bytes per lake object (per shard). Default {@code 67108864}. */
  @Parameter(property = "insightflow.consume.flushBytes")
  String consumeFlushBytes;
  /** {@code insightflow.consume.flushInterval}: Age after which a shard's buffer is written even if no more records arrive. Default {@code 60s}. */
  @Parameter(property = "insightflow.consume.flushInterval")
  String consumeFlushInterval;
  /** {@code insightflow.consume.maxRecords}: Stop after reading this many records; default run until stopped. */
  @Parameter(property = "insightflow.consume.maxRecords")
  String consumeMaxRecords;
  /** {@code insightflow.consume.idleTimeout}: Stop after no record arrived for this long, e.g. 30s; default run until stopped. */
  @Parameter(property = "insightflow.consume.idleTimeout")
  String consumeIdleTimeout;
  /** {@code insightflow.consume.pollInterval}: Wait between reads of a shard that had no new records. Default {@code 1s}. */
  @Parameter(property = "insightflow.consume.pollInterval")
  String consumePollInterval;
  /** {@code insightflow.consume.getRecordsLimit}: Records per GetRecords call, 1-10000. Default {@code 10000}. */
  @Parameter(property = "insightflow.consume.getRecordsLimit")
  String consumeGetRecordsLimit;
  /** {@code insightflow.consume.minGetRecordsInterval}: Shortest time between two GetRecords calls on one shard (Kinesis allows 5 per second). Default {@code 200ms}. */
  @Parameter(property = "insightflow.consume.minGetRecordsInterval")
  String consumeMinGetRecordsInterval;
  /** {@code insightflow.consume.shardRefreshInterval}: How often the consumer lists the shards again, to follow splits and merges. Default {@code 30s}. */
  @Parameter(property = "insightflow.consume.shardRefreshInterval")
  String consumeShardRefreshInterval;
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
