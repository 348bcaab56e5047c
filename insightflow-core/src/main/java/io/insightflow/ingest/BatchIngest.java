package io.insightflow.ingest;

import io.insightflow.InsightflowException;
import io.insightflow.LakeException;
import io.insightflow.connect.jdbc.JdbcSource;
import io.insightflow.connect.jdbc.TableName;
import io.insightflow.lake.ObjectInfo;
import io.insightflow.lake.ObjectKeys;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.PartNames;
import io.insightflow.layout.RunManifest;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch ingest: warehouse tables into the raw lake, one partition folder per table and run.
 *
 * <p>For each table: the previous manifest of the same trigger time (if any) is removed first, so
 * readers never see a mix of two runs; the parts are written with deterministic names; objects of
 * an earlier, longer run that this run did not rewrite are deleted; the manifest is written last.
 * A failed or killed run therefore leaves no manifest, and sync ignores its folder.
 *
 * <p>Usage: {@code new BatchIngest(lake).run(IngestOptions.fromProperties(props))}. Thread-safe if
 * the store is; one run uses one warehouse connection.
 */
public final class BatchIngest {

  private static final Logger LOG = LoggerFactory.getLogger(BatchIngest.class);

  private final ObjectStore lake;

  /** @param lake the lake to write; the caller keeps ownership and closes it */
  public BatchIngest(ObjectStore lake) {
    this.lake = Objects.requireNonNull(lake, "lake");
  }

  /**
   * Runs the ingest. Every table is checked before anything is written, so a misspelt table fails
   * the run up front.
   *
   * @throws io.insightflow.InsightflowConfigException for bad settings (URL, tables)
   * @throws io.insightflow.SourceException when reading a table fails
   * @throws io.insightflow.LakeException when writing the lake fails
   */
  public IngestResult run(IngestOptions options) {
    Objects.requireNonNull(options, "options");
    Instant trigger = options.triggerTime().orElseGet(options.clock()::instant);
    try (JdbcSource source = JdbcSource.open(options.source())) {
      Map<TableName, List<RunManifest.Column>> schemas = new LinkedHashMap<>();
      for (TableName table : options.tables()) {
        schemas.put(table, source.describe(table));
      }
      List<IngestResult.TableResult> results = new ArrayList<>();
      for (Map.Entry<TableName, List<RunManifest.Column>> e : schemas.entrySet()) {
        results.add(ingestTable(source, e.getKey(), e.getValue(), trigger, options));
      }
      return new IngestResult(trigger, results);
    }
  }

  /**
   * A dry run: the folders, part names, row counts and SQL a {@link #run} with the same options
   * would produce now. Reads the warehouse (row counts) and the lake (existing manifests), writes
   * nothing.
   *
   * @throws io.insightflow.InsightflowConfigException for bad settings (URL, tables)
   * @throws io.insightflow.SourceException when a table cannot be read
   */
  public IngestPlan plan(IngestOptions options) {
    return plan(options, lake.describe(), key -> lake.stat(key).isPresent());
  }

  /**
   * {@link #plan(IngestOptions)} without a lake object: for a lake that does not exist yet, which a
   * dry run must not create.
   *
   * @param lakeDescription how to show the lake
   * @param exists whether an object exists in the lake (to tell a run that would be replaced)
   */
  public static IngestPlan plan(IngestOptions options, String lakeDescription, Predicate<String> exists) {
    Objects.requireNonNull(options, "options");
    Instant trigger = options.triggerTime().orElseGet(options.clock()::instant);
    List<IngestPlan.TablePlan> tables = new ArrayList<>();
    try (JdbcSource source = JdbcSource.open(options.source())) {
      for (TableName table : options.tables()) {
        long rows = source.count(table);
        String folder = options.template().render(table.name(), trigger);
        long parts = Math.max(1, (rows + options.batchSize() - 1) / options.batchSize());
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= parts; i++) {
          keys.add(folder + "/" + PartNames.csvPart(table.name(), i));
        }
        String manifestKey = RunManifest.keyIn(folder);
        tables.add(new IngestPlan.TablePlan(table.toString(), rows, folder, keys, manifestKey,
            exists.test(manifestKey), source.exportStatements(table, rows, options.batchSize())));
      }
    }
    return new IngestPlan(lakeDescription, trigger, tables);
  }

  private IngestResult.TableResult ingestTable(JdbcSource source, TableName table,
      List<RunManifest.Column> columns, Instant trigger, IngestOptions options) {
    long start = System.nanoTime();
    String folder = options.template().render(table.name(), trigger);
    String manifestKey = RunManifest.keyIn(folder);
    lake.delete(manifestKey);
    LOG.info("table={} ingest started into {}/{}", table, lake.describe(), folder);
    List<RunManifest.Part> parts;
    long rows;
    try (PartPublisher publisher = new PartPublisher(lake, folder, table.name())) {
      rows = source.export(table, options.batchSize(), publisher);
      parts = publisher.await();
    } catch (RuntimeException e) {
      deleteDataObjects(folder, Set.of());
      if (e instanceof UncheckedIOException io) {
        // The exporters write part files into the lake's staging area.
        throw new LakeException(folder, "Cannot write the parts of table " + table + " to " + lake.describe()
            + ": " + io.getCause().getMessage(), io.getCause());
      }
      throw e;
    }
    if (parts.stream().mapToLong(RunManifest.Part::rows).sum() != rows) {
      throw new InsightflowException("Row accounting mismatch for " + table + ": exported " + rows
          + " rows but the parts hold " + parts.stream().mapToLong(RunManifest.Part::rows).sum());
    }
    Set<String> written = new HashSet<>();
    parts.forEach(p -> written.add(p.key()));
    deleteDataObjects(folder, written);
    RunManifest manifest = new RunManifest(RunManifest.VERSION, UUID.randomUUID().toString(),
        table.name(), trigger, "csv", source.dialect().name(), source.selectAll(table), columns, parts,
        rows, Instant.now());
    lake.put(manifestKey, manifest.toJson());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long bytes = parts.stream().mapToLong(RunManifest.Part::bytes).sum();
    IngestResult.TableResult result =
        new IngestResult.TableResult(table.name(), manifestKey, parts.size(), rows, bytes, elapsed);
    LOG.info("table={} parts={} rows={} bytes={} ms={} rows/s={}", table, parts.size(), rows, bytes,
        elapsed.toMillis(), result.rowsPerSecond());
    return result;
  }

  /** Deletes data objects in the folder except {@code keep}: leftovers of a longer earlier run or of a failed one. */
  private void deleteDataObjects(String folder, Set<String> keep) {
    List<String> stale;
    try (Stream<ObjectInfo> listing = lake.list(folder + "/")) {
      stale = listing.map(ObjectInfo::key)
          .filter(k -> !ObjectKeys.isMetadata(k) && !keep.contains(k) && ObjectKeys.parent(k).equals(folder))
          .toList();
    }
    stale.forEach(lake::delete);
  }
}
