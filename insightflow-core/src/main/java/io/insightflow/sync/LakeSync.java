package io.insightflow.sync;

import io.insightflow.api.Internal;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Loads the complete runs of a lake into PostgreSQL, exactly once per object (see DESIGN.md, "Sync").
 *
 * <p>Each object is loaded by {@code COPY … FROM STDIN} from the object's bytes as they stream out
 * of the lake, in one transaction with its record in {@code _insightflow_loaded}: it is written by
 * a writer of a {@link PostgresSink} and recorded by that sink's committer. Objects load in
 * parallel over {@link SyncOptions#threads()} connections; several processes may sync the same
 * tables at once, because each object is claimed with a PostgreSQL advisory lock and its record is
 * re-checked inside the claiming transaction. An object rewritten with new content (a new CRC32C in
 * its manifest) replaces the rows its earlier version loaded.
 *
 * <p><b>Write modes.</b> A table in {@link WriteMode#APPEND} (the default) gets the rows of every
 * object. A table in {@link WriteMode#REPLACE} holds the newest complete run: per sync, its newest
 * run with an object to load replaces the table in one transaction ({@code ReplaceTransaction}),
 * and the objects of older runs are recorded as superseded, never loaded
 * ({@link SyncOptions#writeMode(String)}). A table in {@link WriteMode#MERGE} is upserted on its
 * key ({@link TableKeys}): it equals applying every loaded object in lake order, whatever order and
 * number of workers load them in ({@code MergeTransaction}).
 *
 * <p><b>Schema changes.</b> An object whose columns differ from its table's adds the new columns
 * and applies safe widenings in its own transaction, before its COPY, and fails naming the column
 * and both types when the change is not safe; under {@link SchemaChangeMode#FREEZE} any difference
 * fails it ({@link SyncOptions#schemaChanges(String)}).
 *
 * <p><b>Incremental listing rule.</b> Per table and layout, the engine keeps a watermark: the
 * partition time of the oldest folder that was incomplete or had an object not loaded (failed,
 * claimed by another worker, or left for the deadline) at the end of the last sync, or else the
 * newest complete folder. The next incremental sync lists from the watermark minus
 * {@link SyncOptions#watermarkMargin()} (default 1 hour), which catches runs whose first object
 * appears after a later run was loaded, as long as they start writing within the margin; older
 * late runs, and rewrites of folders older than that, are found by a {@link SyncMode#FULL} sync. An
 * abandoned incomplete folder holds the watermark where it is until it is completed or deleted.
 *
 * <p>Thread-safe; one instance may run several syncs. It owns no connection between calls.
 *
 * <pre>{@code
 * LakeSync sync = new LakeSync(PostgresConnectionOptions.builder()
 *     .set(TARGET_URL, "jdbc:postgresql://127.0.0.1:5432/test").set(TARGET_SCHEMA, "lake").build());
 * SyncResult result = sync.sync(new LocalObjectStore(Path.of("lake")), SyncOptions.builder().build());
 * if (!result.successful()) {
 *   result.failures().forEach(f -> System.err.println(f.message()));
 * }
 * }</pre>
 */
@Internal
public final class LakeSync {

  private final PostgresConnectionOptions target;
  private final Clock clock;

  /** A sync into the given PostgreSQL target. */
  public LakeSync(PostgresConnectionOptions target) {
    this(target, Clock.systemUTC());
  }

  /** A sync into the given target, reading "now" (for deadlines) from {@code clock}. */
  public LakeSync(PostgresConnectionOptions target, Clock clock) {
    this.target = Objects.requireNonNull(target, "target");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Loads what {@code options} select from {@code lake}. Object failures do not throw: they are
   * listed in the result, whose {@link SyncResult#successful()} is then false.
   *
   * @param lake the lake; not closed by this method
   * @throws InsightflowException if PostgreSQL cannot be reached or prepared, or the lake cannot be listed, or
   *     the calling thread is interrupted: then it returns once the objects being loaded are committed or
   *     rolled back, and nothing of the sync runs on
   */
  public SyncResult sync(ObjectStore lake, SyncOptions options) {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(options, "options");
    return new SyncRun(target, catalog(options), clock).run(lake, options);
  }

  /**
   * The state of every table of the lake (or of {@link SyncOptions#tables()}): complete objects in
   * the lake, loaded, pending, failed, rows and last loaded partition. Lists the whole lake; reads
   * but never writes PostgreSQL.
   *
   * @throws InsightflowException if PostgreSQL cannot be reached or the lake cannot be listed
   */
  public List<TableStatus> status(ObjectStore lake, SyncOptions options) {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(options, "options");
    return new TableStatusReader(target, catalog(options), clock).read(lake, options);
  }

  /**
   * How far each table's newest loaded partition is behind this sync's clock, from the ledger alone
   * (one grouped query, no listing: cheap enough after every sync, for the freshness metric); tables
   * outside {@link SyncOptions#tables()}, when set, are left out. [#23]
   *
   * @throws InsightflowException if PostgreSQL cannot be reached
   */
  public Map<String, Duration> loadedLags(SyncOptions options) {
    SyncCatalog catalog = catalog(options);
    Map<String, Duration> lags = new TreeMap<>();
    try (Connection c = target.connect()) {
      if (catalog.exists(c)) {
        Instant now = clock.instant();
        catalog.newestLoaded(c).forEach((table, newest) -> {
          if (options.tables().isEmpty() || options.tables().contains(table)) {
            lags.put(table, TableFreshness.of(table, newest, null, now).loadedLag());
          }
        });
      }
    } catch (SQLException e) {
      throw new InsightflowException("Cannot read the loaded partitions of schema " + catalog.schema() + " of "
          + target + ": " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
    return lags;
  }

  /**
   * How stale each table of the lake (or of {@link SyncOptions#tables()}) is: newest partition loaded,
   * newest complete in the lake, and the lag of each behind this sync's clock. Costs what
   * {@link #status} costs (it lists the whole lake). [#23]
   *
   * @throws InsightflowException if PostgreSQL cannot be reached or the lake cannot be listed
   */
  public List<TableFreshness> freshness(ObjectStore lake, SyncOptions options) {
    return status(lake, options).stream().map(TableStatus::freshness).toList();
  }

  /**
   * Reconciles the lake with the target ({@link VerifyReport}): per table and per object, the rows
   * each manifest promises against the rows carrying the object's id, the keys of merge tables,
   * the objects not loaded and why, and the loaded objects that vanished or changed since. Lists
   * the whole lake; runs one grouped query per table (two for a merge table); reads an object only
   * when its ETag changed since it was loaded. Reads but never writes PostgreSQL or the lake. [#23]
   *
   * @throws InsightflowException if PostgreSQL cannot be reached or the lake cannot be listed
   */
  public VerifyReport verify(ObjectStore lake, SyncOptions options) {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(options, "options");
    return new Verifier(target, catalog(options), clock).verify(lake, options);
  }

  /**
   * A dry run of {@link #sync}: the objects it would load now and the COPY statement of each.
   * Reads the lake and PostgreSQL; writes nothing, not even the catalog tables.
   *
   * @throws InsightflowException if PostgreSQL cannot be reached or the lake cannot be listed
   */
  public SyncPlan plan(ObjectStore lake, SyncOptions options) {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(options, "options");
    return new SyncPlanner(target, catalog(options)).plan(lake, options);
  }

  private SyncCatalog catalog(SyncOptions options) {
    return new SyncCatalog(options.schema() != null ? options.schema() : target.schema());
  }
}
