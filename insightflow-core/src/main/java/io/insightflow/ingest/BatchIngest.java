package io.insightflow.ingest;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.Internal;
import io.insightflow.api.Printable;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.layout.KeyColumns;
import io.insightflow.layout.Naming;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.internal.layout.PartNames;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.Checkpoint;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkWriter;
import io.insightflow.spi.Source;
import io.insightflow.spi.SourceReader;
import io.insightflow.spi.TableName;
import io.insightflow.spi.WriteContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch ingest: tables of a {@link Source} into a {@link Sink}, by default the raw lake
 * ({@link LakeSink}), one run per table and trigger time.
 *
 * <p>For each table the source plans deterministic chunks, each chunk is read batch by batch into
 * the sink's writer, and the sink's committer publishes the run (on the lake, the manifest written
 * last). A failed or killed run therefore publishes nothing, and its retry overwrites the same
 * parts. With a time budget ({@link IngestOptions#timeBudget()}) the run stops between batches when
 * the next one would not finish in time, records where it got, and the next run with the same
 * trigger time continues from there ({@link IngestResult#pendingTables()}).
 *
 * <p>Where the source reads a table with several readers ({@link Source#readers()}, such as
 * PostgreSQL's block ranges of one snapshot), the chunks are read on that many forks at once and
 * still written in chunk order, so the parts, checkpoints and resumes are those of a sequential
 * read.
 *
 * <p>Usage: {@code new BatchIngest(lake).run(IngestOptions.fromProperties(props))}. Thread-safe if
 * the sink is; one run uses one source connection, plus one per reader of a parallel table.
 */
@Internal
public final class BatchIngest {

  private static final Logger LOG = LoggerFactory.getLogger(BatchIngest.class);

  private final ObjectStore lake;
  private final Sink<?> sink;

  /** Ingest into a lake, laid out by {@link IngestOptions#template()}; the caller keeps and closes the lake. */
  public BatchIngest(ObjectStore lake) {
    this.lake = Objects.requireNonNull(lake, "lake");
    this.sink = null;
  }

  /** Ingest into any sink, which lays out what it writes itself; the caller keeps and closes the sink. */
  public BatchIngest(Sink<?> sink) {
    this.lake = null;
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /**
   * Runs the ingest. Every table is described before anything is written, so a misspelt table fails
   * the run up front.
   *
   * @throws io.insightflow.api.InsightflowConfigException for bad settings (URL, tables)
   * @throws io.insightflow.api.SourceException when reading a table fails
   * @throws io.insightflow.api.LakeException when writing the lake fails
   */
  public IngestResult run(IngestOptions options) {
    Objects.requireNonNull(options, "options");
    Instant start = options.clock().instant();
    // The clock is checked like a configured time: a test clock or a broken host must not write year=10000.
    Instant trigger = options.triggerTime() != null ? options.triggerTime()
        : PartitionTemplate.requireRepresentable(InsightflowProperties.INGEST_TRIGGER_TIME.name(), start);
    Instant deadline = options.timeBudget() == null ? null : start.plus(options.timeBudget());
    Sink<?> target = sink != null ? sink : new LakeSink(lake, options.template(), options.compression(), false);
    try (Source source = Connectors.source(options.source())) {
      // Named before anything is written: a name PostgreSQL cannot hold or two that become one fail the run here.
      Map<TableName, List<RunManifest.Column>> schemas = new LinkedHashMap<>();
      for (TableName table : options.tables()) {
        schemas.put(table, named(options.naming(), table, source.describe(table)));
      }
      List<IngestResult.TableResult> done = new ArrayList<>();
      List<String> pending = new ArrayList<>();
      for (Map.Entry<TableName, List<RunManifest.Column>> e : schemas.entrySet()) {
        Optional<IngestResult.TableResult> result = pending.isEmpty()
            ? ingestTable(source, target, e.getKey(), e.getValue(), trigger, deadline, options)
            : Optional.empty();
        result.ifPresentOrElse(done::add, () -> pending.add(e.getKey().name()));
      }
      return new IngestResult(trigger, done, pending);
    }
  }

  /**
   * A dry run: the folders, part names, row counts and statements a {@link #run} with the same
   * options would produce now. Reads the source (row counts) and the lake (existing manifests),
   * writes nothing.
   *
   * @throws io.insightflow.api.InsightflowConfigException for bad settings (URL, tables)
   * @throws io.insightflow.api.SourceException when a table cannot be read
   */
  public IngestPlan plan(IngestOptions options) {
    ObjectStore store = Objects.requireNonNull(lake, "plan needs the lake this ingest writes");
    return plan(options, store.describe(), key -> store.stat(key).isPresent());
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
    Instant trigger = options.triggerTimeOrNow();
    List<IngestPlan.TablePlan> tables = new ArrayList<>();
    try (Source source = Connectors.source(options.source())) {
      for (TableName table : options.tables()) {
        long rows = source.count(table);
        String name = lakeName(options.naming(), table);
        List<RunManifest.Column> columns = named(options.naming(), table, source.describe(table));
        String folder = options.template().render(name, trigger);
        long parts = Math.max(1, (rows + options.batchSize() - 1) / options.batchSize());
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= parts; i++) {
          keys.add(folder + "/" + PartNames.csvPart(name, i, options.compression()));
        }
        String manifestKey = RunManifest.keyIn(folder);
        tables.add(new IngestPlan.TablePlan(table.toString(), rows, folder, keys, manifestKey,
            exists.test(manifestKey), source.statements(source.plan(table, options.batchSize())),
            primaryKey(source, table, columns, options.naming())));
      }
    }
    return new IngestPlan(lakeDescription, trigger, tables);
  }

  /** The table's name in the lake and PostgreSQL. */
  private static String lakeName(Naming naming, TableName table) {
    try {
      return naming.table(table.name());
    } catch (InsightflowException e) {
      throw new InsightflowConfigException(InsightflowProperties.NAMING.nameFor(table.name()), e.getMessage(), e);
    }
  }

  /** The columns {@code source} describes, named by the table's policy; the table's name checked too. */
  private static List<RunManifest.Column> named(Naming naming, TableName table, List<RunManifest.Column> source) {
    lakeName(naming, table);
    try {
      return naming.columns(table.name(), source);
    } catch (InsightflowException e) {
      throw new InsightflowConfigException(InsightflowProperties.NAMING.nameFor(table.name()), e.getMessage(), e);
    }
  }

  /** One table's run; empty when the deadline stopped it (its progress is then recorded). */
  private static <C> Optional<IngestResult.TableResult> ingestTable(Source source, Sink<C> sink,
      TableName table, List<RunManifest.Column> columns, Instant trigger, Instant deadline,
      IngestOptions options) {
    long start = System.nanoTime();
    List<String> keys = primaryKey(source, table, columns, options.naming());
    List<Chunk> chunks = source.plan(table, options.batchSize());
    WriteContext context = new WriteContext(new TableName(table.schema(), lakeName(options.naming(), table)), columns,
        trigger, source.name(), source.query(table), chunks, keys, table.name(), options.naming().policyOf(table.name()));
    Progress progress = new Progress(table, start);
    C committable;
    try (SinkWriter<C> writer = sink.open(context)) {
      Checkpoint from = writer.restored().orElse(new Checkpoint(0, Position.START));
      List<Chunk> todo = chunks.subList(Math.min(from.chunk(), chunks.size()), chunks.size());
      int readers = Math.min(source.readers(), todo.size());
      LOG.info("table={} ingest started into {} ({} chunks, {} readers)", table, sink.describe(), chunks.size(),
          Math.max(1, readers));
      if (readers > 1) {
        readInParallel(source, readers, todo, from, writer, sink, progress, deadline, options);
      } else {
        for (Chunk chunk : todo) {
          Position position = chunk.index() == from.chunk() ? from.position() : Position.START;
          try (SourceReader reader = source.open(chunk, position, sink.staging())) {
            Optional<RecordBatch> batch;
            while (!progress.outOfTime(deadline, options) && (batch = reader.nextBatch()).isPresent()) {
              writer.write(chunk, batch.get());
              progress.add(batch.get().rows());
            }
          }
          if (progress.stopped) {
            break;
          }
        }
      }
      if (progress.stopped) {
        Checkpoint at = writer.checkpoint();
        LOG.info("table={} stopped for the time budget at {} after {} rows; the next run with trigger time {} continues",
            table, at, progress.rows, trigger);
        return Optional.empty();
      }
      committable = writer.prepareCommit();
    }
    sink.committer().commit(committable);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    RunManifest manifest = committable instanceof LakeSink.Run run ? run.manifest() : null;
    int parts = manifest == null ? progress.batches : manifest.parts().size();
    long rows = manifest == null ? progress.rows : manifest.rows();
    long bytes = manifest == null ? 0 : manifest.parts().stream().mapToLong(RunManifest.Part::bytes).sum();
    String manifestKey = committable instanceof LakeSink.Run run ? RunManifest.keyIn(run.folder()) : null;
    IngestResult.TableResult result = new IngestResult.TableResult(context.table().name(), manifestKey, parts, rows, bytes, elapsed);
    LOG.info("table={} parts={} rows={} bytes={} ms={} rows/s={}", table, parts, rows, bytes,
        elapsed.toMillis(), result.rowsPerSecond());
    return Optional.of(result);
  }

  /**
   * The source's primary key of the table, checked as sync checks a manifest's keys
   * ({@link KeyColumns}): a key sync would refuse (a column the schema lacks, a name no target can
   * hold) is not recorded, with a warning, so the run stays loadable; a key can then be set with
   * {@code insightflow.sync.keys.<table>}. [#21] The key is named as its {@code columns} are. [#22]
   */
  static List<String> primaryKey(Source source, TableName table, List<RunManifest.Column> columns, Naming naming) {
    List<String> keys = naming.keys(table.name(), source.primaryKey(table));
    Optional<String> problem = KeyColumns.problem(keys, columns);
    if (problem.isPresent()) {
      LOG.warn("table={} primary key not recorded: {}; set insightflow.sync.keys.{} to give sync a key", table,
          Printable.escape(problem.get()), table.name());
      return List.of();
    }
    return keys;
  }

  /**
   * Reads {@code todo} on {@code readers} forks of the source at once and writes the batches in
   * chunk order, exactly as the sequential loop would; batches read ahead of a stop are discarded,
   * so the checkpoint is the same. [#13]
   */
  private static <C> void readInParallel(Source source, int readers, List<Chunk> todo, Checkpoint from,
      SinkWriter<C> writer, Sink<C> sink, Progress progress, Instant deadline, IngestOptions options) {
    Position first = todo.get(0).index() == from.chunk() ? from.position() : Position.START;
    try (ParallelReads reads = new ParallelReads(source, readers, todo, first, sink.staging())) {
      Optional<ParallelReads.Read> read;
      while (!progress.outOfTime(deadline, options) && (read = reads.next()).isPresent()) {
        writer.write(read.get().chunk(), read.get().batch());
        progress.add(read.get().batch().rows());
      }
    }
  }

  /** Rows and batches of one table's run so far, for progress lines and the deadline estimate. */
  private static final class Progress {
    private final TableName table;
    private final long startNanos;
    long rows;
    int batches;
    boolean stopped;

    Progress(TableName table, long startNanos) {
      this.table = table;
      this.startNanos = startNanos;
    }

    void add(long batchRows) {
      rows += batchRows;
      batches++;
      long millis = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
      LOG.info("table={} part={} rows={} rows/s={}", table, batches, rows, rows * 1000 / millis);
    }

    /** Whether the next batch, taking as long as the average one so far, would end after the deadline. */
    boolean outOfTime(Instant deadline, IngestOptions options) {
      if (deadline == null) {
        return false;
      }
      long average = batches == 0 ? 0 : (System.nanoTime() - startNanos) / batches;
      stopped = options.clock().instant().plusNanos(average).isAfter(deadline);
      return stopped;
    }
  }
}
