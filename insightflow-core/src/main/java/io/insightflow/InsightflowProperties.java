package io.insightflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
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
      "Lake location: a directory, a file: URI or s3://bucket/prefix");
  public static final Key S3_ENDPOINT = key("insightflow.s3.endpoint", null,
      "S3 endpoint override for S3-compatible servers, e.g. http://127.0.0.1:9000");
  public static final Key S3_REGION = key("insightflow.s3.region", "us-east-1", "S3 region");
  public static final Key S3_PATH_STYLE = key("insightflow.s3.pathStyle", "false",
      "Use path-style S3 requests (needed by most S3-compatible servers)");
  public static final Key SOURCE_URL = key("insightflow.source.url", "jdbc:duckdb:warehouse.duckdb",
      "Warehouse JDBC URL (DuckDB, PostgreSQL, Snowflake or any JDBC driver on the class path)");
  public static final Key SOURCE_USER = key("insightflow.source.user", null, "Warehouse user");
  public static final Key SOURCE_PASSWORD = secret("insightflow.source.password", "Warehouse password");
  public static final Key SOURCE_PRIVATE_KEY_FILE = key("insightflow.source.privateKeyFile", null,
      "Snowflake key-pair authentication: PKCS#8 private key file");
  public static final Key TARGET_URL = key("insightflow.target.url",
      "jdbc:postgresql://127.0.0.1:5432/postgres", "PostgreSQL JDBC URL of the sync target");
  public static final Key TARGET_USER = key("insightflow.target.user", "postgres", "PostgreSQL user");
  public static final Key TARGET_PASSWORD = secret("insightflow.target.password", "PostgreSQL password");
  public static final Key TARGET_SCHEMA = key("insightflow.target.schema", "public",
      "PostgreSQL schema that receives the tables");
  public static final Key TABLES = key("insightflow.tables", null, "Comma-separated table names");
  public static final Key INGEST_BATCH_SIZE = key("insightflow.ingest.batchSize", "1000000",
      "Rows per lake part");
  public static final Key INGEST_TRIGGER_TIME = key("insightflow.ingest.triggerTime", null,
      "ISO-8601 instant of the run (the partition timestamp); default now");
  public static final Key INGEST_TEMPLATE = key("insightflow.ingest.template",
      "data/batch/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}",
      "Partition path template of batch ingest");
  public static final Key INGEST_FETCH_SIZE = key("insightflow.ingest.fetchSize", "10000",
      "JDBC fetch size when rows are streamed through the driver");
  public static final Key SYNC_MODE = key("insightflow.sync.mode", "incremental",
      "incremental | full | window");
  public static final Key SYNC_START = key("insightflow.sync.start", null,
      "Window start (inclusive), ISO-8601 instant");
  public static final Key SYNC_END = key("insightflow.sync.end", null,
      "Window end (exclusive), ISO-8601 instant");
  public static final Key SYNC_THREADS = key("insightflow.sync.threads", null,
      "Parallel COPY connections; default the number of processors");
  public static final Key SYNC_ON_ERROR = key("insightflow.sync.onError", "fail", "fail | reject");
  public static final Key GENERATE_SCALE = key("insightflow.generate.scale", "0.01",
      "Scale of the generated Instacart data (1.0 = real row counts)");
  public static final Key GENERATE_SEED = key("insightflow.generate.seed", "20170503",
      "Random seed of the generated data; the same seed and scale give the same files");
  public static final Key GENERATE_DIR = key("insightflow.generate.dir", "data/generated",
      "Directory for generated CSV files");
  public static final Key LOAD_DIR = key("insightflow.load.dir", "data/generated",
      "Directory of CSV files to load into the warehouse");
  public static final Key PLAN_OPERATION = key("insightflow.plan.operation", "ingest",
      "What plan dry-runs: ingest | sync");
  public static final Key SKIP = key("insightflow.skip", "false", "Skip the goal");

  private static final List<Key> ALL = List.of(CONFIG_FILE, LAKE, S3_ENDPOINT, S3_REGION, S3_PATH_STYLE,
      SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD, SOURCE_PRIVATE_KEY_FILE, TARGET_URL, TARGET_USER,
      TARGET_PASSWORD, TARGET_SCHEMA, TABLES, INGEST_BATCH_SIZE, INGEST_TRIGGER_TIME,
      INGEST_TEMPLATE, INGEST_FETCH_SIZE, SYNC_MODE, SYNC_START, SYNC_END, SYNC_THREADS,
      SYNC_ON_ERROR, GENERATE_SCALE, GENERATE_SEED, GENERATE_DIR, LOAD_DIR, PLAN_OPERATION, SKIP);

  private InsightflowProperties() {}

  /** Every key, in documentation order. */
  public static List<Key> all() {
    return ALL;
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
   * The {@code insightflow.*} names in {@code values} that are no known key, most likely typos.
   * Callers warn about them rather than fail, so a newer config still works with an older version.
   */
  public static List<String> unknownKeys(Map<String, String> values) {
    return values.keySet().stream().filter(k -> k.startsWith("insightflow.") && find(k).isEmpty())
        .sorted().toList();
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

  /** A copy of the map fit for printing: secret values are replaced by {@code ****}. */
  public static Map<String, String> masked(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, find(k).map(Key::secret).orElse(k.toLowerCase(Locale.ROOT)
        .contains("password")) ? "****" : v));
    return out;
  }

  private static Key key(String name, String defaultValue, String description) {
    return new Key(name, defaultValue, false, description);
  }

  private static Key secret(String name, String description) {
    return new Key(name, null, true, description);
  }
}
