package io.insightflow.config;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Printable;
import io.insightflow.api.Secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Every configuration key, defined once. Java and Maven use the dotted names
 * ({@code insightflow.sync.threads}); the environment (Lambda) uses the upper-case form
 * ({@code INSIGHTFLOW_SYNC_THREADS}).
 *
 * <p>Precedence, lowest first: built-in defaults &lt; configuration file ({@code insightflow.configFile})
 * &lt; pom {@code <configuration>} &lt; environment ({@code INSIGHTFLOW_*}) &lt; {@code -D} properties.
 * The environment ranks above the pom because it belongs to the run (CI, a Lambda) while the pom is
 * shared; {@code -D} is what a user typed for this very run. {@link #merge} applies the order.
 *
 * <p>Durations ({@code insightflow.consume.*}) are ISO-8601 ({@code PT1M}) or a whole number with a
 * unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} ({@link #parseDuration}). Booleans are
 * {@code true} or {@code false} in any case, nothing else ({@link #booleanValue}).
 */
@Evolving
public final class InsightflowProperties {

  /**
   * A configuration key.
   *
   * @param name dotted name
   * @param defaultValue default, or null when the key has none
   * @param secret whether the value must never be printed
   * @param description one line for users
   */
  public record Key(String name, String defaultValue, boolean secret, String description) {

    /** The environment-variable form of this key. */
    public String envName() {
      return InsightflowProperties.envName(name);
    }
  }

  public static final Key CONFIG_FILE = key("insightflow.configFile", null,
      "Properties file with insightflow.* keys; its values rank below pom, environment and -D");
  public static final Key LAKE = key("insightflow.lake", "lake",
      "Lake location: a directory, a file: URI or s3://bucket/prefix (never empty)");
  public static final Key S3_ENDPOINT = key("insightflow.s3.endpoint", null,
      "S3 endpoint override for S3-compatible servers, e.g. http://127.0.0.1:9000");
  public static final Key S3_REGION = key("insightflow.s3.region", "us-east-1", "S3 region");
  public static final Key S3_PATH_STYLE = key("insightflow.s3.pathStyle", "false",
      "Use path-style S3 requests (needed by most S3-compatible servers): true | false");
  public static final Key S3_CONNECT_TIMEOUT = key("insightflow.s3.connectTimeout", "3s",
      "TCP connect timeout of each S3 request");
  public static final Key S3_SOCKET_TIMEOUT = key("insightflow.s3.socketTimeout", "60s",
      "Longest wait for the next bytes of an S3 response; a stalled download is then resumed");
  public static final Key S3_MAX_ATTEMPTS = key("insightflow.s3.maxAttempts", "3",
      "Attempts per S3 request, the first included (downloads that break off are resumed on top of these)");
  public static final Key SOURCE_URL = key("insightflow.source.url", "jdbc:duckdb:warehouse.duckdb",
      "Warehouse JDBC URL (DuckDB, PostgreSQL, Snowflake or any JDBC driver on the class path)");
  public static final Key SOURCE_USER = key("insightflow.source.user", null, "Warehouse user");
  public static final Key SOURCE_PASSWORD = secret("insightflow.source.password", "Warehouse password");
  public static final Key SOURCE_PRIVATE_KEY_FILE = key("insightflow.source.privateKeyFile", null,
      "Snowflake key-pair authentication: PKCS#8 private key file");
  public static final Key SOURCE_PASSWORD_SECRET = key("insightflow.source.passwordSecret", null,
      "Lambda: the warehouse password's Secrets Manager secret (ARN or name; a JSON secret's \"password\")"
          + " or ssm:<parameter name> (SecureString), resolved at init");
  public static final Key SOURCE_PRIVATE_KEY_SECRET = key("insightflow.source.privateKeySecret", null,
      "Lambda: Snowflake key-pair authentication, the PKCS#8 private key (PEM) as a Secrets Manager secret"
          + " (ARN or name) or ssm:<parameter name>, resolved at init");
  public static final Key TARGET_URL = key("insightflow.target.url",
      "jdbc:postgresql://127.0.0.1:5432/postgres", "PostgreSQL JDBC URL of the sync target");
  public static final Key TARGET_USER = key("insightflow.target.user", "postgres", "PostgreSQL user");
  public static final Key TARGET_PASSWORD = secret("insightflow.target.password", "PostgreSQL password");
  public static final Key TARGET_PASSWORD_SECRET = key("insightflow.target.passwordSecret", null,
      "Lambda: the PostgreSQL password's Secrets Manager secret (ARN or name; a JSON secret's \"password\")"
          + " or ssm:<parameter name> (SecureString), resolved at init; without it, RDS IAM authentication"
          + " in AWS_REGION");
  public static final Key TARGET_SCHEMA = key("insightflow.target.schema", "public",
      "PostgreSQL schema that receives the tables");
  public static final Key TARGET_SSL_MODE = key("insightflow.target.sslMode", null,
      "PostgreSQL sslmode: disable | allow | prefer | require | verify-ca | verify-full");
  public static final Key TARGET_IAM_REGION = key("insightflow.target.iamRegion", null,
      "AWS RDS IAM authentication: sign tokens for this region with the default AWS credentials"
          + " instead of a password (implies sslMode=require)");
  public static final Key TABLES = key("insightflow.tables", null, "Comma-separated table names");
  public static final Key INGEST_BATCH_SIZE = key("insightflow.ingest.batchSize", "1000000",
      "Rows per lake part");
  public static final Key INGEST_TRIGGER_TIME = key("insightflow.ingest.triggerTime", null,
      "ISO-8601 instant of the run (the partition timestamp), from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z;"
          + " default now");
  public static final Key INGEST_TEMPLATE = key("insightflow.ingest.template",
      "data/batch/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}",
      "Partition path template of batch ingest");
  public static final Key INGEST_FETCH_SIZE = key("insightflow.ingest.fetchSize", "10000",
      "JDBC fetch size when rows are streamed through the driver");
  public static final Key INGEST_READERS = key("insightflow.ingest.readers", null,
      "Connections reading one table at once, in block ranges of one snapshot, where the source can (PostgreSQL 14+);"
          + " default the number of processors, at least 2 and at most 4; 1 reads each table with one query");
  public static final Key INGEST_TIME_BUDGET = key("insightflow.ingest.timeBudget", null,
      "Stop between parts after this long (e.g. 14m); the next run with the same trigger time continues");
  public static final Key INGEST_COMPRESSION = key("insightflow.ingest.compression", "none",
      "Compression of lake parts: none | gzip (.csv.gz; manifest checksums cover the stored bytes)");
  public static final Key INGEST_SINK = key("insightflow.ingest.sink", "lake",
      "Where ingest writes: the name of a sink connector (lake, or one a connector jar adds)");
  public static final Key SYNC_MODE = key("insightflow.sync.mode", "incremental",
      "incremental | full | window");
  public static final Key SYNC_START = key("insightflow.sync.start", null,
      "Window start (inclusive), ISO-8601 instant from 0001-01-01T00:00:00Z; mode window only");
  public static final Key SYNC_END = key("insightflow.sync.end", null,
      "Window end (exclusive), ISO-8601 instant up to 9999-12-31T23:59:59Z; mode window only");
  public static final Key SYNC_THREADS = key("insightflow.sync.threads", null,
      "Parallel COPY connections; default the number of processors");
  public static final Key SYNC_ON_ERROR = key("insightflow.sync.onError", "fail", "fail | reject");
  public static final Key SYNC_TIME_BUDGET = key("insightflow.sync.timeBudget", null,
      "Stop taking new objects after this long (e.g. 14m or PT14M); the next sync continues");
  public static final Key SYNC_WATERMARK_MARGIN = key("insightflow.sync.watermarkMargin", "1h",
      "Incremental listing starts this long before the watermark, to find runs that completed late");
  public static final Key SYNC_RELOAD = key("insightflow.sync.reload", "false",
      "Reload objects even when already loaded with the same content (replaces their rows): true | false;"
          + " mode full or window only");
  public static final Key SYNC_RETRY_TIMEOUT = key("insightflow.sync.retryTimeout", "60s",
      "How long sync retries when PostgreSQL refuses or cuts connections (restart, failover) before objects fail; 0 disables");
  public static final Key SYNC_EXTERNAL_TABLES = key("insightflow.sync.externalTables", null,
      "Comma-separated tables whose objects other writers deliver without manifests (Firehose, a Snowflake unload,"
          + " dropped files): every object under the table's folder loads once by key and ETag, described by the"
          + " folder's _schema.json or the existing target table");
  public static final Key SYNC_UNKNOWN_FIELDS = key("insightflow.sync.unknownFields", "ignore",
      "JSON-lines fields that are no column of the table: ignore | reject (the object fails)");
  public static final Key SYNC_MAX_INFLATION = key("insightflow.sync.maxInflation", "100",
      "Most bytes a compressed lake object may decode to per stored byte (1 MiB always passes); beyond it the"
          + " object fails as a compression bomb, nothing of it loaded");
  public static final Key SYNC_MAX_LINE_BYTES = key("insightflow.sync.maxLineBytes", "16777216",
      "Longest JSON line sync reads, in bytes (default 16 MiB); a longer line fails its object, which never grows"
          + " memory beyond it");
  public static final Key GENERATE_SCALE = key("insightflow.generate.scale", "0.01",
      "Scale of the generated Instacart data (1.0 = real row counts)");
  public static final Key GENERATE_SEED = key("insightflow.generate.seed", "20170503",
      "Random seed of the generated data; the same seed and scale give the same files");
  public static final Key GENERATE_DIR = key("insightflow.generate.dir", "data/generated",
      "Directory for generated CSV files");
  public static final Key LOAD_DIR = key("insightflow.load.dir", "data/generated",
      "Directory of CSV files to load into the warehouse");
  public static final Key LOAD_SCHEMA = key("insightflow.load.schema", "public",
      "Schema that load-warehouse fills when the warehouse is PostgreSQL");
  public static final Key PLAN_OPERATION = key("insightflow.plan.operation", "ingest",
      "What plan dry-runs: ingest | sync");
  public static final Key KINESIS_ENDPOINT = key("insightflow.kinesis.endpoint", null,
      "Kinesis endpoint override, e.g. http://127.0.0.1:4568 for an emulator; default AWS");
  public static final Key KINESIS_REGION = key("insightflow.kinesis.region", "us-east-1", "Kinesis region");
  public static final Key KINESIS_CBOR_ENABLED = key("insightflow.kinesis.cborEnabled", "true",
      "Whether the Kinesis client uses CBOR: true | false; false for emulators that only speak JSON (JVM-wide)");
  public static final Key KINESIS_API_CALL_TIMEOUT = key("insightflow.kinesis.apiCallTimeout", "60s",
      "Upper bound of one Kinesis API call, retries included");
  public static final Key STREAM_NAME = key("insightflow.stream.name", null,
      "Kinesis stream name (publish and consume)");
  public static final Key STREAM_TABLE = key("insightflow.stream.table", null,
      "Target table named in the manifests of consumed objects; default the stream name");
  public static final Key PUBLISH_COUNT = key("insightflow.publish.count", "1000", "Events to publish");
  public static final Key PUBLISH_RATE = key("insightflow.publish.rate", "0",
      "Events per second; 0 publishes as fast as the stream accepts");
  public static final Key PUBLISH_SEED = key("insightflow.publish.seed", "42",
      "Seed of the generated events; the same seed and index give the same event");
  public static final Key PUBLISH_FROM = key("insightflow.publish.from", "0",
      "Index of the first generated event (its order_id is from + 1)");
  public static final Key PUBLISH_MAX_BATCH_RECORDS = key("insightflow.publish.maxBatchRecords", "500",
      "Records per PutRecords request, 1-500");
  public static final Key PUBLISH_MAX_BATCH_BYTES = key("insightflow.publish.maxBatchBytes", "5242880",
      "Bytes (data and partition keys) per PutRecords request, 1-5 MiB");
  public static final Key PUBLISH_MAX_ATTEMPTS = key("insightflow.publish.maxAttempts", "10",
      "Attempts per batch; only the entries Kinesis refused are sent again");
  public static final Key CONSUME_FLUSH_RECORDS = key("insightflow.consume.flushRecords", "100000",
      "Records per lake object (per shard)");
  public static final Key CONSUME_FLUSH_BYTES = key("insightflow.consume.flushBytes", "67108864",
      "Payload bytes per lake object (per shard)");
  public static final Key CONSUME_FLUSH_INTERVAL = key("insightflow.consume.flushInterval", "60s",
      "Age after which a shard's buffer is written even if no more records arrive");
  public static final Key CONSUME_MAX_RECORDS = key("insightflow.consume.maxRecords", null,
      "Stop after reading this many records; default run until stopped");
  public static final Key CONSUME_IDLE_TIMEOUT = key("insightflow.consume.idleTimeout", null,
      "Stop after no record arrived for this long, e.g. 30s; default run until stopped");
  public static final Key CONSUME_POLL_INTERVAL = key("insightflow.consume.pollInterval", "1s",
      "Wait between reads of a shard that had no new records");
  public static final Key CATALOG_GLUE_DATABASE = key("insightflow.catalog.glue.database", null,
      "Register every ingested run and stream flush in this AWS Glue database (table if absent, new partitions); off when unset");
  public static final Key CATALOG_GLUE_REGION = key("insightflow.catalog.glue.region", null,
      "Region of the Glue catalog; default insightflow.s3.region");
  public static final Key CATALOG_GLUE_ENDPOINT = key("insightflow.catalog.glue.endpoint", null,
      "Glue endpoint override, e.g. http://127.0.0.1:5000 for a local server; default AWS");
  public static final Key CONSUME_GET_RECORDS_LIMIT = key("insightflow.consume.getRecordsLimit", "10000",
      "Records per GetRecords call, 1-10000");
  public static final Key CONSUME_MIN_GET_RECORDS_INTERVAL = key("insightflow.consume.minGetRecordsInterval",
      "200ms", "Shortest time between two GetRecords calls on one shard (Kinesis allows 5 per second)");
  public static final Key CONSUME_SHARD_REFRESH_INTERVAL = key("insightflow.consume.shardRefreshInterval", "30s",
      "How often the consumer lists the shards again, to follow splits and merges");
  public static final Key LAMBDA_SAFETY_MARGIN = key("insightflow.lambda.safetyMargin", "30s",
      "Lambda: time kept back from an invocation's remaining time for the reply (at most half of it);"
          + " ingest and sync stop between parts/objects at the deadline this leaves");
  public static final Key SKIP = key("insightflow.skip", "false", "Skip the goal: true | false");

  private static final List<Key> ALL = List.of(CONFIG_FILE, LAKE, S3_ENDPOINT, S3_REGION, S3_PATH_STYLE,
      S3_CONNECT_TIMEOUT, S3_SOCKET_TIMEOUT, S3_MAX_ATTEMPTS,
      SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD, SOURCE_PRIVATE_KEY_FILE, SOURCE_PASSWORD_SECRET,
      SOURCE_PRIVATE_KEY_SECRET, TARGET_URL, TARGET_USER, TARGET_PASSWORD, TARGET_PASSWORD_SECRET, TARGET_SCHEMA,
      TARGET_SSL_MODE, TARGET_IAM_REGION, TABLES, INGEST_BATCH_SIZE, INGEST_TRIGGER_TIME,
      INGEST_TEMPLATE, INGEST_FETCH_SIZE, INGEST_READERS, INGEST_TIME_BUDGET, INGEST_COMPRESSION, INGEST_SINK, SYNC_MODE, SYNC_START,
      SYNC_END, SYNC_THREADS, SYNC_ON_ERROR, SYNC_TIME_BUDGET, SYNC_WATERMARK_MARGIN, SYNC_RELOAD, SYNC_RETRY_TIMEOUT, SYNC_EXTERNAL_TABLES, SYNC_UNKNOWN_FIELDS,
      SYNC_MAX_INFLATION, SYNC_MAX_LINE_BYTES,
      GENERATE_SCALE, GENERATE_SEED, GENERATE_DIR, LOAD_DIR, LOAD_SCHEMA, PLAN_OPERATION,
      KINESIS_ENDPOINT, KINESIS_REGION, KINESIS_CBOR_ENABLED, KINESIS_API_CALL_TIMEOUT, STREAM_NAME, STREAM_TABLE,
      PUBLISH_COUNT, PUBLISH_RATE, PUBLISH_SEED, PUBLISH_FROM, PUBLISH_MAX_BATCH_RECORDS, PUBLISH_MAX_BATCH_BYTES,
      PUBLISH_MAX_ATTEMPTS, CONSUME_FLUSH_RECORDS, CONSUME_FLUSH_BYTES, CONSUME_FLUSH_INTERVAL, CONSUME_MAX_RECORDS,
      CONSUME_IDLE_TIMEOUT, CONSUME_POLL_INTERVAL, CONSUME_GET_RECORDS_LIMIT, CONSUME_MIN_GET_RECORDS_INTERVAL,
      CONSUME_SHARD_REFRESH_INTERVAL, CATALOG_GLUE_DATABASE, CATALOG_GLUE_REGION, CATALOG_GLUE_ENDPOINT,
      LAMBDA_SAFETY_MARGIN, SKIP);
  /** Keys only the Lambda handlers read: secrets resolved with AWS clients that core does not carry. */
  private static final List<Key> LAMBDA_ONLY = List.of(SOURCE_PASSWORD_SECRET, SOURCE_PRIVATE_KEY_SECRET,
      TARGET_PASSWORD_SECRET, LAMBDA_SAFETY_MARGIN);

  /** A pom property commonly holding the insightflow version; no key, but no typo either. */
  private static final String VERSION_PROPERTY = "insightflow.version";

  private InsightflowProperties() {}

  /** Every key, in documentation order. */
  public static List<Key> all() {
    return ALL;
  }

  /**
   * The keys that only the Lambda handlers ({@code insightflow-lambda}) read, such as
   * {@code insightflow.target.passwordSecret}: resolving them needs AWS clients that core does not
   * carry, so the Maven goals do not offer them.
   */
  public static List<Key> lambdaOnly() {
    return LAMBDA_ONLY;
  }

  /** The key with this dotted name. */
  public static Optional<Key> find(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /** {@code insightflow.sync.threads} → {@code INSIGHTFLOW_SYNC_THREADS}. */
  public static String envName(String key) {
    return key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The known keys present in an environment, under their dotted names. */
  public static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Key key : ALL) {
      String value = env.get(key.envName());
      if (value != null) {
        out.put(key.name(), value);
      }
    }
    return out;
  }

  /** The {@code insightflow.*} entries of a property set (for example system properties). */
  public static Map<String, String> fromProperties(Map<?, ?> properties) {
    return properties.entrySet().stream()
        .filter(e -> e.getKey() instanceof String k && k.startsWith("insightflow."))
        .collect(Collectors.toMap(e -> (String) e.getKey(), e -> String.valueOf(e.getValue()),
            (a, b) -> b, LinkedHashMap::new));
  }

  /**
   * The {@code insightflow.*} entries of a properties file (ISO-8859-1 escapes as in
   * {@link Properties#load}).
   *
   * @throws InsightflowConfigException (key {@code insightflow.configFile}) if the file cannot be read
   */
  public static Map<String, String> fromFile(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new InsightflowConfigException(CONFIG_FILE.name(), "Cannot read " + file + " (" + e
          + "); point insightflow.configFile at a readable properties file or remove it", e);
    }
    return fromProperties(properties);
  }

  /**
   * Fails on the first {@code insightflow.*} name in {@code values} that is no key, most likely a
   * typo that would otherwise be ignored silently. {@code insightflow.version}, the usual name of a
   * pom property holding the version to use, is no key and passes.
   *
   * @param origin where the values came from, for the message, such as {@code -D} or the file's path
   * @throws InsightflowConfigException naming the unknown key, where it came from and the nearest known key
   */
  public static void requireKnown(Map<String, String> values, String origin) {
    Objects.requireNonNull(origin, "origin");
    for (String name : new java.util.TreeSet<>(values.keySet())) {
      if (name.startsWith("insightflow.") && find(name).isEmpty() && !name.equals(VERSION_PROPERTY)) {
        throw new InsightflowConfigException(name, "Unknown key in " + origin + "; did you mean "
            + nearest(name, ALL.stream().map(Key::name).toList())
            + "? (mvn insightflow:help -Ddetail and docs/configuration.md list every key)");
      }
    }
  }

  /**
   * The {@code INSIGHTFLOW_*} variables of an environment that name no key, each with the nearest
   * known variable ({@code INSIGHTFLOW_SYNC_THRAEDS (did you mean INSIGHTFLOW_SYNC_THREADS?)}), for
   * one warning line: a variable may belong to another tool, so it is not an error.
   */
  public static List<String> unknownEnvironment(Map<String, String> env) {
    List<String> known = ALL.stream().map(Key::envName).toList();
    return env.keySet().stream().filter(v -> v.startsWith("INSIGHTFLOW_") && !known.contains(v)).sorted()
        .map(v -> Printable.of(v) + " (did you mean " + nearest(v, known) + "?)").toList();
  }

  /**
   * The candidate with the smallest edit distance to {@code name}, ignoring case, preferring those in
   * the same area (a mistyped ingest key is compared with the other ingest keys first); null when
   * there is none.
   */
  public static String nearest(String name, java.util.Collection<String> candidates) {
    String area = name.substring(0, name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    List<String> sameArea = candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).startsWith(area)).toList();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : sameArea.isEmpty() ? candidates : sameArea) {
      int d = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** {@link #merge(List)} of the given layers, lowest precedence first. */
  @SafeVarargs
  public static Map<String, String> merge(Map<String, String>... layers) {
    return merge(List.of(layers));
  }

  /**
   * Applies the precedence order: later maps override earlier ones; defaults come first. Null
   * values are skipped, so "not set" in one layer never hides a value of a lower layer.
   *
   * @param layers lowest precedence first (file, then pom, then environment, then -D)
   */
  public static Map<String, String> merge(List<Map<String, String>> layers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Key key : ALL) {
      if (key.defaultValue() != null) {
        out.put(key.name(), key.defaultValue());
      }
    }
    for (Map<String, String> layer : layers) {
      Objects.requireNonNull(layer, "layer").forEach((k, v) -> {
        if (v != null) {
          out.put(k, v);
        }
      });
    }
    return out;
  }

  /**
   * The value of {@code key} in {@code values}, trimmed, or the key's default when absent or blank
   * (null when it has none). For option classes whose {@code fromProperties} may get a map without
   * the defaults that {@link #merge} adds.
   */
  public static String value(Map<String, String> values, Key key) {
    String value = values.get(key.name());
    return value == null || value.isBlank() ? key.defaultValue() : value.trim();
  }

  /**
   * {@link #value} as a long ({@code _} allowed as digit separator), or null when absent and
   * without default.
   *
   * @throws InsightflowConfigException naming the key if it is not a whole number
   */
  public static Long longValue(Map<String, String> values, Key key) {
    String value = value(values, key);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new InsightflowConfigException(key.name(), "'" + value + "' is not a whole number");
    }
  }

  /**
   * {@link #value} as a boolean: {@code true} or {@code false} in any case; false when absent and
   * without default. Anything else ({@code yes}, {@code 1}, {@code maybe}) is refused rather than
   * read as false, so a setting is never ignored silently.
   *
   * @throws InsightflowConfigException naming the key and the accepted values
   */
  public static boolean booleanValue(Map<String, String> values, Key key) {
    String value = value(values, key);
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new InsightflowConfigException(key.name(), "'" + Printable.of(value) + "' is not a boolean; use true or false");
  }

  /**
   * {@link #value} as a duration ({@link #parseDuration}), or null when absent and without default.
   *
   * @throws InsightflowConfigException naming the key if it is not a duration
   */
  public static Duration durationValue(Map<String, String> values, Key key) {
    String value = value(values, key);
    return value == null ? null : parseDuration(key.name(), value);
  }

  /**
   * Parses a duration: ISO-8601 ({@code PT30S}) or a whole number with a unit: {@code 250ms},
   * {@code 30s}, {@code 5m}, {@code 1h}.
   *
   * @param key the key the text came from, named in the exception
   * @throws InsightflowConfigException naming {@code key} if the text is none of these
   */
  public static Duration parseDuration(String key, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      long amount = Long.parseLong(t.substring(0, t.length() - 1).trim());
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw new NumberFormatException(t);
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new InsightflowConfigException(key, "'" + text
          + "' is not a duration; use e.g. 250ms, 30s, 5m, 1h or ISO-8601 PT30S");
    }
  }

  /**
   * A copy of the map fit for printing: values of secret keys (and of unknown keys named like a
   * password) are replaced by {@code ****}, and credentials inside other values, such as a JDBC URL's
   * {@code user:password@} or {@code ?password=}, are masked by {@link Secrets#mask}.
   */
  public static Map<String, String> masked(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, find(k).map(Key::secret).orElse(k.toLowerCase(Locale.ROOT)
        .contains("password")) ? Secrets.MASK : Secrets.mask(v)));
    return out;
  }

  private static Key key(String name, String defaultValue, String description) {
    return new Key(name, defaultValue, false, description);
  }

  private static Key secret(String name, String description) {
    return new Key(name, null, true, description);
  }
}
