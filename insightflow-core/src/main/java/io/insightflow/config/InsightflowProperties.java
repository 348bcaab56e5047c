package io.insightflow.config;

import static io.insightflow.config.ConfigKey.key;
import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Core's configuration keys, each declared once as a typed {@link ConfigKey} constant; {@link #registry()}
 * collects them (no list to keep by hand). Java and Maven use the dotted names
 * ({@code insightflow.sync.threads}); the environment (Lambda) uses the upper-case form
 * ({@code INSIGHTFLOW_SYNC_THREADS}). Adding a key is adding a constant here, with its rule when a
 * value must be in a range or one of some words, and reading it in the options type that uses it;
 * the Maven goals' parameters are generated from the constants during the build, and
 * {@code docs/configuration.md} is regenerated (a test compares it with the keys).
 *
 * <p>Precedence, lowest first: built-in defaults &lt; configuration file ({@code insightflow.configFile})
 * &lt; pom {@code <configuration>} &lt; environment ({@code INSIGHTFLOW_*}) &lt; {@code -D} properties.
 * The environment ranks above the pom because it belongs to the run (CI, a Lambda) while the pom is
 * shared; {@code -D} is what a user typed for this very run. {@link #merge} applies the order.
 *
 * <p>Durations are ISO-8601 ({@code PT1M}) or a whole number with a unit: {@code 250ms}, {@code 30s},
 * {@code 5m}, {@code 1h}. Booleans are {@code true} or {@code false} in any case, nothing else
 * ({@link ConfigType}).
 */
@Evolving
public final class InsightflowProperties {

  public static final ConfigKey<String> CONFIG_FILE = key("insightflow.configFile").stringType()
      .description("Properties file with insightflow.* keys; its values rank below pom, environment and -D");
  public static final ConfigKey<String> LAKE = key("insightflow.lake").stringType().defaultValue("lake")
      .description("Lake location: a directory, a file: URI or s3://bucket/prefix (never empty)");
  public static final ConfigKey<String> S3_ENDPOINT = key("insightflow.s3.endpoint").stringType()
      .description("S3 endpoint override for S3-compatible servers, e.g. http://127.0.0.1:9000");
  public static final ConfigKey<String> S3_REGION = key("insightflow.s3.region").stringType()
      .defaultValue("us-east-1")
      .description("S3 region");
  public static final ConfigKey<Boolean> S3_PATH_STYLE = key("insightflow.s3.pathStyle").booleanType()
      .defaultValue(false)
      .description("Use path-style S3 requests (needed by most S3-compatible servers): true | false");
  public static final ConfigKey<Duration> S3_CONNECT_TIMEOUT = key("insightflow.s3.connectTimeout").durationType()
      .defaultValue(Duration.ofSeconds(3))
      .positive()
      .description("TCP connect timeout of each S3 request");
  public static final ConfigKey<Duration> S3_SOCKET_TIMEOUT = key("insightflow.s3.socketTimeout").durationType()
      .defaultValue(Duration.ofSeconds(60))
      .positive()
      .description("Longest wait for the next bytes of an S3 response; a stalled download is then resumed");
  public static final ConfigKey<Integer> S3_MAX_ATTEMPTS = key("insightflow.s3.maxAttempts").intType().defaultValue(3)
      .positive()
      .description("Attempts per S3 request, the first included (downloads that break off are resumed on top of these)");
  public static final ConfigKey<String> SOURCE_URL = key("insightflow.source.url").stringType()
      .defaultValue("jdbc:duckdb:warehouse.duckdb")
      .description("Warehouse JDBC URL (DuckDB, PostgreSQL, Snowflake or any JDBC driver on the class path)");
  public static final ConfigKey<String> SOURCE_USER = key("insightflow.source.user").stringType()
      .description("Warehouse user");
  public static final ConfigKey<String> SOURCE_PASSWORD = key("insightflow.source.password").stringType().secret()
      .description("Warehouse password");
  public static final ConfigKey<String> SOURCE_PRIVATE_KEY_FILE = key("insightflow.source.privateKeyFile").stringType()
      .description("Snowflake key-pair authentication: PKCS#8 private key file");
  public static final ConfigKey<String> SOURCE_PASSWORD_SECRET = key("insightflow.source.passwordSecret").stringType()
      .lambdaOnly()
      .description("Lambda: the warehouse password's Secrets Manager secret (ARN or name; a JSON secret's \"password\")"
          + " or ssm:<parameter name> (SecureString), resolved at init");
  public static final ConfigKey<String> SOURCE_PRIVATE_KEY_SECRET = key("insightflow.source.privateKeySecret").stringType()
      .lambdaOnly()
      .description("Lambda: Snowflake key-pair authentication, the PKCS#8 private key (PEM) as a Secrets Manager secret"
          + " (ARN or name) or ssm:<parameter name>, resolved at init");
  public static final ConfigKey<String> TARGET_URL = key("insightflow.target.url").stringType()
      .defaultValue("jdbc:postgresql://127.0.0.1:5432/postgres")
      .description("PostgreSQL JDBC URL of the sync target");
  public static final ConfigKey<String> TARGET_USER = key("insightflow.target.user").stringType()
      .defaultValue("postgres")
      .description("PostgreSQL user");
  public static final ConfigKey<String> TARGET_PASSWORD = key("insightflow.target.password").stringType().secret()
      .description("PostgreSQL password");
  public static final ConfigKey<String> TARGET_PASSWORD_SECRET = key("insightflow.target.passwordSecret").stringType()
      .lambdaOnly()
      .description("Lambda: the PostgreSQL password's Secrets Manager secret (ARN or name; a JSON secret's \"password\")"
          + " or ssm:<parameter name> (SecureString), resolved at init; without it, RDS IAM authentication"
          + " in AWS_REGION");
  public static final ConfigKey<String> TARGET_SCHEMA = key("insightflow.target.schema").stringType()
      .defaultValue("public")
      .description("PostgreSQL schema that receives the tables");
  public static final ConfigKey<String> TARGET_SSL_MODE = key("insightflow.target.sslMode").stringType()
      .check("a PostgreSQL sslmode: disable | allow | prefer | require | verify-ca | verify-full",
          List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full")::contains)
      .description("PostgreSQL TLS mode (sslmode); default the URL's or the driver's");
  public static final ConfigKey<String> TARGET_IAM_REGION = key("insightflow.target.iamRegion").stringType()
      .description("AWS RDS IAM authentication: sign tokens for this region with the default AWS credentials"
          + " instead of a password (implies sslMode=require)");
  public static final ConfigKey<List<String>> TABLES = key("insightflow.tables").listType()
      .description("Comma-separated table names");
  public static final ConfigKey<String> NAMING = key("insightflow.naming").stringType()
      .defaultValue("keep").perTable() // NamingPolicy.parse checks the value, naming the policies
      .description("How source table and column names become PostgreSQL's: keep (as the source spells them) | lower"
          + " (ORDER_ID -> order_id, what a Snowflake user expects) | snake_case (dlt's rule: Contact Phone Number ->"
          + " contact_phone_number, orderID -> order_id); per table as insightflow.naming.<source table>"
          + " (INSIGHTFLOW_NAMING_<TABLE>). Ingest records both names in the run's manifest; sync applies it to the"
          + " names of external tables' objects. Any name PostgreSQL can hold is accepted (UTF-8, no control"
          + " character, at most 63 bytes) and always quoted; two names that become one fail before any row is written");
  public static final ConfigKey<Long> INGEST_BATCH_SIZE = key("insightflow.ingest.batchSize").longType()
      .defaultValue(1_000_000L)
      .range(1, Integer.MAX_VALUE)
      .description("Rows per lake part");
  public static final ConfigKey<String> INGEST_TRIGGER_TIME = key("insightflow.ingest.triggerTime").stringType()
      .description("ISO-8601 instant of the run (the partition timestamp), from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z;"
          + " default now");
  public static final ConfigKey<String> INGEST_TEMPLATE = key("insightflow.ingest.template").stringType()
      .defaultValue("data/batch/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}")
      .description("Partition path template of batch ingest");
  public static final ConfigKey<Integer> INGEST_FETCH_SIZE = key("insightflow.ingest.fetchSize").intType()
      .defaultValue(10_000)
      .positive()
      .description("JDBC fetch size when rows are streamed through the driver");
  public static final ConfigKey<Integer> INGEST_READERS = key("insightflow.ingest.readers").intType()
      .positive()
      .description("Connections reading one table at once, in block ranges of one snapshot, where the source can (PostgreSQL 14+);"
          + " default the number of processors, at least 2 and at most 4; 1 reads each table with one query");
  public static final ConfigKey<Duration> INGEST_TIME_BUDGET = key("insightflow.ingest.timeBudget").durationType()
      .positive()
      .description("Stop between parts after this long (e.g. 14m); the next run with the same trigger time continues");
  public static final ConfigKey<String> INGEST_COMPRESSION = key("insightflow.ingest.compression").stringType()
      .defaultValue("none")
      .oneOf("none", "gzip")
      .description("Compression of lake parts: none | gzip (.csv.gz; manifest checksums cover the stored bytes)");
  public static final ConfigKey<String> INGEST_SINK = key("insightflow.ingest.sink").stringType().defaultValue("lake")
      .description("Where ingest writes: the name of a sink connector (lake, or one a connector jar adds)");
  public static final ConfigKey<String> SYNC_MODE = key("insightflow.sync.mode").stringType()
      .defaultValue("incremental")
      .oneOf("incremental", "full", "window")
      .description("Which objects sync loads: the complete runs not loaded yet, all, or those of a window");
  public static final ConfigKey<String> SYNC_START = key("insightflow.sync.start").stringType()
      .description("Window start (inclusive), ISO-8601 instant from 0001-01-01T00:00:00Z; mode window only");
  public static final ConfigKey<String> SYNC_END = key("insightflow.sync.end").stringType()
      .description("Window end (exclusive), ISO-8601 instant up to 9999-12-31T23:59:59Z; mode window only");
  public static final ConfigKey<Integer> SYNC_THREADS = key("insightflow.sync.threads").intType()
      .range(1, 256)
      .description("Parallel COPY connections; default the number of processors");
  public static final ConfigKey<String> SYNC_ON_ERROR = key("insightflow.sync.onError").stringType()
      .defaultValue("fail")
      .oneOf("fail", "reject")
      .description("What a bad row does: fail its object, or go to the rejects with exact accounting");
  public static final ConfigKey<Duration> SYNC_TIME_BUDGET = key("insightflow.sync.timeBudget").durationType()
      .nonNegative()
      .description("Stop taking new objects after this long (e.g. 14m or PT14M); the next sync continues");
  public static final ConfigKey<Duration> SYNC_WATERMARK_MARGIN = key("insightflow.sync.watermarkMargin").durationType()
      .defaultValue(Duration.ofHours(1))
      .nonNegative()
      .description("Incremental listing starts this long before the watermark, to find runs that completed late");
  public static final ConfigKey<Boolean> SYNC_RELOAD = key("insightflow.sync.reload").booleanType()
      .defaultValue(false)
      .description("Reload objects even when already loaded with the same content (replaces their rows): true | false;"
          + " mode full or window only");
  public static final ConfigKey<Duration> SYNC_RETRY_TIMEOUT = key("insightflow.sync.retryTimeout").durationType()
      .defaultValue(Duration.ofSeconds(60))
      .nonNegative()
      .description("How long sync retries when PostgreSQL refuses or cuts connections (restart, failover) before objects fail; 0 disables");
  public static final ConfigKey<List<String>> SYNC_EXTERNAL_TABLES = key("insightflow.sync.externalTables").listType()
      .description("Comma-separated tables whose objects other writers deliver without manifests (Firehose, a Snowflake unload,"
          + " dropped files): every object under the table's folder loads once by key and ETag, described by the"
          + " folder's _schema.json or the existing target table");
  public static final ConfigKey<List<String>> SYNC_KEYS = key("insightflow.sync.keys").listType().perTable()
      .description("Key columns of a table, comma-separated in key order, as insightflow.sync.keys.<table>=col1,col2"
          + " (INSIGHTFLOW_SYNC_KEYS_<TABLE>); overrides the key the lake records (the source's primary key in the run"
          + " manifest, or \"keys\" in an external table's _schema.json; at an ingest with insightflow.ingest.sink=postgresql,"
          + " the source's primary key). Without a table: every table's key");
  public static final ConfigKey<String> SYNC_WRITE_MODE = key("insightflow.sync.writeMode").stringType()
      .defaultValue("append").perTable() // WriteMode.parse checks the value, naming the modes
      .description("What a table holds: append (every object adds its rows) | replace (the newest complete run of a"
          + " snapshot table, replaced in one transaction; not for external tables); per table as"
          + " insightflow.sync.writeMode.<table> (INSIGHTFLOW_SYNC_WRITEMODE_<TABLE>) | merge (upsert on the table's key,"
          + " insightflow.sync.keys.<table>: the table equals applying every loaded object in lake order, whatever order"
          + " they load in). Also what an ingest with insightflow.ingest.sink=postgresql does, each run in the order of"
          + " its trigger time");
  public static final ConfigKey<String> SYNC_SCHEMA_CHANGES = key("insightflow.sync.schemaChanges").stringType()
      .defaultValue("evolve").perTable() // SchemaChangeMode.parse checks the value, naming the modes
      .description("What an object whose columns differ from its table's does: evolve (new columns are added and safe"
          + " widenings applied - smallint to integer to bigint to numeric, real to double precision, varchar(n) to"
          + " varchar(m>n) to text, numeric to a precision and scale that keep every value - in the object's own"
          + " transaction; a string on one side only is parsed value by value by COPY; any other type change fails the"
          + " object) | freeze (any difference fails the object: a data"
          + " contract); per table as insightflow.sync.schemaChanges.<table> (INSIGHTFLOW_SYNC_SCHEMACHANGES_<TABLE>)");
  public static final ConfigKey<String> SYNC_DELETE_MARKER = key("insightflow.sync.deleteMarker").stringType().perTable()
      .description("Which rows of a merge table's objects are deletes: <column>=<value> (AWS DMS: Op=D) or a boolean"
          + " column (is_deleted: true deletes); per table as insightflow.sync.deleteMarker.<table>"
          + " (INSIGHTFLOW_SYNC_DELETEMARKER_<TABLE>). A delete removes the key (or, with insightflow.sync.softDelete,"
          + " marks it) when it is later in lake order than the key's row, whatever order objects load in; write mode"
          + " merge only");
  public static final ConfigKey<String> SYNC_SOFT_DELETE = key("insightflow.sync.softDelete").stringType().perTable()
      .description("A timestamptz column (added when missing) that a delete sets to its object's partition time instead"
          + " of removing the row, and a later row clears; per table as insightflow.sync.softDelete.<table>; needs"
          + " insightflow.sync.deleteMarker");
  public static final ConfigKey<String> SYNC_ORDER_BY = key("insightflow.sync.orderBy").stringType().perTable()
      .description("A column (such as updated_at) whose greatest value wins per key in a merge table, ties broken by"
          + " lake order; a NULL value fails its row; per table as insightflow.sync.orderBy.<table>; write mode merge"
          + " only");
  public static final ConfigKey<String> SYNC_UNKNOWN_FIELDS = key("insightflow.sync.unknownFields").stringType()
      .defaultValue("ignore")
      .oneOf("ignore", "reject")
      .description("JSON-lines fields that are no column of the table: ignore | reject (the object fails)");
  public static final ConfigKey<Long> SYNC_MAX_INFLATION = key("insightflow.sync.maxInflation").longType()
      .defaultValue(100L)
      .range(1, 1_000_000)
      .description("Most bytes a compressed lake object may decode to per stored byte (1 MiB always passes); beyond it the"
          + " object fails as a compression bomb, nothing of it loaded");
  public static final ConfigKey<Long> SYNC_MAX_LINE_BYTES = key("insightflow.sync.maxLineBytes").longType()
      .defaultValue(16_777_216L)
      .range(1024, 1L << 30)
      .description("Longest JSON line, or CSV record of an object other writers delivered, that sync reads, in bytes"
          + " (default 16 MiB); a longer one fails its object, which never grows memory beyond it");
  public static final ConfigKey<Double> GENERATE_SCALE = key("insightflow.generate.scale").doubleType()
      .defaultValue(0.01)
      .description("Scale of the generated Instacart data (1.0 = real row counts)");
  public static final ConfigKey<Long> GENERATE_SEED = key("insightflow.generate.seed").longType()
      .defaultValue(20170503L)
      .description("Random seed of the generated data; the same seed and scale give the same files");
  public static final ConfigKey<String> GENERATE_DIR = key("insightflow.generate.dir").stringType()
      .defaultValue("data/generated")
      .description("Directory for generated CSV files");
  public static final ConfigKey<String> LOAD_DIR = key("insightflow.load.dir").stringType()
      .defaultValue("data/generated")
      .description("Directory of CSV files to load into the warehouse");
  public static final ConfigKey<String> LOAD_SCHEMA = key("insightflow.load.schema").stringType()
      .defaultValue("public")
      .description("Schema that load-warehouse fills when the warehouse is PostgreSQL");
  public static final ConfigKey<String> PLAN_OPERATION = key("insightflow.plan.operation").stringType()
      .defaultValue("ingest")
      .oneOf("ingest", "sync")
      .description("What plan dry-runs: ingest | sync");
  public static final ConfigKey<String> VERIFY_REPORT = key("insightflow.verify.report").stringType()
      .description("Where verify writes its JSON report: an absolute path writes a local file; anything else is a key"
          + " of the lake (insightflow.lake), written through it as sync writes, e.g. _insightflow/verify.json (a name"
          + " starting with _ keeps it out of Hive-style readers). Unset: no report file; the goal and the Lambda still"
          + " print the summary");
  public static final ConfigKey<String> KINESIS_ENDPOINT = key("insightflow.kinesis.endpoint").stringType()
      .description("Kinesis endpoint override, e.g. http://127.0.0.1:4568 for an emulator; default AWS");
  public static final ConfigKey<String> KINESIS_REGION = key("insightflow.kinesis.region").stringType()
      .defaultValue("us-east-1")
      .description("Kinesis region");
  public static final ConfigKey<Boolean> KINESIS_CBOR_ENABLED = key("insightflow.kinesis.cborEnabled").booleanType()
      .defaultValue(true)
      .description("Whether the Kinesis client uses CBOR: true | false; false for emulators that only speak JSON (JVM-wide)");
  public static final ConfigKey<Duration> KINESIS_API_CALL_TIMEOUT = key("insightflow.kinesis.apiCallTimeout").durationType()
      .defaultValue(Duration.ofSeconds(60))
      .positive()
      .description("Upper bound of one Kinesis API call, retries included");
  public static final ConfigKey<String> STREAM_NAME = key("insightflow.stream.name").stringType()
      .description("Kinesis stream name (publish and consume)");
  public static final ConfigKey<String> STREAM_TABLE = key("insightflow.stream.table").stringType()
      .check("a plain identifier (letters, digits, underscore)", t -> t.matches("[A-Za-z_][A-Za-z0-9_]*"))
      .description("Target table named in the manifests of consumed objects; default the stream name");
  public static final ConfigKey<Long> PUBLISH_COUNT = key("insightflow.publish.count").longType().defaultValue(1_000L)
      .nonNegative()
      .description("Events to publish");
  public static final ConfigKey<Double> PUBLISH_RATE = key("insightflow.publish.rate").doubleType().defaultValue(0.0)
      .nonNegative()
      .description("Events per second; 0 publishes as fast as the stream accepts");
  public static final ConfigKey<Long> PUBLISH_SEED = key("insightflow.publish.seed").longType().defaultValue(42L)
      .description("Seed of the generated events; the same seed and index give the same event");
  public static final ConfigKey<Long> PUBLISH_FROM = key("insightflow.publish.from").longType().defaultValue(0L)
      .nonNegative()
      .description("Index of the first generated event (its order_id is from + 1)");
  public static final ConfigKey<Integer> PUBLISH_MAX_BATCH_RECORDS = key("insightflow.publish.maxBatchRecords").intType()
      .defaultValue(500)
      .range(1, 500)
      .description("Records per PutRecords request, 1-500");
  public static final ConfigKey<Integer> PUBLISH_MAX_BATCH_BYTES = key("insightflow.publish.maxBatchBytes").intType()
      .defaultValue(5_242_880)
      .range(1_048_576, 5_242_880)
      .description("Bytes (data and partition keys) per PutRecords request, 1-5 MiB");
  public static final ConfigKey<Integer> PUBLISH_MAX_ATTEMPTS = key("insightflow.publish.maxAttempts").intType()
      .defaultValue(10)
      .positive()
      .description("Attempts per batch; only the entries Kinesis refused are sent again");
  public static final ConfigKey<Long> CONSUME_FLUSH_RECORDS = key("insightflow.consume.flushRecords").longType()
      .defaultValue(100_000L)
      .positive()
      .description("Records per lake object (per shard)");
  public static final ConfigKey<Long> CONSUME_FLUSH_BYTES = key("insightflow.consume.flushBytes").longType()
      .defaultValue(67_108_864L)
      .positive()
      .description("Payload bytes per lake object (per shard)");
  public static final ConfigKey<Duration> CONSUME_FLUSH_INTERVAL = key("insightflow.consume.flushInterval").durationType()
      .defaultValue(Duration.ofSeconds(60))
      .positive()
      .description("Age after which a shard's buffer is written even if no more records arrive");
  public static final ConfigKey<Long> CONSUME_MAX_RECORDS = key("insightflow.consume.maxRecords").longType()
      .positive()
      .description("Stop after reading this many records; default run until stopped");
  public static final ConfigKey<Duration> CONSUME_IDLE_TIMEOUT = key("insightflow.consume.idleTimeout").durationType()
      .positive()
      .description("Stop after no record arrived for this long, e.g. 30s; default run until stopped");
  public static final ConfigKey<Duration> CONSUME_POLL_INTERVAL = key("insightflow.consume.pollInterval").durationType()
      .defaultValue(Duration.ofSeconds(1))
      .positive()
      .description("Wait between reads of a shard that had no new records");
  public static final ConfigKey<Integer> CONSUME_GET_RECORDS_LIMIT = key("insightflow.consume.getRecordsLimit").intType()
      .defaultValue(10_000)
      .range(1, 10_000)
      .description("Records per GetRecords call, 1-10000");
  public static final ConfigKey<Duration> CONSUME_MIN_GET_RECORDS_INTERVAL = key("insightflow.consume.minGetRecordsInterval").durationType()
      .defaultValue(Duration.ofMillis(200))
      .nonNegative()
      .description("Shortest time between two GetRecords calls on one shard (Kinesis allows 5 per second)");
  public static final ConfigKey<Duration> CONSUME_SHARD_REFRESH_INTERVAL = key("insightflow.consume.shardRefreshInterval").durationType()
      .defaultValue(Duration.ofSeconds(30))
      .positive()
      .description("How often the consumer lists the shards again, to follow splits and merges");
  public static final ConfigKey<String> CATALOG_GLUE_DATABASE = key("insightflow.catalog.glue.database").stringType()
      .description("Register every ingested run and stream flush in this AWS Glue database (table if absent, new partitions); off when unset");
  public static final ConfigKey<String> CATALOG_GLUE_REGION = key("insightflow.catalog.glue.region").stringType()
      .description("Region of the Glue catalog; default insightflow.s3.region");
  public static final ConfigKey<String> CATALOG_GLUE_ENDPOINT = key("insightflow.catalog.glue.endpoint").stringType()
      .description("Glue endpoint override, e.g. http://127.0.0.1:5000 for a local server; default AWS");
  public static final ConfigKey<Duration> LAMBDA_SAFETY_MARGIN = key("insightflow.lambda.safetyMargin").durationType()
      .defaultValue(Duration.ofSeconds(30)).lambdaOnly()
      .description("Lambda: time kept back from an invocation's remaining time for the reply (at most half of it);"
          + " ingest and sync stop between parts/objects at the deadline this leaves");
  public static final ConfigKey<Boolean> SKIP = key("insightflow.skip").booleanType().defaultValue(false)
      .description("Skip the goal: true | false");

  private static final KeyRegistry REGISTRY = KeyRegistry.of(KeyRegistry.declaredIn(InsightflowProperties.class));

  private InsightflowProperties() {}

  /** Core's keys (without the connectors'; see {@code io.insightflow.spi.Connectors#registry}). */
  public static KeyRegistry registry() {
    return REGISTRY;
  }

  /** Every core key, in documentation order. */
  public static List<ConfigKey<?>> all() {
    return REGISTRY.keys();
  }

  /**
   * The keys that only the Lambda handlers ({@code insightflow-lambda}) read, such as
   * {@code insightflow.target.passwordSecret}: resolving them needs AWS clients that core does not
   * carry, so the Maven goals do not offer them.
   */
  public static List<ConfigKey<?>> lambdaOnly() {
    return all().stream().filter(ConfigKey::lambdaOnly).toList();
  }

  /** The core key with this dotted name. */
  public static Optional<ConfigKey<?>> find(String name) {
    return REGISTRY.find(name);
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

  /** {@link #merge(List)} of the given layers, lowest precedence first. */
  @SafeVarargs
  public static Map<String, String> merge(Map<String, String>... layers) {
    return merge(List.of(layers));
  }

  /**
   * Applies the precedence order: later maps override earlier ones; the defaults (as text) come
   * first. Null values are skipped, so "not set" in one layer never hides a value of a lower layer.
   *
   * @param layers lowest precedence first (file, then pom, then environment, then -D)
   */
  public static Map<String, String> merge(List<Map<String, String>> layers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigKey<?> key : all()) {
      if (key.defaultValue() != null) {
        out.put(key.name(), key.defaultText());
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
}
