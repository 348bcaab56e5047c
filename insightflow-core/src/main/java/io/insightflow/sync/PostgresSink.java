package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.BatchData;
import io.insightflow.spi.Checkpoint;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Committer;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkWriter;
import io.insightflow.spi.WriteContext;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * PostgreSQL as a sink (name {@code postgresql}): rows arrive by {@code COPY … FROM STDIN} as the
 * bytes of each batch stream in, and each batch is recorded in the ledger {@code _insightflow_loaded}
 * of the target schema in the same transaction as its rows (see the package documentation). The
 * ledger makes the commit idempotent: a batch already recorded with the same CRC32C is not loaded
 * again, and one recorded with another CRC32C has its earlier rows replaced.
 *
 * <p>Two kinds of batches, one ledger:
 * <ul>
 *   <li>A lake object on its way to PostgreSQL ({@link LakeSync}, one object per writer): loaded in
 *       one transaction that the committer ends by recording the object
 *       ({@link ObjectLoadTransaction}). Nothing is visible before that commit; a broken connection
 *       loses the whole transaction.</li>
 *   <li>Any other batch (ingest from a source, {@code insightflow.ingest.sink=postgresql}): staged
 *       in a table of its run, one transaction per batch, which {@link SinkWriter#checkpoint()} lets
 *       a new attempt resume from; the committer moves every batch into the target table and records
 *       it, in one transaction ({@link StagedRun}).</li>
 * </ul>
 * Target tables are created from the columns when absent, as sync creates them from a manifest.
 *
 * <p>Thread-safe: writers on different threads share the sink's idle connections, at most one
 * connection per open writer or uncommitted {@link Load}. The caller closes the sink after its
 * writers and commits; closing it closes the idle connections.
 */
final class PostgresSink implements Sink<PostgresSink.Load> {

  private final PostgresConnectionOptions target;
  private final SyncCatalog catalog;
  private final TableDdl ddl;
  private final CheckedCopy copy;
  private final OnError onError;
  private final boolean reload;
  private final IdleConnections connections;
  private final LoadCommitter committer;
  /** The merge's fast path, which remembers per table whether it met a key the table had. */
  private final FreshKeysCopy freshKeys;
  /** Keys configuration sets for a source's tables; none for a sync, whose writers get the effective key. */
  private final ConfiguredKeys configuredKeys;
  private final java.util.function.Function<String, WriteMode> writeModes;
  private final java.util.function.Function<String, MergeRules.TableMerge> mergeRules;

  /**
   * A sink into the schema of {@code target} ({@code insightflow.target.schema}); it creates the
   * ledger tables when it first writes. Opens no connection yet.
   */
  public PostgresSink(PostgresConnectionOptions target) {
    this(target, ConfiguredKeys.none(), table -> WriteMode.APPEND, table -> SchemaChangeMode.EVOLVE,
        table -> MergeRules.TableMerge.NONE);
  }

  /**
   * {@link #PostgresSink(PostgresConnectionOptions)} where {@code keys} override the primary keys
   * sources report ({@link WriteContext#keys()}), as they override the lake's for sync, whose runs
   * append to, replace or merge into their table as {@code writeModes} says per table ({@link
   * WriteMode#REPLACE}: a run's commit replaces the rows of the table, unless the table holds a newer
   * run; {@link WriteMode#MERGE}: it upserts on that key in lake order, {@link StagedMerge}), and
   * whose tables take schema changes as {@code schemaChanges} says, and whose merges apply deletes and
   * an ordering column as {@code mergeRules} says. [#21]
   */
  PostgresSink(PostgresConnectionOptions target, ConfiguredKeys keys,
      java.util.function.Function<String, WriteMode> writeModes,
      java.util.function.Function<String, SchemaChangeMode> schemaChanges,
      java.util.function.Function<String, MergeRules.TableMerge> mergeRules) {
    this(target, new SyncCatalog(Objects.requireNonNull(target, "target").schema()), false, OnError.FAIL, false,
        new CheckedCopy(false, LoadLimits.DEFAULT), keys, writeModes, schemaChanges, mergeRules);
  }

  /**
   * The sink of one sync, whose catalog the sync has prepared; a lake object of a table that
   * {@code writeModes} says is {@link WriteMode#MERGE} is upserted ({@link MergeTransaction}), and
   * tables take schema changes as {@code schemaChanges} says; a merge applies deletes and its ordering
   * column as {@code mergeRules} says.
   */
  PostgresSink(PostgresConnectionOptions target, SyncCatalog catalog, OnError onError, boolean reload,
      boolean rejectUnknownFields, LoadLimits limits, java.util.function.Function<String, WriteMode> writeModes,
      java.util.function.Function<String, SchemaChangeMode> schemaChanges,
      java.util.function.Function<String, MergeRules.TableMerge> mergeRules) {
    this(target, catalog, true, onError, reload, new CheckedCopy(rejectUnknownFields, limits), ConfiguredKeys.none(),
        writeModes, schemaChanges, mergeRules);
  }

  private PostgresSink(PostgresConnectionOptions target, SyncCatalog catalog, boolean catalogReady,
      OnError onError, boolean reload, CheckedCopy copy, ConfiguredKeys configuredKeys,
      java.util.function.Function<String, WriteMode> writeModes,
      java.util.function.Function<String, SchemaChangeMode> schemaChanges,
      java.util.function.Function<String, MergeRules.TableMerge> mergeRules) {
    this.configuredKeys = configuredKeys;
    this.mergeRules = Objects.requireNonNull(mergeRules, "mergeRules");
    this.writeModes = Objects.requireNonNull(writeModes, "writeModes");
    this.target = Objects.requireNonNull(target, "target");
    this.catalog = catalog;
    this.ddl = new TableDdl(catalog, Objects.requireNonNull(schemaChanges, "schemaChanges"));
    this.copy = copy;
    this.onError = onError;
    this.reload = reload;
    this.connections = new IdleConnections(target, catalog, catalogReady);
    this.committer = new LoadCommitter(connections, catalog, describe());
    this.freshKeys = new FreshKeysCopy(catalog, copy);
  }

  /**
   * Creates the tables of {@code firsts} that do not exist yet, each from the object given for it
   * (its first pending object in lake order), before any writer loads: a new table then takes its
   * first object's types whichever writer would have reached it first, and {@link
   * SchemaChangeMode#FREEZE} compares every later object with those. A table that cannot be created
   * here is left to its objects' own loads, which report why.
   */
  void createTables(java.util.Collection<LakeObject> firsts) {
    try (IdleConnections.Held held = connections.hold()) {
      Connection c = held.get();
      for (LakeObject o : firsts) {
        try {
          ddl.create(c, o);
        } catch (SQLException | RuntimeException e) {
          // The object's load meets the same problem and fails with it, naming the object.
        }
      }
    } catch (SQLException e) {
      // No connection now: each load creates its table, as before.
    }
  }

  /**
   * What a writer hands to the committer: the batches to record in the ledger and the transaction
   * that holds (a lake object) or will move (staged batches) their rows. Committing it twice records
   * nothing twice. Not to be shared between threads while a commit runs.
   */
  public static final class Load {
    /** Where a load is: not committed yet, sent COMMIT without an answer, done, or rolled back. */
    enum State { PENDING, UNCERTAIN, DONE, LOST }

    private final String table;
    private final List<LedgerEntry> entries;
    final PendingCommit pending;
    State state = State.PENDING;

    Load(String table, List<LedgerEntry> entries, PendingCommit pending) {
      this.table = table;
      this.entries = entries;
      this.pending = pending;
    }

    /** Rows the commit made (or makes) visible, rejected rows excluded. */
    public long rows() {
      return entries.stream().filter(e -> e.status == LedgerEntry.Status.LOADED).mapToLong(e -> e.rows).sum();
    }

    String table() {
      return table;
    }

    /** The batches, in order. */
    List<LedgerEntry> entries() {
      return entries;
    }

    @Override
    public String toString() {
      return "Load[table=" + table + ", parts=" + entries.size() + ", " + state + "]";
    }
  }

  /** The part of a {@link Load} that its commit finishes; see {@link LoadCommitter}. */
  interface PendingCommit {
    /** The connection whose transaction the commit ends; the caller owns it from now on. */
    Connection transaction() throws SQLException;

    /** Writes the ledger rows (and moves rows) in that transaction; whether there is anything to commit. */
    boolean publish(Connection c) throws SQLException;
  }

  /** A lake object as a batch: {@link LakeSync} writes these, one per writer. */
  record LakeData(ObjectStore lake, LakeObject object) implements BatchData {
    @Override
    public InputStream open() {
      return lake.open(object.key());
    }
  }

  /**
   * A failure of JDBC or of reading the batch, thrown by the writer and the committer so that the
   * sync can tell a lost connection (retry) from bad data (fail the object).
   */
  static final class Failure extends InsightflowException {
    Failure(String message, Exception cause) {
      super(message, cause);
    }

    /** Throws the cause, a {@link SQLException} or {@link IOException}. */
    void rethrow() throws SQLException, IOException {
      if (getCause() instanceof SQLException e) {
        throw e;
      }
      throw (IOException) getCause();
    }
  }

  /**
   * Opens the writer of one table's run; confined to the calling thread, which closes it. It holds
   * at most one connection, from its first call until {@link SinkWriter#prepareCommit()} or close.
   */
  @Override
  public SinkWriter<Load> open(WriteContext context) {
    return new Writer(Objects.requireNonNull(context, "context"));
  }

  /**
   * The key a writer of {@code context} works with: configuration, else the context's (the source's
   * primary key at ingest; at sync already the effective key). The same rule as sync's. [#21]
   */
  TableKeys keys(WriteContext context) {
    return TableKeys.ofSource(context.table().name(), configuredKeys, context.source(), context.keys());
  }

  /** Records and commits a {@link Load}; thread-safe, blocks on PostgreSQL, idempotent. */
  @Override
  public Committer<Load> committer() {
    return committer;
  }

  @Override
  public String describe() {
    return "PostgreSQL " + target + " schema " + catalog.schema();
  }

  /** Closes the idle connections. Idempotent. */
  @Override
  public void close() {
    connections.close();
  }

  /**
   * A new transaction replacing a table by a run ({@link WriteMode#REPLACE}) on one of the sink's
   * connections; the caller closes it, or commits its {@link ReplaceTransaction#prepareCommit load}.
   */
  ReplaceTransaction replace() {
    return new ReplaceTransaction(connections, catalog, ddl, copy, onError, reload);
  }

  /**
   * Whether the load is committed, asking the ledger after a COMMIT whose answer was lost. Called
   * by the thread that committed; blocks.
   *
   * @throws Failure if the ledger cannot be read
   */
  boolean confirm(Load load) {
    return committer.confirm(load);
  }

  /**
   * Records the failure of an object (autocommit) on an idle connection.
   *
   * @throws SQLException if PostgreSQL cannot take it
   */
  void recordFailure(LakeObject o, String message) throws SQLException {
    Connection c = connections.borrow();
    try {
      catalog.recordFailure(c, o, message);
      connections.giveBack(c);
    } catch (SQLException | RuntimeException e) {
      IdleConnections.closeQuietly(c);
      throw e;
    }
  }

  /**
   * Writes one table's run (see {@link SinkWriter}): its first batch decides whether it loads a lake
   * object ({@link ObjectLoadTransaction}) or stages a source's batches ({@link StagedRun}).
   */
  private final class Writer implements SinkWriter<Load> {
    private final WriteContext context;
    private ObjectLoadTransaction object;
    private MergeTransaction merge;
    private StagedRun run;

    Writer(WriteContext context) {
      this.context = context;
    }

    @Override
    public Optional<Checkpoint> restored() {
      return object != null || merge != null ? Optional.empty() : run().restored();
    }

    /**
     * Loads the batch; for a lake object this only opens the transaction that the committer ends.
     * Takes ownership of the batch's data.
     *
     * @throws BadObjectException when the bytes, CRC32C or rows differ from what the batch declares
     * @throws io.insightflow.api.LakeException when a column or table name cannot be a PostgreSQL identifier
     * @throws Failure when PostgreSQL or reading the bytes fails
     */
    @Override
    public void write(Chunk chunk, RecordBatch batch) {
      Objects.requireNonNull(batch, "batch");
      try {
        if (batch.data() instanceof LakeData lakeData) {
          if (object != null || merge != null || run != null) {
            throw new InsightflowException("A writer of " + describe() + " loads one lake object: "
                + lakeData.object().key());
          }
          if (writeModes.apply(context.table().name()) == WriteMode.MERGE) {
            merge = new MergeTransaction(connections, catalog, ddl, copy, onError, reload, mergeKey(lakeData.object()),
                mergeRules.apply(context.table().name()), freshKeys);
            merge.load(lakeData.lake(), lakeData.object());
          } else {
            object = new ObjectLoadTransaction(connections, catalog, ddl, copy, onError, reload);
            object.load(lakeData.lake(), lakeData.object());
          }
        } else {
          run().write(chunk, batch);
        }
      } catch (SQLException e) {
        rollback();
        throw new Failure("Cannot load into " + describe() + ": " + Secrets.mask(e.getMessage()), e);
      } catch (IOException e) {
        rollback();
        throw new Failure("Cannot read the batch " + batch.data() + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        rollback();
        throw e;
      } finally {
        if (!(batch.data() instanceof LakeData)) {
          batch.data().discard();
        }
      }
    }

    /**
     * The key a merge of {@code o} upserts on: the context's (at sync, the table's effective key).
     *
     * @throws io.insightflow.api.InsightflowException when the table has none, naming the key to set
     */
    private List<String> mergeKey(LakeObject o) {
      if (context.keys().isEmpty()) {
        throw new InsightflowException("Cannot merge object into table " + o.table() + ": the table has no key;"
            + " set " + io.insightflow.config.InsightflowProperties.SYNC_KEYS.nameFor(o.table()) + "=<column>[,<column>…]"
            + " (or record the source's primary key in the lake), or set "
            + io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE.nameFor(o.table()) + "=append");
      }
      return context.keys();
    }

    @Override
    public Checkpoint checkpoint() {
      return run().checkpoint();
    }

    /** Hands the batches, and for a lake object its open transaction, to the returned {@link Load}. */
    @Override
    public Load prepareCommit() {
      if (merge != null) {
        return merge.prepareCommit(context.table().name());
      }
      return object != null ? object.prepareCommit(context.table().name()) : run().prepareCommit();
    }

    /** Rolls back what was not handed to a {@link Load} and gives the connection back. Idempotent. */
    @Override
    public void close() {
      if (object != null) {
        object.close();
      }
      if (merge != null) {
        merge.close();
      }
      if (run != null) {
        run.close();
      }
    }

    private StagedRun run() {
      if (object != null || merge != null) {
        throw new InsightflowException("A writer of " + describe() + " that loads a lake object stages nothing");
      }
      if (run == null) {
        String table = context.table().name();
        WriteMode mode = writeModes.apply(table);
        MergeRules.TableMerge rules = mergeRules.apply(table);
        run = StagedRun.open(connections, catalog, ddl, copy, reload, describe(), context, mode,
            mode == WriteMode.MERGE ? StagedMerge.key(table, keys(context), context.columns(), rules) : List.of(),
            rules);
      }
      return run;
    }

    private void rollback() {
      if (object != null) {
        object.rollback();
      }
      if (merge != null) {
        merge.rollback();
      }
      if (run != null) {
        run.rollback();
      }
    }
  }
}
