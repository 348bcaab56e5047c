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
import static io.insightflow.config.InsightflowProperties.SYNC_SCHEMA_CHANGES;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.ConfigKey;
import io.insightflow.config.OptionsBuilder;
import io.insightflow.api.LakeException;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.layout.Naming;
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
 * which read the {@code insightflow.sync.*} keys (each checked by its own rule) and name the offending
 * key; the constructor checks what relates several of them.
 *
 * <pre>{@code
 * SyncOptions options = SyncOptions.builder()
 *     .set(SYNC_MODE, "window").set(SYNC_START, "2024-05-01T00:00:00Z").set(SYNC_END, "2024-05-02T00:00:00Z")
 *     .set(TABLES, List.of("orders", "order_products__prior"))
 *     .set(SYNC_TIME_BUDGET, Duration.ofMinutes(14))
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
 *     terminated backend) before the objects concerned fail; zero disables these retries (a deadlock
 *     between workers is retried still)
 * @param externalTables tables whose objects other writers deliver without manifests (Firehose, a
 *     Snowflake unload, dropped files): every object under the table's folder is complete once it
 *     exists, identified by key and ETag, described by a {@code _schema.json} in that folder or by the
 *     existing target table
 * @param rejectUnknownFields whether a JSON-lines field that is no column fails its object (else it is ignored)
 * @param maxInflation most bytes a compressed object may decode to per stored byte (1 MiB always passes);
 *     beyond it the object fails as a compression bomb
 * @param maxLineBytes longest JSON line, or CSV record of an object other writers delivered, read; a longer one
 *     fails its object
 * @param keys key columns set by configuration, overriding what the lake records ({@link TableKeys#resolve})
 * @param writeMode what every table holds unless {@code tableWriteModes} names it ({@link WriteMode#APPEND})
 * @param tableWriteModes the write mode of single tables ({@code insightflow.sync.writeMode.<table>});
 *     a table matches exactly, else ignoring case (environment names are upper case)
 * @param schemaChanges what an object whose columns differ from its table's does, unless
 *     {@code tableSchemaChanges} names the table ({@link SchemaChangeMode#EVOLVE})
 * @param tableSchemaChanges the schema change mode of single tables ({@code insightflow.sync.schemaChanges.<table>}),
 *     matched as {@code tableWriteModes}
 * @param mergeRules deletes, soft deletes and ordering columns of merge tables ({@link MergeRules}); refused
 *     for a table whose write mode is not merge
 * @param naming how the column names of external tables' objects become PostgreSQL's
 *     ({@code insightflow.naming}; a run's manifest records the names its ingest gave) [#22]
 */
@Evolving
public record SyncOptions(SyncMode mode, Instant windowStart, Instant windowEnd, int threads, OnError onError,
    Instant deadline, Duration timeBudget, Set<String> tables, String schema, List<PartitionTemplate> templates,
    boolean reload, Duration watermarkMargin, Set<String> runs, Duration retryTimeout, Set<String> externalTables,
    boolean rejectUnknownFields, long maxInflation, long maxLineBytes, ConfiguredKeys keys,
    WriteMode writeMode, Map<String, WriteMode> tableWriteModes, SchemaChangeMode schemaChanges,
    Map<String, SchemaChangeMode> tableSchemaChanges, MergeRules mergeRules, Naming naming) {

  /** Validates, naming the offending key. */
  public SyncOptions {
    keys = keys == null ? ConfiguredKeys.none() : keys;
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
    schemaChanges = schemaChanges == null ? SchemaChangeMode.EVOLVE : schemaChanges;
    tableSchemaChanges = tableSchemaChanges == null ? Map.of() : Map.copyOf(tableSchemaChanges);
    tableSchemaChanges.keySet().forEach(t -> Identifiers.validate(SYNC_SCHEMA_CHANGES.nameFor(t), t));
    mergeRules = mergeRules == null ? MergeRules.none() : mergeRules;
    naming = naming == null ? Naming.KEEP : naming;
    Map<String, WriteMode> modes = tableWriteModes;
    mergeRules.checkWriteModes(writeMode, modes, table -> writeMode(writeMode, modes, table));
  }

  /** Options as before merge rules: no deletes, no ordering column. */
  public SyncOptions(SyncMode mode, Instant windowStart, Instant windowEnd, int threads, OnError onError,
      Instant deadline, Duration timeBudget, Set<String> tables, String schema, List<PartitionTemplate> templates,
      boolean reload, Duration watermarkMargin, Set<String> runs, Duration retryTimeout, Set<String> externalTables,
      boolean rejectUnknownFields, long maxInflation, long maxLineBytes, ConfiguredKeys keys,
      WriteMode writeMode, Map<String, WriteMode> tableWriteModes, SchemaChangeMode schemaChanges,
      Map<String, SchemaChangeMode> tableSchemaChanges) {
    this(mode, windowStart, windowEnd, threads, onError, deadline, timeBudget, tables, schema, templates, reload,
        watermarkMargin, runs, retryTimeout, externalTables, rejectUnknownFields, maxInflation, maxLineBytes, keys,
        writeMode, tableWriteModes, schemaChanges, tableSchemaChanges, MergeRules.none(), null);
  }

  /** Options as before schema change modes: every table {@link SchemaChangeMode#EVOLVE}. */
  public SyncOptions(SyncMode mode, Instant windowStart, Instant windowEnd, int threads, OnError onError,
      Instant deadline, Duration timeBudget, Set<String> tables, String schema, List<PartitionTemplate> templates,
      boolean reload, Duration watermarkMargin, Set<String> runs, Duration retryTimeout, Set<String> externalTables,
      boolean rejectUnknownFields, long maxInflation, long maxLineBytes, ConfiguredKeys keys,
      WriteMode writeMode, Map<String, WriteMode> tableWriteModes) {
    this(mode, windowStart, windowEnd, threads, onError, deadline, timeBudget, tables, schema, templates, reload,
        watermarkMargin, runs, retryTimeout, externalTables, rejectUnknownFields, maxInflation, maxLineBytes, keys,
        writeMode, tableWriteModes, SchemaChangeMode.EVOLVE, Map.of(), MergeRules.none(), null);
  }

  /** The schema change mode of {@code table}: its own ({@link #tableSchemaChanges()}), else {@link #schemaChanges()}. */
  public SchemaChangeMode schemaChanges(String table) {
    String key = tableKey(tableSchemaChanges, table);
    return key == null ? schemaChanges : tableSchemaChanges.get(key);
  }

  /**
   * Refuses what no sync could do right: replace on an external table, whose objects arrive one by
   * one without a run manifest, so nothing says when a snapshot is complete: each object, or
   * whatever was listed at that moment, would replace the table with a part of a snapshot,
   * silently. Merge needs a key, which the lake may declare: a merge table without one fails when
   * its objects load, naming the key to set. [#21]
   */
  private static void checkWriteModes(WriteMode all, Map<String, WriteMode> tables, Set<String> externalTables) {
    tables.forEach((table, mode) -> Identifiers.validate(SYNC_WRITE_MODE.nameFor(table), table));
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
  private static String tableKey(Map<String, ?> tables, String table) {
    if (tables.containsKey(table)) {
      return table;
    }
    return tables.keySet().stream().filter(t -> t.equalsIgnoreCase(table)).sorted().findFirst().orElse(null);
  }

  /** A builder of options from keys ({@link #fromProperties}); unset keys keep their defaults. */
  public static OptionsBuilder<SyncOptions> builder() {
    return new OptionsBuilder<>(SyncOptions::fromProperties);
  }

  /**
   * Options from the {@code insightflow.sync.*}, {@code insightflow.tables} and
   * {@code insightflow.target.schema} keys (other keys are ignored), scanning the batch and the stream layout.
   *
   * @throws InsightflowConfigException naming the offending key
   */
  public static SyncOptions fromProperties(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Integer threads = SYNC_THREADS.value(properties);
    return new SyncOptions(SyncMode.parse(SYNC_MODE.value(properties)), instant(properties, SYNC_START),
        instant(properties, SYNC_END), threads != null ? threads : Runtime.getRuntime().availableProcessors(),
        OnError.parse(SYNC_ON_ERROR.value(properties)), null, SYNC_TIME_BUDGET.value(properties),
        tables(properties), properties.get(TARGET_SCHEMA.name()),
        List.of(PartitionTemplate.batch(), PartitionTemplate.stream()), SYNC_RELOAD.value(properties),
        SYNC_WATERMARK_MARGIN.value(properties), Set.of(), SYNC_RETRY_TIMEOUT.value(properties),
        Set.copyOf(SYNC_EXTERNAL_TABLES.value(properties)),
        SYNC_UNKNOWN_FIELDS.value(properties).equalsIgnoreCase("reject"), SYNC_MAX_INFLATION.value(properties),
        SYNC_MAX_LINE_BYTES.value(properties), ConfiguredKeys.fromProperties(properties),
        WriteMode.parse(SYNC_WRITE_MODE.name(), SYNC_WRITE_MODE.value(properties)), tableWriteModes(properties),
        SchemaChangeMode.parse(SYNC_SCHEMA_CHANGES.name(), SYNC_SCHEMA_CHANGES.value(properties)),
        tableSchemaChanges(properties), MergeRules.fromProperties(properties), Naming.fromProperties(properties));
  }

  /**
   * Options that only carry the write modes, schema change modes and merge rules of {@code properties} (for the sink {@code postgresql},
   * which reads no other sync key), validated as {@link #fromProperties} validates them.
   *
   * @throws InsightflowConfigException naming the offending key
   */
  static SyncOptions writeModesOf(Map<String, String> properties) {
    Map<String, String> modes = new LinkedHashMap<>();
    properties.forEach((key, value) -> {
      if (SYNC_WRITE_MODE.names(key) || SYNC_SCHEMA_CHANGES.names(key) || MergeRules.names(key)) {
        modes.put(key, value);
      }
    });
    return fromProperties(modes);
  }

  /**
   * {@code insightflow.tables} as sync selects them: each name as written and as its naming policy
   * spells it in the lake, so the keys that ingest a table ({@code ORDERS}, {@code naming=lower}) also
   * sync it ({@code orders}). [#22]
   */
  private static Set<String> tables(Map<String, String> properties) {
    Naming naming = Naming.fromProperties(properties);
    Set<String> tables = new LinkedHashSet<>();
    for (String table : TABLES.value(properties)) {
      tables.add(table);
      tables.add(naming.policyOf(table).apply(table));
    }
    return tables;
  }

  /** The {@code insightflow.sync.writeMode.<table>} entries, by table. */
  private static Map<String, WriteMode> tableWriteModes(Map<String, String> properties) {
    Map<String, WriteMode> out = new LinkedHashMap<>();
    SYNC_WRITE_MODE.tableValues(properties).forEach((table, value) ->
        out.put(table, WriteMode.parse(SYNC_WRITE_MODE.nameFor(table), value)));
    return out;
  }

  /** The {@code insightflow.sync.schemaChanges.<table>} entries, by table. */
  private static Map<String, SchemaChangeMode> tableSchemaChanges(Map<String, String> properties) {
    Map<String, SchemaChangeMode> out = new LinkedHashMap<>();
    SYNC_SCHEMA_CHANGES.tableValues(properties).forEach((table, value) ->
        out.put(table, SchemaChangeMode.parse(SYNC_SCHEMA_CHANGES.nameFor(table), value)));
    return out;
  }

  /** These options loading exactly the objects of these runs ({@link #runs()}). */
  public SyncOptions withRuns(Collection<String> manifestKeys) {
    return new SyncOptions(mode, windowStart, windowEnd, threads, onError, deadline, timeBudget, tables, schema,
        templates, reload, watermarkMargin, Set.copyOf(manifestKeys), retryTimeout, externalTables,
        rejectUnknownFields, maxInflation, maxLineBytes, keys, writeMode, tableWriteModes, schemaChanges, tableSchemaChanges,
        mergeRules, naming);
  }

  /** These options stopping at {@code deadline} ({@link #deadline()}); null for none. */
  public SyncOptions withDeadline(Instant deadline) {
    return new SyncOptions(mode, windowStart, windowEnd, threads, onError, deadline, timeBudget, tables, schema,
        templates, reload, watermarkMargin, runs, retryTimeout, externalTables, rejectUnknownFields, maxInflation,
        maxLineBytes, keys, writeMode, tableWriteModes, schemaChanges, tableSchemaChanges,
        mergeRules, naming);
  }

  /** These options over the whole lake: mode full, no window, no runs (what a status compares with). */
  public SyncOptions wholeLake() {
    return new SyncOptions(SyncMode.FULL, null, null, threads, onError, deadline, timeBudget, tables, schema,
        templates, reload, watermarkMargin, Set.of(), retryTimeout, externalTables, rejectUnknownFields, maxInflation,
        maxLineBytes, keys, writeMode, tableWriteModes, schemaChanges, tableSchemaChanges,
        mergeRules, naming);
  }

  private static Instant instant(Map<String, String> properties, ConfigKey<String> key) {
    String value = key.value(properties);
    return value == null ? null : PartitionTemplate.parseTime(key.name(), value);
  }
}
