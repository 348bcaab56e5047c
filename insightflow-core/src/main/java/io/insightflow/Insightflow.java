package io.insightflow;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Secrets;
import io.insightflow.app.IngestCall;
import io.insightflow.app.IngestService;
import io.insightflow.app.StreamService;
import io.insightflow.app.SyncCall;
import io.insightflow.app.SyncService;
import io.insightflow.config.ConfigKey;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.KeyRegistry;

import io.insightflow.connect.jdbc.JdbcDrivers;
import io.insightflow.catalog.Catalogs;
import io.insightflow.catalog.GlueCatalog;
import io.insightflow.connect.jdbc.PostgresDialect;
import io.insightflow.connect.kinesis.KinesisClientOptions;
import io.insightflow.connect.kinesis.KinesisClientProvider;
import io.insightflow.connect.kinesis.KinesisConsumer;
import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import io.insightflow.connect.kinesis.KinesisConsumerOptions;
import io.insightflow.connect.kinesis.KinesisPublisher;
import io.insightflow.connect.kinesis.KinesisPublisher.PublishResult;
import io.insightflow.connect.kinesis.KinesisPublisherOptions;
import io.insightflow.generate.GeneratedTable;
import io.insightflow.generate.InstacartGenerator;
import io.insightflow.ingest.BatchIngest;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.ingest.IngestPlan;
import io.insightflow.ingest.IngestResult;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.ObjectStores;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.spi.SourceConfig;
import io.insightflow.stream.OrderEventGenerator;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.StreamException;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncPlan;
import io.insightflow.sync.SyncResult;
import io.insightflow.sync.TableFreshness;
import io.insightflow.sync.TableStatus;
import io.insightflow.sync.VerifyReport;
import io.insightflow.internal.warehouse.DuckDbWarehouseLoader;
import io.insightflow.internal.warehouse.PostgresWarehouseLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.kinesis.KinesisClient;

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
 * closes them before returning. A caller that runs many calls (a Lambda container) opens a use case
 * once instead ({@link #openIngest()}, {@link #openSync()}, {@link #openStream()}) and gives each
 * call its overrides ({@link IngestCall}, {@link SyncCall}): the same code path as these methods.
 *
 * <pre>{@code
 * try (IngestService ingest = flow.openIngest()) {
 *   ingest.ingest(IngestCall.builder().triggerTime(scheduled).deadline(stopBy).build());
 * }
 * }</pre>
 *
 * <p>Relative directories ({@code insightflow.lake},
 * {@code insightflow.generate.dir}, {@code insightflow.load.dir}) and DuckDB database files resolve
 * against {@link Builder#baseDirectory(Path)}, so a Maven build writes under its project whatever
 * the working directory.
 */
@Evolving
public final class Insightflow {

  /** A URI scheme of two or more characters ({@code s3:}, {@code file:}), so {@code C:\lake} stays a path. */
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

  private final Map<String, String> settings;
  private final Path baseDirectory;
  private final Supplier<String> sourcePassword;
  private final Supplier<char[]> targetPassword;

  private Insightflow(Builder b) {
    this.settings = Collections.unmodifiableMap(InsightflowProperties.merge(b.layers));
    this.baseDirectory = b.baseDirectory;
    this.sourcePassword = b.sourcePassword;
    this.targetPassword = b.targetPassword;
  }

  /** A builder; add property layers lowest precedence first. */
  public static Builder configure() {
    return new Builder();
  }

  /** A builder preset with these settings and base directory; later layers override them. */
  public Builder toBuilder() {
    return configure().baseDirectory(baseDirectory).properties(settings).sourcePassword(sourcePassword)
        .targetPassword(targetPassword);
  }

  /** Shorthand for {@code configure().properties(properties).build()}. */
  public static Insightflow fromProperties(Map<String, String> properties) {
    return configure().properties(properties).build();
  }

  /**
   * Every setting after defaults and precedence were applied. Contains secrets: print only
   * {@link KeyRegistry#masked(Map) InsightflowProperties.registry().masked(settings)}.
   */
  public Map<String, String> settings() {
    return settings;
  }

  /** The value of a key after precedence; null when unset and without default. */
  public String get(ConfigKey<?> key) {
    return settings.get(key.name());
  }

  /** The directory relative paths resolve against. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /**
   * Writes Instacart-shaped CSV files ({@code insightflow.generate.scale}, {@code .seed},
   * {@code .dir}; {@code insightflow.tables} restricts the tables, default all six).
   *
   * @throws InsightflowConfigException for a bad scale, seed or table name
   */
  public List<GeneratedTable> generate() {
    InstacartGenerator.Builder generator = InstacartGenerator.builder()
        .scale(InsightflowProperties.GENERATE_SCALE.value(settings))
        .seed(InsightflowProperties.GENERATE_SEED.value(settings))
        .directory(path(InsightflowProperties.GENERATE_DIR));
    if (!tableNames().isEmpty()) {
      generator.tables(new LinkedHashSet<>(tableNames()));
    }
    return generator.build().generate();
  }

  /**
   * Loads the CSV files of {@code insightflow.load.dir} (only those named in
   * {@code insightflow.tables}, when set) into the warehouse at {@code insightflow.source.url},
   * one table per file, replacing tables of the same name. DuckDB and PostgreSQL (schema
   * {@code public}) are supported.
   *
   * @return rows loaded per table
   * @throws InsightflowConfigException for an unsupported URL or a bad file or table name
   */
  public Map<String, Long> loadWarehouse() {
    String url = resolveJdbcUrl(get(InsightflowProperties.SOURCE_URL));
    Path dir = path(InsightflowProperties.LOAD_DIR);
    Map<String, Path> files = new LinkedHashMap<>();
    tableNames().forEach(t -> files.put(t, dir.resolve(t + ".csv")));
    if (url.startsWith("jdbc:duckdb:")) {
      try (Connection c = DuckDbWarehouseLoader.connect(url)) {
        DuckDbWarehouseLoader loader = new DuckDbWarehouseLoader(c);
        return files.isEmpty() ? loader.loadDirectory(dir) : loader.load(files);
      } catch (SQLException e) {
        throw new InsightflowException("Cannot open the DuckDB warehouse " + Secrets.mask(url) + ": "
            + Secrets.mask(e.getMessage()), Secrets.scrub(e));
      }
    }
    if (url.startsWith("jdbc:postgresql:")) {
      SourceConfig source = SourceConfig.fromProperties(settings);
      try (Connection c = JdbcDrivers.connect(url, new PostgresDialect().connectionProperties(source),
          Insightflow.class.getClassLoader())) {
        PostgresWarehouseLoader loader = new PostgresWarehouseLoader(c, get(InsightflowProperties.LOAD_SCHEMA));
        return files.isEmpty() ? loader.loadDirectory(dir) : loader.load(files);
      } catch (SQLException e) {
        throw new InsightflowConfigException(InsightflowProperties.SOURCE_URL.name(), "Cannot connect to "
            + source.maskedUrl() + ": " + Secrets.mask(e.getMessage()) + "; check insightflow.source.url, .user and"
            + " .password", Secrets.scrub(e));
      }
    }
    throw new InsightflowConfigException(InsightflowProperties.SOURCE_URL.name(), "load-warehouse supports "
        + "jdbc:duckdb: and jdbc:postgresql: warehouses, not " + Secrets.mask(url));
  }

  /**
   * Batch ingest: warehouse tables into the sink of {@code insightflow.ingest.sink}, by default the
   * lake ({@link IngestService}).
   *
   * @throws InsightflowConfigException for bad or missing settings, naming the key
   * @throws io.insightflow.api.SourceException when reading a table fails
   * @throws io.insightflow.api.LakeException when writing the lake fails
   */
  public IngestResult ingest() {
    return ingest(IngestCall.configured());
  }

  /** {@link #ingest()} with per-call overrides (tables, trigger time, deadline). */
  public IngestResult ingest(IngestCall call) {
    Objects.requireNonNull(call, "call");
    try (IngestService service = openIngest()) {
      return service.ingest(call);
    }
  }

  /**
   * Opens the ingest use case: its sink (and lake client) and catalog client stay open for every
   * call until the caller closes it, as a Lambda container needs.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public IngestService openIngest() {
    return IngestService.open(resolvedSettings(), sourcePassword);
  }

  /**
   * Registers every complete run of the lake, batch and stream layouts, in the catalog of
   * {@code insightflow.catalog.glue.*} (which {@link #ingest()} and {@link #consume()} also do as
   * they write): for a new catalog, or one that missed runs. Registering again adds nothing twice.
   *
   * @return the runs registered
   * @throws InsightflowConfigException naming {@code insightflow.catalog.glue.database} when it is unset
   */
  public long registerCatalog() {
    try (ObjectStore lake = openLake()) {
      GlueCatalog catalog = Catalogs.open(settings, lake.describe()).orElseThrow(() -> new InsightflowConfigException(
          InsightflowProperties.CATALOG_GLUE_DATABASE.name(), "is required: name the Glue database to register runs in"));
      try (catalog) {
        return Catalogs.registerAll(catalog, lake, List.of(PartitionTemplate.of(get(InsightflowProperties.INGEST_TEMPLATE)),
            PartitionTemplate.stream()));
      }
    }
  }

  /** A dry run of {@link #ingest()} ({@link BatchIngest#plan}): reads, writes nothing. */
  public IngestPlan planIngest() {
    IngestOptions options = ingestOptions();
    Path localLake = localLakeDirectory();
    if (localLake != null && !Files.exists(localLake)) {
      // Opening a local lake creates its directory; a dry run must not, and nothing there can be replaced.
      return BatchIngest.plan(options, localLake.toUri().toString(), key -> false);
    }
    try (ObjectStore lake = openLake()) {
      return new BatchIngest(lake).plan(options);
    }
  }

  /**
   * Sync: loads the lake into PostgreSQL ({@link LakeSync#sync}) with {@code insightflow.target.*}
   * and {@code insightflow.sync.*}. Objects that fail do not throw: they are listed in the result,
   * whose {@link SyncResult#successful()} is then false.
   *
   * @throws InsightflowConfigException for bad or missing settings, naming the key
   * @throws InsightflowException when PostgreSQL or the lake cannot be reached
   */
  public SyncResult sync() {
    return sync(SyncCall.configured());
  }

  /** {@link #sync()} with per-call overrides (mode, window, tables, runs, deadline). */
  public SyncResult sync(SyncCall call) {
    Objects.requireNonNull(call, "call");
    try (SyncService service = openSync()) {
      return service.sync(call);
    }
  }

  /** Per table: objects in the lake, loaded, pending, failed, rows and last partition ({@link LakeSync#status}). */
  public List<TableStatus> status() {
    try (SyncService service = openSync()) {
      return service.status();
    }
  }

  /**
   * Per table: newest partition loaded, newest complete in the lake, and the lag of each behind now
   * ({@link LakeSync#freshness}). Lists the whole lake, as {@link #status()} does. [#23]
   *
   * <pre>{@code
   * flow.sync();
   * for (TableFreshness f : flow.freshness()) {
   *   System.out.println(f.table() + " " + f.loadedLag());
   * }
   * }</pre>
   */
  public List<TableFreshness> freshness() {
    try (SyncService service = openSync()) {
      return service.freshness();
    }
  }

  /**
   * Reconciles the lake with the target ({@link LakeSync#verify}, {@link VerifyReport}) and writes the
   * JSON report to {@code insightflow.verify.report} when set. Does not throw for a divergence: check
   * {@link VerifyReport#consistent()}. [#23]
   *
   * @throws InsightflowException when PostgreSQL or the lake cannot be reached, or the report cannot be written
   */
  public VerifyReport verify() {
    try (SyncService service = openSync()) {
      return service.verify();
    }
  }

  /** A dry run of {@link #sync()} ({@link LakeSync#plan}): reads, writes nothing. */
  public SyncPlan planSync() {
    try (SyncService service = openSync()) {
      return service.plan();
    }
  }

  /**
   * Opens the sync use case: its lake client and the target's credentials stay for every call
   * until the caller closes it, as a Lambda container needs.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public SyncService openSync() {
    return SyncService.open(resolvedSettings(), targetPassword, null);
  }

  /** {@link #openSync()} on a lake the caller opened and closes (such as one shared with other work). */
  public SyncService openSync(ObjectStore lake) {
    return SyncService.open(resolvedSettings(), targetPassword, Objects.requireNonNull(lake, "lake"));
  }

  /**
   * The dry run that {@code insightflow.plan.operation} names ({@code ingest} or {@code sync}), for
   * people: one entry per line.
   *
   * @throws InsightflowConfigException for an unknown operation
   */
  public List<String> plan() {
    String operation = get(InsightflowProperties.PLAN_OPERATION).trim();
    return switch (operation) {
      case "ingest" -> planIngest().describe();
      case "sync" -> planSync().describe();
      default -> throw new InsightflowConfigException(InsightflowProperties.PLAN_OPERATION.name(),
          "'" + operation + "' is no operation to plan; use ingest or sync");
    };
  }

  /**
   * Publishes generated Instacart-shaped order events to the Kinesis stream
   * {@code insightflow.stream.name} ({@link KinesisPublisher#publishOrderEvents}):
   * {@code insightflow.publish.count} events from index {@code insightflow.publish.from} (order ids
   * {@code from + 1} on), seeded by {@code insightflow.publish.seed}, at {@code insightflow.publish.rate}
   * events per second (0: as fast as the stream accepts). Event times start now, one millisecond
   * apart. The stream must exist. The client comes from {@code insightflow.kinesis.*}, credentials
   * from the default AWS chain; it is built for this call and closed before returning.
   *
   * @throws InsightflowConfigException for bad or missing settings, naming the key
   * @throws StreamException if records still fail after the retries, or the stream is unusable
   */
  public PublishResult publish() {
    KinesisClientOptions clientOptions = KinesisClientOptions.fromProperties(settings);
    KinesisPublisherOptions options = KinesisPublisherOptions.fromProperties(settings);
    long count = InsightflowProperties.PUBLISH_COUNT.value(settings);
    long from = InsightflowProperties.PUBLISH_FROM.value(settings);
    OrderEventGenerator generator = new OrderEventGenerator(
        InsightflowProperties.PUBLISH_SEED.value(settings), Instant.now());
    try (KinesisClient client = KinesisClientProvider.create(clientOptions)) {
      return new KinesisPublisher(client, options).publishOrderEvents(generator, from, count);
    }
  }

  /**
   * Consumes the Kinesis stream {@code insightflow.stream.name} into the lake ({@link #openLake()})
   * with the default transform ({@link OrderEventTransform}) and the {@code insightflow.consume.*}
   * buffering ({@link KinesisConsumer#run}). It returns after {@code insightflow.consume.maxRecords}
   * records or {@code insightflow.consume.idleTimeout} without one; with neither it runs until the
   * thread is interrupted or the process ends. Every shard resumes from its checkpoint in the lake,
   * so a run that is killed loses nothing: what was not written yet is read again by the next run.
   * The client is built for this call and closed before returning.
   *
   * @throws InsightflowConfigException for bad or missing settings, naming the key
   * @throws StreamException when Kinesis fails beyond the SDK's retries (no such stream…)
   * @throws io.insightflow.api.LakeException when writing the lake fails
   */
  public ConsumeResult consume() {
    // A bad setting fails before the lake is opened, which creates a local lake's directory.
    KinesisClientOptions.fromProperties(settings);
    KinesisConsumerOptions.fromProperties(settings);
    try (StreamService service = openStream()) {
      return service.consume();
    }
  }

  /**
   * Opens the stream use case: its lake client and catalog client stay for every call until the
   * caller closes it, as a Lambda container needs.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public StreamService openStream() {
    return StreamService.open(resolvedSettings(), null);
  }

  /** {@link #openStream()} on a lake the caller opened and closes. */
  public StreamService openStream(ObjectStore lake) {
    return StreamService.open(resolvedSettings(), Objects.requireNonNull(lake, "lake"));
  }

  /**
   * Opens the lake named by {@code insightflow.lake} ({@link ObjectStores#open}); the caller closes it.
   *
   * @throws InsightflowConfigException naming {@code insightflow.lake} or {@code insightflow.s3.*}
   *     if it cannot be opened
   */
  public ObjectStore openLake() {
    return ObjectStores.open(resolvedSettings());
  }

  /** The settings with {@code insightflow.lake} and a DuckDB file resolved against the base directory. */
  private Map<String, String> resolvedSettings() {
    Map<String, String> resolved = new LinkedHashMap<>(settings);
    resolved.put(InsightflowProperties.LAKE.name(), lakeLocation());
    resolved.put(InsightflowProperties.SOURCE_URL.name(), resolveJdbcUrl(get(InsightflowProperties.SOURCE_URL)));
    return resolved;
  }

  /**
   * {@code insightflow.lake} with a relative directory resolved against the base directory.
   *
   * @throws InsightflowConfigException naming {@code insightflow.lake} when it is empty or blank,
   *     which would otherwise resolve to the base directory itself
   */
  public String lakeLocation() {
    String lake = get(InsightflowProperties.LAKE);
    if (lake == null || lake.isBlank()) {
      throw new InsightflowConfigException(InsightflowProperties.LAKE.name(), "is empty; use a directory path, a"
          + " file: URI or s3://bucket/prefix (unset it for the default, lake)");
    }
    lake = lake.trim();
    return URI_SCHEME.matcher(lake).matches() ? lake : baseDirectory.resolve(lake).toString();
  }

  /** The directory of a local lake, or null for a remote one (S3). */
  private Path localLakeDirectory() {
    String lake = lakeLocation();
    if (!URI_SCHEME.matcher(lake).matches()) {
      return Path.of(lake);
    }
    return lake.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(lake)) : null;
  }

  /** The names of {@code insightflow.tables}; empty when unset. */
  private List<String> tableNames() {
    return InsightflowProperties.TABLES.value(settings);
  }

  /** A directory or file setting, resolved against the base directory. */
  private Path path(ConfigKey<?> key) {
    return baseDirectory.resolve(get(key));
  }

  private IngestOptions ingestOptions() {
    return IngestService.options(resolvedSettings(), sourcePassword, IngestCall.configured());
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
    return "Insightflow" + Connectors.registry().masked(settings) + " in " + baseDirectory;
  }

  /** Builder of {@link Insightflow}. Not thread-safe. */
  public static final class Builder {
    private final List<Map<String, String>> layers = new ArrayList<>();
    private final Map<String, String> single = new LinkedHashMap<>();
    private Path baseDirectory = Path.of("").toAbsolutePath();
    private Supplier<String> sourcePassword;
    private Supplier<char[]> targetPassword;

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

    /**
     * The warehouse password, asked for each connection, instead of {@code insightflow.source.password}:
     * for a secret resolved once (Secrets Manager, SSM) that must never sit in the settings. Null: none.
     */
    public Builder sourcePassword(Supplier<String> sourcePassword) {
      this.sourcePassword = sourcePassword;
      return this;
    }

    /**
     * The PostgreSQL password, asked for each connection (the caller may wipe the array), instead of
     * {@code insightflow.target.password} or an RDS IAM token. Null: none.
     */
    public Builder targetPassword(Supplier<char[]> targetPassword) {
      this.targetPassword = targetPassword;
      return this;
    }

    /**
     * Builds. Names are checked now: an {@code insightflow.*} name that is no key fails, naming the
     * nearest key. Values are validated by the operation that uses them, naming the offending key.
     *
     * @throws InsightflowConfigException for an unknown {@code insightflow.*} key
     */
    public Insightflow build() {
      KeyRegistry keys = Connectors.registry();
      layers.forEach(layer -> keys.requireKnown(layer, "the settings"));
      return new Insightflow(this);
    }
  }
}
