package io.insightflow.maven;

import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The parameters of {@link PublishMojo}: one per key its {@link GoalKeys} name, named after
 * it ({@code insightflow.sync.threads} is {@code <syncThreads>}) and documented by its description.
 * Values are strings, which core parses naming the key; URLs, which may hold a password, are
 * injected unevaluated ({@link PlexusConfiguration}) so that {@code -X} shows only their expression.
 *
 * <p>Generated from the keys by {@code ParametersSourceTest}: do not edit; after changing keys,
 * copy {@code target/parameters/PublishParameters.java} over this file.
 */
public abstract class PublishParameters extends AbstractInsightflowMojo {

  /** {@code insightflow.configFile}: Properties file with insightflow.* keys; its values rank below pom, environment and -D. */
  @Parameter(property = "insightflow.configFile")
  String configFile;
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
  /** {@code insightflow.publish.count}: Events to publish. Default {@code 1000}. */
  @Parameter(property = "insightflow.publish.count")
  String publishCount;
  /** {@code insightflow.publish.rate}: Events per second; 0 publishes as fast as the stream accepts. Default {@code 0}. */
  @Parameter(property = "insightflow.publish.rate")
  String publishRate;
  /** {@code insightflow.publish.seed}: Seed of the generated events; the same seed and index give the same event. Default {@code 42}. */
  @Parameter(property = "insightflow.publish.seed")
  String publishSeed;
  /** {@code insightflow.publish.from}: Index of the first generated event (its order_id is from + 1). Default {@code 0}. */
  @Parameter(property = "insightflow.publish.from")
  String publishFrom;
  /** {@code insightflow.publish.maxBatchRecords}: Records per PutRecords request, 1-500. Default {@code 500}. */
  @Parameter(property = "insightflow.publish.maxBatchRecords")
  String publishMaxBatchRecords;
  /** {@code insightflow.publish.maxBatchBytes}: Bytes (data and partition keys) per PutRecords request, 1-5 MiB. Default {@code 5242880}. */
  @Parameter(property = "insightflow.publish.maxBatchBytes")
  String publishMaxBatchBytes;
  /** {@code insightflow.publish.maxAttempts}: Attempts per batch; only the entries Kinesis refused are sent again. Default {@code 10}. */
  @Parameter(property = "insightflow.publish.maxAttempts")
  String publishMaxAttempts;
  /** {@code insightflow.skip}: Skip the goal: true | false. Default {@code false}. */
  @Parameter(property = "insightflow.skip")
  String skip;
}
