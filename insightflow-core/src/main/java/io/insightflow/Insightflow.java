package io.insightflow;

import io.insightflow.connect.jdbc.JdbcDrivers;
import io.insightflow.ingest.BatchIngest;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.ingest.IngestPlan;
import io.insightflow.ingest.IngestResult;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.lake.ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one entry point for every operation, configured by {@link InsightflowProperties} keys. The
 * Maven goals and the Lambda handlers only build one of these from their inputs and call a method.
 *
 * <pre>{@code
 * Insightflow flow = Insightflow.configure()
 *     .property("insightflow.source.url", "jdbc:duckdb:warehouse.duckdb")
 *     .property("insightflow.tables", "orders,products")
 *     .property("insightflow.lake", "lake")
 *     .build();
 * IngestResult result = flow.ingest();
 * }</pre>
 *
 * <p>Immutable and thread-safe; every call opens the connections and lake clients it needs and
 * closes them before returning. Relative directories ({@code insightflow.lake},
 * {@code insightflow.generate.dir}, {@code insightflow.load.dir}) and DuckDB database files resolve
 * against {@link Builder#baseDirectory(Path)}, so a Maven build writes under its project whatever
 * the working directory.
 */
public final class Insightflow {

  private final Map<String, String> settings;
  private final Path baseDirectory;

  private Insightflow(Builder b) {
    this.settings = Collections.unmodifiableMap(InsightflowProperties.merge(b.layers.toArray(Map[]::new)));
    this.baseDirectory = b.baseDirectory;
  }

  /** A builder; add property layers lowest precedence first. */
  public static Builder configure() {
    return new Builder();
  }

  /** Shorthand for {@code configure().properties(properties).build()}. */
  public static Insightflow fromProperties(Map<String, String> properties) {
    return configure().properties(properties).build();
  }

  /**
   * Every setting after defaults and precedence were applied. Contains secrets: print only
   * {@link InsightflowProperties#masked(Map)} of it.
   */
  public Map<String, String> settings() {
    return settings;
  }

  /** The value of a key after precedence; null when unset and without default. */
  public String get(InsightflowProperties.Key key) {
    return settings.get(key.name());
  }

  /** The directory relative paths resolve against. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /**
   * Batch ingest: warehouse tables into the lake ({@link BatchIngest#run}).
   *
   * @throws InsightflowConfigException for bad or missing settings, naming the key
   * @throws SourceException when reading a table fails
   * @throws LakeException when writing the lake fails
   */
  public IngestResult ingest() {
    IngestOptions options = ingestOptions();
    try (ObjectStore lake = openLake()) {
      return new BatchIngest(lake).run(options);
    }
  }

  /** A dry run of {@link #ingest()} ({@link BatchIngest#plan}): reads, writes nothing. */
  public IngestPlan planIngest() {
    IngestOptions options = ingestOptions();
    try (ObjectStore lake = openLake()) {
      return new BatchIngest(lake).plan(options);
    }
  }

  /**
   * Opens the lake named by {@code insightflow.lake}; the caller closes it.
   *
   * @throws InsightflowConfigException (key {@code insightflow.lake}) if it cannot be opened
   */
  public ObjectStore openLake() {
    String lake = get(InsightflowProperties.LAKE);
    if (lake.startsWith("s3://")) {
      throw new InsightflowConfigException(InsightflowProperties.LAKE.name(),
          "S3 lakes are not supported by this build yet; use a directory");
    }
    Path dir = lake.startsWith("file:") ? Path.of(URI.create(lake)) : Path.of(lake);
    return new LocalObjectStore(baseDirectory.resolve(dir));
  }

  private IngestOptions ingestOptions() {
    JdbcDrivers.register(Insightflow.class.getClassLoader());
    Map<String, String> resolved = new LinkedHashMap<>(settings);
    resolved.put(InsightflowProperties.SOURCE_URL.name(), resolveJdbcUrl(get(InsightflowProperties.SOURCE_URL)));
    return IngestOptions.fromProperties(resolved);
  }

  /** DuckDB database files given as relative paths live in the base directory, like every other file. */
  String resolveJdbcUrl(String url) {
    String prefix = "jdbc:duckdb:";
    if (url == null || !url.startsWith(prefix)) {
      return url;
    }
    String rest = url.substring(prefix.length());
    int params = rest.indexOf('?');
    String file = params < 0 ? rest : rest.substring(0, params);
    // In-memory databases (":memory:", empty) and remote ones ("md:db") have no local file.
    if (file.isEmpty() || file.startsWith(":") || file.contains(":") && !Path.of(file).isAbsolute()) {
      return url;
    }
    return prefix + baseDirectory.resolve(file) + (params < 0 ? "" : rest.substring(params));
  }

  @Override
  public String toString() {
    return "Insightflow" + InsightflowProperties.masked(settings) + " in " + baseDirectory;
  }

  /** Builder of {@link Insightflow}. Not thread-safe. */
  public static final class Builder {
    private final List<Map<String, String>> layers = new ArrayList<>();
    private final Map<String, String> single = new LinkedHashMap<>();
    private Path baseDirectory = Path.of("").toAbsolutePath();

    private Builder() {
      layers.add(single);
    }

    /**
     * Adds a layer of settings that overrides every layer added before it (and the defaults).
     * Null values are ignored, so "not set" never hides a lower layer.
     */
    public Builder properties(Map<String, String> properties) {
      layers.remove(single);
      layers.add(new LinkedHashMap<>(Objects.requireNonNull(properties, "properties")));
      layers.add(single);
      return this;
    }

    /** Sets one key; it overrides every layer. */
    public Builder property(String key, String value) {
      single.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** The directory relative paths resolve against; default the working directory. */
    public Builder baseDirectory(Path baseDirectory) {
      this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory").toAbsolutePath().normalize();
      return this;
    }

    /** Builds; settings are validated by the operation that uses them, naming the offending key. */
    public Insightflow build() {
      return new Insightflow(this);
    }
  }
}
