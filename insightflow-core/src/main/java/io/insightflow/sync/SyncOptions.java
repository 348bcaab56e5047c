package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.INGEST_TEMPLATE;
import static io.insightflow.config.InsightflowProperties.SYNC_END;
import static io.insightflow.config.InsightflowProperties.SYNC_EXTERNAL_TABLES;
import static io.insightflow.config.InsightflowProperties.SYNC_MAX_INFLATION;
import static io.insightflow.config.InsightflowProperties.SYNC_MAX_LINE_BYTES;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_RELOAD;
import static io.insightflow.config.InsightflowProperties.SYNC_RETRY_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.SYNC_START;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.SYNC_UNKNOWN_FIELDS;
import static io.insightflow.config.InsightflowProperties.SYNC_WATERMARK_MARGIN;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.ConfigKey;
import io.insightflow.api.LakeException;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one sync does: mode, window, parallelism, bad-row policy, time budget, tables and layouts.
 * Immutable, reusable and thread-safe; build with {@link #builder()} or {@link #fromProperties},
 * which validate and name the offending key.
 *
 * <pre>{@code
 * SyncOptions options = SyncOptions.builder()
 *     .mode(SyncMode.WINDOW)
 *     .window(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-02T00:00:00Z"))
 *     .tables(Set.of("orders", "order_products__prior"))
 *     .timeBudget(Duration.ofMinutes(14))
 *     .build();
 * }</pre>
 *
 * @param mode which objects a sync selects
 * @param windowStart window start (inclusive), in {@link SyncMode#WINDOW} only, else null; a partition
 *     time ({@link PartitionTemplate#representable})
 * @param windowEnd window end (exclusive), in {@link SyncMode#WINDOW} only, else null; a partition time
 * @param threads parallel COPY connections
 * @param onError the bad-row policy
 * @param deadline no object starts loading at or after this instant; null for none
 * @param timeBudget a budget counted from the start of each sync (a Lambda's remaining time minus a
 *     margin); with {@code deadline}, the earlier wins; null for none
 * @param tables tables to sync; empty means every table found in the lake
 * @param schema target schema, or null to use the connection options' schema
 * @param templates layouts scanned, in order (default: the batch and the stream layout)
 * @param reload whether FULL and WINDOW syncs load again objects already loaded and unchanged (refused
 *     with INCREMENTAL, which only loads what is new)
 * @param watermarkMargin how far before the watermark incremental listings start, so runs whose first
 *     object appears after a later run was loaded are still found
 * @param runs manifest keys of the runs to load, or empty to select by mode. When set, exactly the
 *     objects these manifests list are loaded (still only of {@code tables} when set), whatever the
 *     mode, and no watermark moves: this is how an S3 notification of new manifests syncs just those runs
 * @param retryTimeout how long PostgreSQL may refuse or cut connections (a restart, a failover, a
 *     terminated backend) before the objects concerned fail; zero disables retries
 * @param externalTables tables whose objects other writers deliver without manifests (Firehose, a
 *     Snowflake unload, dropped files): every object under the table's folder is complete once it
 *     exists, identified by key and ETag, described by a {@code _schema.json} in that folder or by the
 *     existing target table
 * @param rejectUnknownFields whether a JSON-lines field that is no column fails its object (else it is ignored)
 * @param maxInflation most bytes a compressed object may decode to per stored byte (1 MiB always passes);
 *     beyond it the object fails as a compression bomb
 * @param maxLineBytes longest JSON line read; a longer line fails its object
 * @param writeMode what every table holds unless {@code tableWriteModes} names it ({@link WriteMode#APPEND})
 * @param tableWriteModes the write mode of single tables ({@code insightflow.sync.writeMode.<table>});
 *     a table matches exactly, else ignoring case (environment names are upper case)
 */
@Evolving
public record SyncOptions(SyncMode mode, Instant windowStart, Instant windowEnd, int threads, OnError onError,
    Instant deadline, Duration timeBudget, Set<String> tables, String schema, List<PartitionTemplate> templates,
    boolean reload, Duration watermarkMargin, Set<String> runs, Duration retryTimeout, Set<String> externalTables,
    boolean rejectUnknownFields, long maxInflation, long maxLineBytes, WriteMode writeMode,
    Map<String, WriteMode> tableWriteModes) {

  /** Validates, naming the offending key. */
  public SyncOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(onError, "onError");
    Objects.requireNonNull(watermarkMargin, "watermarkMargin");
    Objects.requireNonNull(retryTimeout, "retryTimeout");
    if (mode == SyncMode.WINDOW) {
      if (windowStart == null || windowEnd == null) {
        throw new InsightflowConfigException(SYNC_START.name(),
            "Window mode needs both insightflow.sync.start and insightflow.sync.end");
      }
      if (!windowStart.isBefore(windowEnd)) {
        throw new InsightflowConfigException(SYNC_END.name(),
            "Window end " + windowEnd + " must be after its start " + windowStart);
      }
      PartitionTemplate.requireRepresentable(SYNC_START.name(), windowStart);
      PartitionTemplate.requireRepresentable(SYNC_END.name(), windowEnd);
    } else if (windowStart != null || windowEnd != null) {
      throw new InsightflowConfigException((windowStart != null ? SYNC_START
          : SYNC_END).name(), "applies to mode=window only; set insightflow.sync.mode=window"
          + " or drop the window");
    }
    if (reload && mode == SyncMode.INCREMENTAL) {
      throw new InsightflowConfigException(SYNC_RELOAD.name(), "reload applies to mode=full or"
          + " window; mode incremental only loads what is new, so set insightflow.sync.mode or drop reload");
    }
    if (threads < 1 || threads > 256) {
      throw new InsightflowConfigException(SYNC_THREADS.name(),
          "Threads must be between 1 and 256, not " + threads);
    }
    if (timeBudget != null && timeBudget.isNegative()) {
      throw new InsightflowConfigException(SYNC_TIME_BUDGET.name(), "Time budget is negative");
    }
    if (watermarkMargin.isNegative()) {
      throw new InsightflowConfigException(SYNC_WATERMARK_MARGIN.name(), "Margin is negative");
    }
    if (maxInflation < 1 || maxInflation > 1_000_000) {
      throw new InsightflowConfigException(SYNC_MAX_INFLATION.name(),
          "The inflation limit must be between 1 and 1000000, not " + maxInflation);
    }
    if (maxLineBytes < 1024 || maxLineBytes > (1L << 30)) {
      throw new InsightflowConfigException(SYNC_MAX_LINE_BYTES.name(),
          "The longest line must be between 1024 bytes and 1 GiB, not " + maxLineBytes);
    }
    if (retryTimeout.isNegative()) {
      throw new InsightflowConfigException(SYNC_RETRY_TIMEOUT.name(), "Retry timeout is negative");
    }
    templates = List.copyOf(templates);
    if (templates.isEmpty()) {
      throw new InsightflowConfigException(INGEST_TEMPLATE.name(),
          "At least one partition template is needed");
    }
    tables = Set.copyOf(tables);
    tables.forEach(t -> Identifiers.validate(TABLES.name(), t));
    externalTables = Set.copyOf(externalTables);
    externalTables.forEach(t -> Identifiers.validate(SYNC_EXTERNAL_TABLES.name(), t));
    runs = Set.copyOf(runs);
    for (String run : runs) {
      try {
        ObjectKeys.check(run);
      } catch (LakeException e) {
        throw new InsightflowConfigException("runs", e.getMessage(), e);
      }
      if (!RunManifest.isManifestKey(run)) {
        throw new InsightflowConfigException("runs", "'" + run + "' is not a run manifest; a run is named by its"
            + " _manifest*.json object");
      }
    }
    if (schema != null) {
      Identifiers.validate(TARGET_SCHEMA.name(), schema);
    }
    Objects.requireNonNull(writeMode, "writeMode");
    tableWriteModes = Map.copyOf(tableWriteModes);
    checkWriteModes(writeMode, tableWriteModes, externalTables);
  }

  /**
   * Refuses what no sync could do right: merge (not built yet), and replace on an external table,
   * whose objects arrive one by one without a run manifest, so nothing says when a snapshot is
   * complete: each object, or whatever was listed at that moment, would replace the table with a
   * part of a snapshot, silently. [#21]
   */
  private static void checkWriteModes(WriteMode all, Map<String, WriteMode> tables, Set<String> externalTables) {
    if (all == WriteMode.MERGE) {
      throw new InsightflowConfigException(SYNC_WRITE_MODE.name(), "Write mode merge (every table) is not available"
          + " in this version of insightflow; use append or replace");
    }
    tables.forEach((table, mode) -> {
      Identifiers.validate(SYNC_WRITE_MODE.nameFor(table), table);
      if (mode == WriteMode.MERGE) {
        throw new InsightflowConfigException(SYNC_WRITE_MODE.nameFor(table), "Write mode merge of table " + table
            + " is not available in this version of insightflow; use append or replace for it");
      }
    });
    for (String table : new java.util.TreeSet<>(externalTables)) {
      if (writeMode(all, tables, table) == WriteMode.REPLACE) {
        String key = tableKey(tables, table) != null ? SYNC_WRITE_MODE.nameFor(tableKey(tables, table))
            : SYNC_WRITE_MODE.name();
        throw new InsightflowConfigException(key, "Write mode replace does not apply to the external table " + table
            + " (" + SYNC_EXTERNAL_TABLES.name() + "): its objects arrive without a run manifest, so nothing says"
            + " when a snapshot is complete and a part of one would replace the table; set "
            + SYNC_WRITE_MODE.nameFor(table) + "=append");
      }
    }
  }

  /** The write mode of {@code table}: its own ({@link #tableWriteModes()}), else {@link #writeMode()}. */
  public WriteMode writeMode(String table) {
    return writeMode(writeMode, tableWriteModes, table);
  }

  private static WriteMode writeMode(WriteMode all, Map<String, WriteMode> tables, String table) {
    String key = tableKey(tables, table);
    return key == null ? all : tables.get(key);
  }

  /** The entry of {@code tables} for {@code table}: the same name, else one equal ignoring case (the first). */
  private static String tableKey(Map<String, WriteMode> tables, String table) {
    if (tables.containsKey(table)) {
      return table;
    }
    return tables.keySet().stream().filter(t -> t.equalsIgnoreCase(table)).sorted().findFirst().orElse(null);
  }

  /** A builder with the defaults: incremental, threads = processors, onError fail, all tables. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from the {@code insightflow.sync.*}, {@code insightflow.tables} and
   * {@code insightflow.target.schema} keys (other keys are ignored).
   *
   * @throws InsightflowConfigException naming the offending key
   */
  public static SyncOptions fromProperties(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Builder b = builder().mode(SyncMode.parse(SYNC_MODE.value(properties)))
        .window(instant(properties, SYNC_START), instant(properties, SYNC_END))
        .onError(OnError.parse(SYNC_ON_ERROR.value(properties)));
    Integer threads = SYNC_THREADS.value(properties);
    if (threads != null) {
      b.threads(threads);
    }
    return b.tables(TABLES.value(properties))
        .externalTables(SYNC_EXTERNAL_TABLES.value(properties))
        .schema(properties.get(TARGET_SCHEMA.name()))
        .timeBudget(SYNC_TIME_BUDGET.value(properties))
        .watermarkMargin(SYNC_WATERMARK_MARGIN.value(properties))
        .reload(SYNC_RELOAD.value(properties))
        .retryTimeout(SYNC_RETRY_TIMEOUT.value(properties))
        .rejectUnknownFields(unknownFields(properties))
        .maxInflation(SYNC_MAX_INFLATION.value(properties))
        .maxLineBytes(SYNC_MAX_LINE_BYTES.value(properties))
        .writeMode(WriteMode.parse(SYNC_WRITE_MODE.name(), SYNC_WRITE_MODE.value(properties)))
        .writeModes(tableWriteModes(properties))
        .build();
  }

  /**
   * Options that only carry the write modes of {@code properties} (for the sink {@code postgresql},
   * which reads no other sync key), validated as {@link #fromProperties} validates them.
   *
   * @throws InsightflowConfigException naming the offending key
   */
  static SyncOptions writeModesOf(Map<String, String> properties) {
    return builder().writeMode(WriteMode.parse(SYNC_WRITE_MODE.name(), SYNC_WRITE_MODE.value(properties)))
        .writeModes(tableWriteModes(properties)).build();
  }

  /** The {@code insightflow.sync.writeMode.<table>} entries, by table. */
  private static Map<String, WriteMode> tableWriteModes(Map<String, String> properties) {
    Map<String, WriteMode> out = new LinkedHashMap<>();
    properties.forEach((key, value) -> {
      if (SYNC_WRITE_MODE.names(key) && !key.equals(SYNC_WRITE_MODE.name()) && value != null && !value.isBlank()) {
        out.put(key.substring(SYNC_WRITE_MODE.name().length() + 1), WriteMode.parse(key, value));
      }
    });
    return out;
  }

  private static boolean unknownFields(Map<String, String> properties) {
    String value = SYNC_UNKNOWN_FIELDS.value(properties);
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "ignore" -> false;
      case "reject" -> true;
      default -> throw new InsightflowConfigException(SYNC_UNKNOWN_FIELDS.name(),
          "'" + value + "' is neither ignore nor reject");
    };
  }

  private static Instant instant(Map<String, String> properties, ConfigKey<String> key) {
    String value = key.value(properties);
    return value == null ? null : PartitionTemplate.parseTime(key.name(), value);
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    return builder().mode(mode).window(windowStart, windowEnd).threads(threads).onError(onError)
        .deadline(deadline).timeBudget(timeBudget).tables(tables).schema(schema).templates(templates)
        .reload(reload).watermarkMargin(watermarkMargin).runs(runs).retryTimeout(retryTimeout)
        .externalTables(externalTables).rejectUnknownFields(rejectUnknownFields).maxInflation(maxInflation)
        .maxLineBytes(maxLineBytes).writeMode(writeMode).writeModes(tableWriteModes);
  }

  /** Builder; {@link #build()} validates. Not thread-safe. Setters are named after the options. */
  public static final class Builder {
    private SyncMode mode = SyncMode.parse(SYNC_MODE.defaultValue());
    private Instant windowStart;
    private Instant windowEnd;
    private int threads = Runtime.getRuntime().availableProcessors();
    private OnError onError = OnError.parse(SYNC_ON_ERROR.defaultValue());
    private Instant deadline;
    private Duration timeBudget;
    private Collection<String> tables = List.of();
    private String schema;
    private List<PartitionTemplate> templates = List.of(PartitionTemplate.batch(), PartitionTemplate.stream());
    private boolean reload;
    private Duration watermarkMargin = SYNC_WATERMARK_MARGIN.defaultValue();
    private Collection<String> runs = List.of();
    private Duration retryTimeout = SYNC_RETRY_TIMEOUT.defaultValue();
    private Collection<String> externalTables = List.of();
    private boolean rejectUnknownFields;
    private long maxInflation = SYNC_MAX_INFLATION.defaultValue();
    private long maxLineBytes = SYNC_MAX_LINE_BYTES.defaultValue();
    private WriteMode writeMode = WriteMode.parse(SYNC_WRITE_MODE.name(), SYNC_WRITE_MODE.defaultValue());
    private final Map<String, WriteMode> tableWriteModes = new LinkedHashMap<>();

    private Builder() {}

    public Builder mode(SyncMode mode) {
      this.mode = mode;
      return this;
    }

    /** The half-open window {@code [start, end)} on partition time, for {@link SyncMode#WINDOW}. */
    public Builder window(Instant start, Instant end) {
      this.windowStart = start;
      this.windowEnd = end;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder onError(OnError onError) {
      this.onError = onError;
      return this;
    }

    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    public Builder timeBudget(Duration timeBudget) {
      this.timeBudget = timeBudget;
      return this;
    }

    public Builder tables(Collection<String> tables) {
      this.tables = Objects.requireNonNull(tables, "tables");
      return this;
    }

    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    public Builder templates(List<PartitionTemplate> templates) {
      this.templates = Objects.requireNonNull(templates, "templates");
      return this;
    }

    public Builder reload(boolean reload) {
      this.reload = reload;
      return this;
    }

    /** Null keeps the default (1 hour). */
    public Builder watermarkMargin(Duration watermarkMargin) {
      this.watermarkMargin = watermarkMargin == null ? SYNC_WATERMARK_MARGIN.defaultValue() : watermarkMargin;
      return this;
    }

    /** Keys relative to the lake, each a {@code _manifest*.json} inside a partition folder. */
    public Builder runs(Collection<String> manifestKeys) {
      this.runs = Objects.requireNonNull(manifestKeys, "manifestKeys");
      return this;
    }

    /** Null keeps the default (60 s). */
    public Builder retryTimeout(Duration retryTimeout) {
      this.retryTimeout = retryTimeout == null ? SYNC_RETRY_TIMEOUT.defaultValue() : retryTimeout;
      return this;
    }

    public Builder externalTables(Collection<String> externalTables) {
      this.externalTables = Objects.requireNonNull(externalTables, "externalTables");
      return this;
    }

    public Builder rejectUnknownFields(boolean rejectUnknownFields) {
      this.rejectUnknownFields = rejectUnknownFields;
      return this;
    }

    public Builder maxInflation(long maxInflation) {
      this.maxInflation = maxInflation;
      return this;
    }

    public Builder maxLineBytes(long maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
      return this;
    }

    /** The write mode of every table that {@link #writeMode(String, WriteMode)} does not name. */
    public Builder writeMode(WriteMode writeMode) {
      this.writeMode = Objects.requireNonNull(writeMode, "writeMode");
      return this;
    }

    /** The write mode of one table ({@code insightflow.sync.writeMode.<table>}); null removes it. */
    public Builder writeMode(String table, WriteMode writeMode) {
      Objects.requireNonNull(table, "table");
      if (writeMode == null) {
        tableWriteModes.remove(table);
      } else {
        tableWriteModes.put(table, writeMode);
      }
      return this;
    }

    /** The write modes of single tables, replacing those set before. */
    public Builder writeModes(Map<String, WriteMode> tableWriteModes) {
      this.tableWriteModes.clear();
      this.tableWriteModes.putAll(tableWriteModes);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InsightflowConfigException naming the offending key
     */
    public SyncOptions build() {
      return new SyncOptions(mode, windowStart, windowEnd, threads, onError, deadline, timeBudget,
          new LinkedHashSet<>(tables), schema, templates, reload, watermarkMargin, new LinkedHashSet<>(runs),
          retryTimeout, new LinkedHashSet<>(externalTables), rejectUnknownFields, maxInflation, maxLineBytes,
          writeMode, tableWriteModes);
    }
  }
}
