package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.internal.Json;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.Checkpoint;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.WriteContext;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest run of a source table into PostgreSQL, staged so that it can stop part way and resume:
 * each batch is COPYed into a staging table of the run ({@code _insightflow_stage_<hash>}) and
 * committed there, out of readers' sight, and {@link #checkpoint()} keeps how far the run got as
 * that table's COMMENT, which a new attempt of the same run (same table, trigger time and plan)
 * picks up. The commit moves every batch into the target table and records it in the ledger under
 * a deterministic key ({@code ingest:<table>@<trigger time>/part-00001}), so a rerun replaces its
 * rows rather than adding to them. In a {@link WriteMode#MERGE} table the commit upserts the
 * batches instead, in the order that key gives ({@link StagedMerge}).
 *
 * <p>Connections and transactions: while writing, the run holds one connection borrowed from the
 * sink's idle connections, with one transaction per batch; {@link #prepareCommit} gives it back.
 * The commit ({@link LoadCommitter}) borrows another and runs {@link #publish} in one transaction
 * that it ends. {@link #close()} rolls back an unfinished batch and gives the connection back.
 * Confined to the writer's thread until {@link #prepareCommit}.
 */
final class StagedRun implements PostgresSink.PendingCommit {

  private static final Logger LOG = LoggerFactory.getLogger(StagedRun.class);

  /**
   * The progress of a run that stopped early, kept as the comment of its staging table so that it
   * commits with the batches it describes.
   */
  record Progress(List<String> chunks, List<Staged> parts, int chunk, long position) {
    record Staged(long rows, long bytes, String crc32c) {}
  }

  private final IdleConnections connections;
  private final SyncCatalog catalog;
  private final CheckedCopy copy;
  private final boolean reload;
  private final WriteMode writeMode;
  /** How the commit upserts the batches into a merge table; null in the other write modes. */
  private final StagedMerge merge;
  private final String sink;
  private final WriteContext context;
  private final String run;
  private final String stage;
  private final List<LedgerEntry> entries = new ArrayList<>();
  private final IdleConnections.Held connection;
  private boolean headerMatch;
  private Checkpoint restored;
  private Checkpoint reached;

  private StagedRun(IdleConnections connections, SyncCatalog catalog, CheckedCopy copy, boolean reload,
      String sink, WriteContext context, WriteMode writeMode, List<String> keys, MergeRules.TableMerge rules) {
    this.writeMode = writeMode;
    this.connections = connections;
    this.catalog = catalog;
    this.copy = copy;
    this.reload = reload;
    this.sink = sink;
    this.context = context;
    this.run = "ingest:" + context.table().name() + "@" + context.triggerTime();
    this.stage = "_insightflow_stage_" + UUID.nameUUIDFromBytes(run.getBytes(StandardCharsets.UTF_8))
        .toString().replace("-", "").substring(0, 16);
    this.connection = connections.hold();
    this.merge = writeMode == WriteMode.MERGE
        ? new StagedMerge(catalog, context.table().name(), qualified(stage), context.columns(), keys, rules,
            reload) : null;
  }

  /**
   * Makes sure the target table and the run's staging table exist, and picks up the progress a
   * checkpoint of an earlier attempt of the same run left in the staging table.
   *
   * @param sink the sink's description, for messages
   * @param keys the key of a {@link WriteMode#MERGE} table ({@link StagedMerge#key}); empty otherwise
   * @param rules a merge table's deletes, soft deletes and ordering column
   * @throws PostgresSink.Failure when PostgreSQL fails
   */
  static StagedRun open(IdleConnections connections, SyncCatalog catalog, TableDdl ddl, CheckedCopy copy,
      boolean reload, String sink, WriteContext context, WriteMode writeMode, List<String> keys,
      MergeRules.TableMerge rules) {
    StagedRun run = new StagedRun(connections, catalog, copy, reload, sink, context, writeMode, keys, rules);
    try {
      run.openStage(ddl);
      return run;
    } catch (SQLException e) {
      run.close();
      throw new PostgresSink.Failure("Cannot prepare the staging table " + run.stage + " in " + sink + ": "
          + Secrets.mask(e.getMessage()), e);
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
  }

  /** Where an earlier attempt of this run stopped, if it left its progress. */
  Optional<Checkpoint> restored() {
    return Optional.ofNullable(restored);
  }

  /** COPYs one batch into the staging table and commits it there, out of readers' sight. */
  void write(Chunk chunk, RecordBatch batch) throws SQLException, IOException {
    Connection c = connection.get();
    int number = entries.size() + 1;
    LakeObject declared = partObject(number, batch.rows(), -1, batch.crc32c());
    c.setAutoCommit(false);
    CheckedCopy.provenance(c, number);
    String copySql = CheckedCopy.copySql(qualified(stage), context.columns(), headerMatch, ObjectFormat.CSV);
    LakeObject staged;
    try (CheckedObject in = CheckedObject.of(declared, batch.data().open(), copy.limits())) {
      long rows = copy.copy(c, copySql, declared, in, false);
      staged = partObject(number, rows, in.bytesRead(), in.crc32c());
    } catch (SQLException e) {
      if (CheckedCopy.isDataError(e)) {
        throw refused(declared, e);
      }
      throw e;
    }
    c.commit();
    c.setAutoCommit(true);
    addEntry(staged);
    reached = new Checkpoint(chunk.index(), batch.end());
    LOG.debug("table={} staged part={} rows={}", context.table(), number, staged.rows());
  }

  /**
   * A batch whose rows PostgreSQL refused (a NULL key of a merge table, a value the table's type
   * cannot hold), named with the line and column of the COPY error. Without the server's exception
   * as cause: its detail and context quote the row.
   */
  private BadObjectException refused(LakeObject batch, SQLException e) {
    CopyErrorContext ctx = CopyErrorContext.of(e).orElse(new CopyErrorContext(0, null, e.getSQLState()));
    return new BadObjectException(batch.key(), ctx.line(), ctx.column(), "Cannot stage a batch of table "
        + context.table().name() + ": " + ctx.describe() + "; nothing of the run is committed");
  }

  /** Records in the staging table how far the run got; the staged batches are committed already. */
  Checkpoint checkpoint() {
    Checkpoint at = reached == null ? new Checkpoint(0, Position.START) : reached;
    List<Progress.Staged> staged = entries.stream()
        .map(e -> new Progress.Staged(e.rows, e.object.bytes(), e.object.crc32c())).toList();
    Progress progress = new Progress(chunkNames(), staged, at.chunk(), at.position().rows());
    try (Statement st = connection.get().createStatement()) {
      String json = Json.MAPPER.writeValueAsString(progress).replace("'", "''");
      st.execute("COMMENT ON TABLE " + qualified(stage) + " IS '" + json + "'");
    } catch (SQLException e) {
      throw new PostgresSink.Failure("Cannot record the run's progress in " + sink + ": "
          + Secrets.mask(e.getMessage()), e);
    } catch (IOException e) {
      throw new PostgresSink.Failure("Cannot record the run's progress: " + e.getMessage(), e);
    }
    return at;
  }

  /** Gives the connection back and returns the load whose commit moves the staged batches. */
  PostgresSink.Load prepareCommit() {
    close();
    return new PostgresSink.Load(context.table().name(), List.copyOf(entries), this);
  }

  /** A new transaction for the commit, on a connection the committer owns from now on. */
  @Override
  public Connection transaction() throws SQLException {
    Connection c = connections.borrow();
    c.setAutoCommit(false);
    return c;
  }

  /**
   * Moves (or, into a merge table, upserts) the staged batches into the target table, records them,
   * forgets the batches of an earlier, longer attempt of the run and drops the staging table, in the
   * committer's transaction.
   */
  @Override
  public boolean publish(Connection c) throws SQLException {
    if (merge != null) {
      StagedMerge.readCommitted(c);
    }
    SyncCatalog.lock(c, "run:" + catalog.schema() + "/" + run);
    if (merge != null) {
      merge.publish(c, run, entries);
      dropStage(c);
      return true;
    }
    String columns = context.columns().stream().map(RunManifest.Column::name).map(Identifiers::quote)
        .collect(Collectors.joining(", "));
    List<String> keys = entries.stream().map(e -> e.object.key()).toList();
    Replace replace = writeMode == WriteMode.REPLACE ? replaceTable(c, keys) : Replace.NONE;
    if (replace == Replace.SUPERSEDED) {
      return publishSuperseded(c);
    }
    for (LedgerEntry entry : entries) {
      if (replace == Replace.EMPTIED) {
        entry.id = catalog.objectId(c, entry.object.key()); // its earlier rows went with the table's
      } else if (!catalog.replacePrevious(c, entry, reload)) {
        entry.status = LedgerEntry.Status.SKIPPED;
        continue;
      }
      long moved;
      try (Statement st = c.createStatement()) {
        moved = st.executeUpdate("INSERT INTO " + qualified(context.table().name()) + " (" + columns + ", \""
            + SyncCatalog.PROVENANCE + "\") SELECT " + columns + ", " + entry.id + " FROM " + qualified(stage)
            + " WHERE \"" + SyncCatalog.PROVENANCE + "\" = " + entry.number);
      }
      if (moved != entry.rows) {
        throw new InsightflowException("Batch " + entry.object.key() + " has " + moved + " staged rows, not "
            + entry.rows + "; run the ingest again");
      }
      entry.status = LedgerEntry.Status.LOADED;
      catalog.record(c, entry);
    }
    catalog.forgetRunExcept(c, run, keys);
    dropStage(c);
    return true;
  }

  private void dropStage(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + qualified(stage));
    }
  }

  /** What a replace table's commit does: not a replace, superseded, this very run already there, or emptied. */
  private enum Replace { NONE, SUPERSEDED, IN_PLACE, EMPTIED }

  /**
   * For a replace table ({@link WriteMode#REPLACE}, as {@link ReplaceTransaction} does for a lake
   * run): under the table's lock, empties the table and marks what was loaded before as superseded,
   * unless the table holds a newer run, or this run as it is. In the committer's transaction.
   */
  private Replace replaceTable(Connection c, List<String> keys) throws SQLException {
    String table = context.table().name();
    SyncCatalog.lock(c, "replace:" + catalog.schema() + "." + table);
    ReplaceRuns.Position holds = catalog.currentRun(c, table);
    ReplaceRuns.Position position = new ReplaceRuns.Position(context.triggerTime(), "");
    if (holds != null && holds.compareTo(position) > 0) {
      return Replace.SUPERSEDED;
    }
    Map<String, String[]> recorded = catalog.recorded(c, keys);
    if (!reload && position.equals(holds) && entries.stream().allMatch(e -> recorded.containsKey(e.object.key())
        && recorded.get(e.object.key())[0].equals(e.object.version())
        && recorded.get(e.object.key())[1].equals(SyncCatalog.LOADED_STATE))) {
      return Replace.IN_PLACE;
    }
    try (Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM " + qualified(table));
    }
    catalog.supersedeAllBut(c, table, keys);
    return Replace.EMPTIED;
  }

  /** Records every batch as superseded, moving nothing: the table holds a newer run. */
  private boolean publishSuperseded(Connection c) throws SQLException {
    for (LedgerEntry entry : entries) {
      entry.status = LedgerEntry.Status.SUPERSEDED;
      entry.id = catalog.objectId(c, entry.object.key());
      catalog.record(c, entry);
    }
    dropStage(c);
    return true;
  }

  /** Rolls back an unfinished batch, keeping the connection. */
  void rollback() {
    connection.rollback();
  }

  /** Rolls back an unfinished batch and gives the connection back. Idempotent. */
  void close() {
    connection.close();
  }

  private void openStage(TableDdl ddl) throws SQLException {
    Connection c = connection.get();
    headerMatch = CheckedCopy.headerMatch(c);
    ddl.ensure(c, partObject(0, 0, -1, null));
    if (merge != null) {
      ddl.ensureKey(c, context.table().name(), merge.keys());
    }
    Progress progress = readProgress(c);
    if (progress != null) {
      for (Progress.Staged p : progress.parts()) {
        addEntry(partObject(entries.size() + 1, p.rows(), p.bytes(), p.crc32c()));
      }
      restored = new Checkpoint(progress.chunk(), new Position(progress.position()));
      reached = restored;
      LOG.info("table={} resumes at {} with {} batches staged in PostgreSQL", context.table(), restored, entries.size());
      return;
    }
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + qualified(stage));
      st.execute("CREATE TABLE " + qualified(stage) + " (LIKE " + qualified(context.table().name())
          + " INCLUDING DEFAULTS)");
      if (merge != null) {
        st.execute(merge.prepareStageSql());
      }
    }
  }

  /** The progress an earlier attempt left, or null when there is none or it does not fit this run. */
  private Progress readProgress(Connection c) throws SQLException {
    String json;
    try (PreparedStatement ps = c.prepareStatement("SELECT obj_description(to_regclass(?), 'pg_class')")) {
      ps.setString(1, qualified(stage));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        json = rs.getString(1);
      }
    }
    if (json == null) {
      return null;
    }
    Progress progress;
    try {
      progress = Json.MAPPER.readValue(json, Progress.class);
    } catch (IOException e) {
      LOG.warn("Ignoring the unreadable progress of {}: {}; the run starts over", qualified(stage), e.toString());
      return null;
    }
    if (!progress.chunks().equals(chunkNames())) {
      LOG.info("table={} the plan changed since the run stopped; it starts over", context.table());
      return null;
    }
    if (progress.position() > 0 && !context.chunks().get(progress.chunk()).repeatable()) {
      LOG.info("table={} stopped inside a chunk that cannot be re-read in the same order; it starts over", context.table());
      return null;
    }
    if ((merge != null) != StagedMerge.numbersRows(c, qualified(stage))) {
      LOG.info("table={} changed to or from write mode merge since the run stopped; it starts over", context.table());
      return null;
    }
    return progress;
  }

  private void addEntry(LakeObject staged) {
    LedgerEntry entry = new LedgerEntry(staged, entries.size() + 1, LedgerEntry.Status.LOADED);
    entry.rows = staged.rows();
    entries.add(entry);
  }

  /** The ledger's description of batch {@code number} of this run. */
  private LakeObject partObject(int number, long rows, long bytes, String crc32c) {
    return new LakeObject(context.table().name(), String.format("%s/part-%05d", run, number),
        context.triggerTime(), null, run, rows, bytes, bytes, crc32c, null, context.columns());
  }

  private List<String> chunkNames() {
    return context.chunks().stream().map(Chunk::toString).toList();
  }

  private String qualified(String table) {
    return Identifiers.qualified("insightflow.tables", catalog.schema(), table);
  }
}
