package io.insightflow.sync;

import io.insightflow.InsightflowException;
import io.insightflow.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.internal.Json;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.BatchData;
import io.insightflow.spi.Checkpoint;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Committer;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkWriter;
import io.insightflow.spi.WriteContext;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL as a sink (name {@code postgresql}): rows arrive by {@code COPY … FROM STDIN} as the
 * bytes of each batch stream in, and each batch is recorded in the ledger {@code _insightflow_loaded}
 * of the target schema in the same transaction as its rows (see the package documentation). The
 * ledger makes the commit idempotent: a batch already recorded with the same CRC32C is not loaded
 * again, and one recorded with another CRC32C has its earlier rows replaced.
 *
 * <p>Two kinds of batches, one ledger:
 * <ul>
 *   <li>A lake object on its way to PostgreSQL ({@link LakeSync}, one object per writer): the writer
 *       claims the object with an advisory lock, COPYs it straight into the target table and checks
 *       its size, CRC32C and rows against the manifest ({@link CheckedObject}), all inside one open
 *       transaction that the committer ends by recording the object and committing. Nothing is
 *       visible before that commit; a broken connection loses the whole transaction.</li>
 *   <li>Any other batch (ingest from a source, {@code insightflow.ingest.sink=postgresql}): the
 *       writer COPYs each batch into a staging table of its run (one transaction per batch) and
 *       {@link SinkWriter#checkpoint()} records there how far the run got; the committer moves every
 *       batch into the target table and records it, in one transaction. Batches are recorded under
 *       deterministic keys ({@code ingest:<table>@<trigger time>/part-00001}), so a rerun of the
 *       same run replaces its rows rather than adding to them.</li>
 * </ul>
 * Target tables are created from the columns when absent, as sync creates them from a manifest.
 *
 * <p>Thread-safe: writers on different threads share the sink's idle connections, at most one
 * connection per open writer or uncommitted {@link Load}. The caller closes the sink after its
 * writers and commits; closing it closes the idle connections.
 */
public final class PostgresSink implements Sink<PostgresSink.Load> {

  /** Bytes per COPY data message: large enough that per-message overhead vanishes, small for memory. */
  static final int COPY_BUFFER = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresSink.class);

  private final PostgresConnectionOptions target;
  private final SyncCatalog catalog;
  private final TableDdl ddl;
  private final OnError onError;
  private final boolean reload;
  private final boolean rejectUnknownFields;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean catalogReady;
  private volatile boolean closed;

  /**
   * A sink into the schema of {@code target} ({@code insightflow.target.schema}); it creates the
   * ledger tables when it first writes.
   */
  public PostgresSink(PostgresConnectionOptions target) {
    this(target, new SyncCatalog(Objects.requireNonNull(target, "target").schema()), OnError.FAIL, false, false);
    this.catalogReady = false;
  }

  /** The sink of one sync, whose catalog the sync has prepared. */
  PostgresSink(PostgresConnectionOptions target, SyncCatalog catalog, OnError onError, boolean reload,
      boolean rejectUnknownFields) {
    this.target = Objects.requireNonNull(target, "target");
    this.catalog = catalog;
    this.ddl = new TableDdl(catalog);
    this.onError = onError;
    this.reload = reload;
    this.rejectUnknownFields = rejectUnknownFields;
    this.catalogReady = true;
  }

  /**
   * What a writer hands to the committer: the batches to record in the ledger and, for a lake object,
   * the open transaction that holds its rows. Committing it twice records nothing twice. Not to be
   * shared between threads while a commit runs.
   */
  public static final class Load {
    private final String table;
    private final List<String> columns;
    private final String stage;
    private final String run;
    private final List<Part> parts;
    private Connection transaction;
    private State state;

    Load(String table, List<String> columns, String stage, String run, List<Part> parts, Connection transaction) {
      this.table = table;
      this.columns = columns;
      this.stage = stage;
      this.run = run;
      this.parts = parts;
      this.transaction = transaction;
      this.state = transaction != null ? State.OPEN : State.STAGED;
    }

    /** Rows the commit made (or makes) visible, rejected rows excluded. */
    public long rows() {
      return parts.stream().filter(p -> p.status == Status.LOADED).mapToLong(p -> p.rows).sum();
    }

    /** The batches, in order. */
    List<Part> parts() {
      return parts;
    }

    @Override
    public String toString() {
      return "Load[table=" + table + ", parts=" + parts.size() + ", " + state + "]";
    }
  }

  /** Where a {@link Load} is: its transaction open, sent COMMIT without an answer, done or lost. */
  private enum State { OPEN, STAGED, UNCERTAIN, DONE, LOST }

  /** What became of one batch. */
  enum Status { LOADED, SKIPPED, BUSY }

  /** One batch of a {@link Load}: the object it is recorded as, and what the commit does with it. */
  static final class Part {
    final LakeObject object;
    /** For a staged batch, its number in the staging table. */
    final int number;
    Status status;
    Integer id;
    long rows;
    long rejected;
    String rejectsKey;

    Part(LakeObject object, int number, Status status) {
      this.object = object;
      this.number = number;
      this.status = status;
    }
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

  @Override
  public Writer open(WriteContext context) {
    return new Writer(Objects.requireNonNull(context, "context"));
  }

  @Override
  public Committer<Load> committer() {
    return this::commit;
  }

  @Override
  public String describe() {
    return "PostgreSQL " + target + " schema " + catalog.schema();
  }

  /** Closes the idle connections. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
  }

  /**
   * Writes one table's run (see {@link SinkWriter}); confined to the thread that opened it. It holds
   * a connection from its first write until {@link #prepareCommit()} hands it, with the open
   * transaction of a lake object, to the {@link Load}, or until it is closed.
   */
  public final class Writer implements SinkWriter<Load> {
    private final WriteContext context;
    private final String run;
    private final List<Part> parts = new ArrayList<>();
    private Connection connection;
    private String stage;
    private Checkpoint restored;
    private Checkpoint reached;
    private boolean objectLoad;
    private boolean headerMatch;

    Writer(WriteContext context) {
      this.context = context;
      this.run = "ingest:" + context.table().name() + "@" + context.triggerTime();
    }

    @Override
    public Optional<Checkpoint> restored() {
      if (!objectLoad && stage == null) {
        openStage();
      }
      return Optional.ofNullable(restored);
    }

    /**
     * Loads the batch (see the class documentation); for a lake object this only opens the
     * transaction that {@link Committer#commit} ends. Takes ownership of the batch's data.
     *
     * @throws BadObjectException when the bytes, CRC32C or rows differ from what the batch declares
     * @throws io.insightflow.LakeException when a column or table name cannot be a PostgreSQL identifier
     * @throws Failure when PostgreSQL or reading the bytes fails
     */
    @Override
    public void write(Chunk chunk, RecordBatch batch) {
      Objects.requireNonNull(batch, "batch");
      try {
        if (batch.data() instanceof LakeData lakeData) {
          if (!parts.isEmpty()) {
            throw new InsightflowException("A writer of " + describe() + " loads one lake object: "
                + lakeData.object().key());
          }
          objectLoad = true;
          loadObject(lakeData.lake(), lakeData.object());
        } else {
          if (stage == null) {
            openStage();
          }
          stageBatch(batch);
          reached = new Checkpoint(chunk.index(), batch.end());
        }
      } catch (SQLException e) {
        rollbackQuietly(connection);
        throw new Failure("Cannot load into " + describe() + ": " + Secrets.mask(e.getMessage()), e);
      } catch (IOException e) {
        rollbackQuietly(connection);
        throw new Failure("Cannot read the batch " + batch.data() + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      } finally {
        if (!objectLoad) {
          batch.data().discard();
        }
      }
    }

    /** Today's one-object transaction of sync: claim, re-check the ledger, replace, COPY, check. */
    private void loadObject(ObjectStore lake, LakeObject o) throws SQLException, IOException {
      Connection c = connection();
      ddl.ensure(c, o);
      String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), o.table());
      c.setAutoCommit(false);
      if (!SyncCatalog.tryLock(c, "object:" + catalog.schema() + "/" + o.key())) {
        parts.add(new Part(o, 0, Status.BUSY));
        return;
      }
      Part part = new Part(o, 0, Status.LOADED);
      if (!replacePrevious(c, part)) {
        part.status = Status.SKIPPED;
        parts.add(part);
        return;
      }
      try (Statement st = c.createStatement()) {
        st.execute("SELECT set_config('" + SyncCatalog.OBJECT_ID_SETTING + "', '" + part.id + "', true)");
      }
      String copySql = copySql(qualified, o.columns(), headerMatch, o.format());
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      // Rejecting splits CSV records; a JSON-lines object fails as a whole at its bad line.
      Savepoint savepoint = onError == OnError.REJECT && !o.format().jsonLines() ? c.setSavepoint() : null;
      try (CheckedObject in = CheckedObject.open(lake, o)) {
        part.rows = copyChecked(copy, copySql, o, in);
      } catch (SQLException e) {
        if (savepoint == null || !isDataError(e)) {
          throw e;
        }
        c.rollback(savepoint);
        RejectingCopy.Result r = new RejectingCopy(lake).copy(c, copy,
            copySql(qualified, o.columns(), headerMatch, ObjectFormat.CSV), o);
        part.rows = r.loaded();
        part.rejected = r.rejected();
        part.rejectsKey = r.rejectsKey();
      }
      parts.add(part);
    }

    /** COPYs one batch into the run's staging table and commits it there, out of readers' sight. */
    private void stageBatch(RecordBatch batch) throws SQLException, IOException {
      Connection c = connection();
      int number = parts.size() + 1;
      LakeObject declared = partObject(number, batch.rows(), -1, batch.crc32c());
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SELECT set_config('" + SyncCatalog.OBJECT_ID_SETTING + "', '" + number + "', true)");
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      String copySql = copySql(Identifiers.qualified("insightflow.tables", catalog.schema(), stage),
          context.columns(), headerMatch, ObjectFormat.CSV);
      LakeObject staged;
      try (CheckedObject in = CheckedObject.of(declared, batch.data().open())) {
        long rows = copyChecked(copy, copySql, declared, in);
        staged = partObject(number, rows, in.bytesRead(), in.crc32c());
      }
      c.commit();
      c.setAutoCommit(true);
      Part part = new Part(staged, number, Status.LOADED);
      part.rows = staged.rows();
      parts.add(part);
      LOG.debug("table={} staged part={} rows={}", context.table(), number, part.rows);
    }

    /** The ledger's description of batch {@code number} of this run. */
    private LakeObject partObject(int number, long rows, long bytes, String crc32c) {
      return new LakeObject(context.table().name(), String.format("%s/part-%05d", run, number),
          context.triggerTime(), null, run, rows, bytes, bytes, crc32c, null, context.columns());
    }

    /**
     * Makes sure the target table and this run's staging table exist, and picks up the progress a
     * checkpoint of an earlier attempt of the same run (same plan) left in the staging table.
     */
    private void openStage() {
      stage = "_insightflow_stage_" + UUID.nameUUIDFromBytes(run.getBytes(StandardCharsets.UTF_8))
          .toString().replace("-", "").substring(0, 16);
      try {
        Connection c = connection();
        ddl.ensure(c, partObject(0, 0, -1, null));
        String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), stage);
        Progress progress = readProgress(c, qualified);
        if (progress != null) {
          for (Progress.Staged p : progress.parts()) {
            LakeObject o = partObject(parts.size() + 1, p.rows(), p.bytes(), p.crc32c());
            Part part = new Part(o, parts.size() + 1, Status.LOADED);
            part.rows = p.rows();
            parts.add(part);
          }
          restored = new Checkpoint(progress.chunk(), new Position(progress.position()));
          reached = restored;
          LOG.info("table={} resumes at {} with {} batches staged in PostgreSQL", context.table(), restored, parts.size());
          return;
        }
        try (Statement st = c.createStatement()) {
          st.execute("DROP TABLE IF EXISTS " + qualified);
          st.execute("CREATE TABLE " + qualified + " (LIKE " + Identifiers.qualified("insightflow.tables",
              catalog.schema(), context.table().name()) + " INCLUDING DEFAULTS)");
        }
      } catch (SQLException e) {
        throw new Failure("Cannot prepare the staging table " + stage + " in " + describe() + ": "
            + Secrets.mask(e.getMessage()), e);
      }
    }

    private Progress readProgress(Connection c, String qualified) throws SQLException {
      String json;
      try (PreparedStatement ps = c.prepareStatement("SELECT obj_description(to_regclass(?), 'pg_class')")) {
        ps.setString(1, qualified);
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
        LOG.warn("Ignoring the unreadable progress of {}: {}; the run starts over", qualified, e.toString());
        return null;
      }
      if (!progress.chunks().equals(context.chunks().stream().map(Chunk::toString).toList())) {
        LOG.info("table={} the plan changed since the run stopped; it starts over", context.table());
        return null;
      }
      if (progress.position() > 0 && !context.chunks().get(progress.chunk()).repeatable()) {
        LOG.info("table={} stopped inside a chunk that cannot be re-read in the same order; it starts over", context.table());
        return null;
      }
      return progress;
    }

    /** Records in the staging table how far the run got; the staged batches are committed already. */
    @Override
    public Checkpoint checkpoint() {
      if (stage == null) {
        openStage();
      }
      Checkpoint at = reached == null ? new Checkpoint(0, Position.START) : reached;
      List<Progress.Staged> staged = parts.stream()
          .map(p -> new Progress.Staged(p.rows, p.object.bytes(), p.object.crc32c())).toList();
      Progress progress = new Progress(context.chunks().stream().map(Chunk::toString).toList(), staged,
          at.chunk(), at.position().rows());
      try (Statement st = connection().createStatement()) {
        String json = Json.MAPPER.writeValueAsString(progress).replace("'", "''");
        st.execute("COMMENT ON TABLE " + Identifiers.qualified("insightflow.tables", catalog.schema(), stage)
            + " IS '" + json + "'");
      } catch (SQLException e) {
        throw new Failure("Cannot record the run's progress in " + describe() + ": " + Secrets.mask(e.getMessage()), e);
      } catch (IOException e) {
        throw new Failure("Cannot record the run's progress: " + e.getMessage(), e);
      }
      return at;
    }

    /**
     * Hands the batches, and for a lake object the open transaction and its connection, to the
     * returned {@link Load}; nothing is visible before {@link Committer#commit}.
     */
    @Override
    public Load prepareCommit() {
      if (!objectLoad && stage == null) {
        openStage();
      }
      Connection transaction = objectLoad ? connection : null;
      if (objectLoad) {
        connection = null;
      }
      release();
      return new Load(context.table().name(), context.columns().stream().map(RunManifest.Column::name).toList(),
          objectLoad ? null : stage, objectLoad ? null : run, List.copyOf(parts), transaction);
    }

    /** Rolls back what was not handed to a {@link Load} and gives the connection back. Idempotent. */
    @Override
    public void close() {
      rollbackQuietly(connection);
      release();
    }

    private Connection connection() throws SQLException {
      if (connection == null) {
        connection = borrow();
        headerMatch = connection.getMetaData().getDatabaseMajorVersion() >= 15;
      }
      return connection;
    }

    private void release() {
      if (connection != null) {
        giveBack(connection);
        connection = null;
      }
    }
  }

  /**
   * The progress of a run that stopped early, kept as the comment of its staging table so that it
   * commits with the batches it describes.
   */
  record Progress(List<String> chunks, List<Staged> parts, int chunk, long position) {
    record Staged(long rows, long bytes, String crc32c) {}
  }

  /**
   * Looks the part up in the ledger. Returns false when it is recorded with the same version and no
   * reload was asked (nothing to do); otherwise gives it its id (its earlier one, whose rows it
   * deletes, or a new one) and returns true.
   */
  private boolean replacePrevious(Connection c, Part part) throws SQLException {
    LakeObject o = part.object;
    String previousTable = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT object_id, crc32c, table_name"
        + " FROM " + catalog.table(SyncCatalog.LOADED) + " WHERE object_key = ?")) {
      ps.setString(1, o.key());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          if (rs.getString(2).equals(o.version()) && !reload) {
            return false;
          }
          part.id = rs.getInt(1);
          previousTable = rs.getString(3);
        }
      }
    }
    try (Statement st = c.createStatement()) {
      if (part.id == null) {
        try (ResultSet rs = st.executeQuery("SELECT nextval('" + catalog.table(SyncCatalog.SEQUENCE) + "')")) {
          rs.next();
          part.id = rs.getInt(1);
        }
      } else if (Identifiers.isValid(previousTable)) {
        // The object was rewritten: its new content replaces the rows the old one loaded.
        st.executeUpdate("DELETE FROM " + Identifiers.qualified("insightflow.tables",
            catalog.schema(), previousTable) + " WHERE \"" + SyncCatalog.PROVENANCE + "\" = " + part.id);
      }
    }
    return true;
  }

  /**
   * COPYs the bytes unchanged and checks them against what the object declares before commit. When
   * COPY refuses the data, the object is checked first: a truncated or corrupted object explains bad
   * data better than the first line PostgreSQL tripped over.
   */
  private long copyChecked(CopyManager copy, String copySql, LakeObject o, CheckedObject in)
      throws SQLException, IOException {
    long rows;
    try {
      InputStream rowsIn = o.format().jsonLines()
          ? new JsonLinesTranscoder(in.content(), o.columns(), rejectUnknownFields) : in.content();
      rows = copy.copyIn(copySql, rowsIn, COPY_BUFFER);
    } catch (SQLException e) {
      if (isDataError(e)) {
        in.verify();
      }
      throw e;
    }
    in.verify();
    in.verifyRows(rows);
    return rows;
  }

  /**
   * Records the load and commits: for a lake object, the writer's open transaction; for staged
   * batches, a new one that moves them into the target table. Idempotent (see {@link Committer}).
   */
  private void commit(Load load) {
    Objects.requireNonNull(load, "load");
    synchronized (load) {
      switch (load.state) {
        case DONE -> {
          return;
        }
        case LOST -> throw new InsightflowException("The load of " + load.table + " into " + describe()
            + " was rolled back by an earlier failure; write it again");
        case UNCERTAIN -> {
          if (!confirm(load)) {
            throw new InsightflowException("The load of " + load.table + " into " + describe()
                + " was not committed (the connection broke during COMMIT); write it again");
          }
          return;
        }
        default -> { }
      }
      Connection c = load.transaction;
      try {
        if (c == null) {
          c = borrow();
          load.transaction = c;
          c.setAutoCommit(false);
          mergeStaged(c, load);
        } else {
          for (Part part : load.parts) {
            if (part.status == Status.LOADED) {
              record(c, part);
            }
          }
        }
        boolean anything = load.parts.stream().anyMatch(p -> p.status == Status.LOADED) || load.stage != null;
        if (anything) {
          load.state = State.UNCERTAIN;
          c.commit();
        } else {
          c.rollback();
        }
        load.state = State.DONE;
        giveBack(c);
      } catch (SQLException | RuntimeException e) {
        if (load.state != State.UNCERTAIN) {
          load.state = State.LOST;
          rollbackQuietly(c);
        }
        closeQuietly(c);
        if (e instanceof SQLException sql) {
          throw new Failure("Cannot commit the load of " + load.table + " into " + describe() + ": "
              + Secrets.mask(sql.getMessage()), sql);
        }
        throw (RuntimeException) e;
      } finally {
        load.transaction = null;
      }
    }
  }

  /**
   * Whether the load is committed: after a COMMIT whose answer was lost, the ledger tells whether
   * it went through; a load rolled back by a failure is not. Called by the thread that committed.
   *
   * @throws Failure if the ledger cannot be read
   */
  boolean confirm(Load load) {
    synchronized (load) {
      if (load.state == State.UNCERTAIN) {
        Connection c = null;
        try {
          c = borrow();
          boolean all = true;
          try (PreparedStatement ps = c.prepareStatement("SELECT crc32c FROM " + catalog.table(SyncCatalog.LOADED)
              + " WHERE object_key = ?")) {
            for (Part part : load.parts) {
              if (part.status == Status.LOADED) {
                ps.setString(1, part.object.key());
                try (ResultSet rs = ps.executeQuery()) {
                  all &= rs.next() && rs.getString(1).equals(part.object.version());
                }
              }
            }
          }
          giveBack(c);
          load.state = all ? State.DONE : State.LOST;
        } catch (SQLException e) {
          closeQuietly(c);
          throw new Failure("Cannot check the commit of " + load.table + " in " + describe() + ": "
              + Secrets.mask(e.getMessage()), e);
        }
      }
      return load.state == State.DONE;
    }
  }

  /** Moves a run's staged batches into the target table and records them, in the caller's transaction. */
  private void mergeStaged(Connection c, Load load) throws SQLException {
    SyncCatalog.lock(c, "run:" + catalog.schema() + "/" + load.run);
    String qualified = Identifiers.qualified("insightflow.tables", catalog.schema(), load.table);
    String stage = Identifiers.qualified("insightflow.tables", catalog.schema(), load.stage);
    String columns = load.columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    List<String> keys = new ArrayList<>();
    for (Part part : load.parts) {
      keys.add(part.object.key());
      if (!replacePrevious(c, part)) {
        part.status = Status.SKIPPED;
        continue;
      }
      long moved;
      try (Statement st = c.createStatement()) {
        moved = st.executeUpdate("INSERT INTO " + qualified + " (" + columns + ", \"" + SyncCatalog.PROVENANCE
            + "\") SELECT " + columns + ", " + part.id + " FROM " + stage + " WHERE \"" + SyncCatalog.PROVENANCE
            + "\" = " + part.number);
      }
      if (moved != part.rows) {
        throw new InsightflowException("Batch " + part.object.key() + " has " + moved + " staged rows, not "
            + part.rows + "; run the ingest again");
      }
      part.status = Status.LOADED;
      record(c, part);
    }
    // Batches of an earlier, longer attempt of the same run that this one did not write again.
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + catalog.table(SyncCatalog.LOADED)
        + " WHERE run_id = ? AND NOT (object_key = ANY (?)) RETURNING object_id, table_name")) {
      ps.setString(1, load.run);
      ps.setArray(2, c.createArrayOf("text", keys.toArray()));
      try (ResultSet rs = ps.executeQuery(); Statement st = c.createStatement()) {
        while (rs.next()) {
          if (Identifiers.isValid(rs.getString(2))) {
            st.executeUpdate("DELETE FROM " + Identifiers.qualified("insightflow.tables", catalog.schema(),
                rs.getString(2)) + " WHERE \"" + SyncCatalog.PROVENANCE + "\" = " + rs.getInt(1));
          }
        }
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + stage);
    }
  }

  private void record(Connection c, Part part) throws SQLException {
    LakeObject o = part.object;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + catalog.table(SyncCatalog.LOADED)
        + " (object_id, object_key, table_name, run_id, crc32c, etag, rows_loaded, rows_rejected, "
        + "rejects_key, bytes, partition_time, manifest_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (object_key) DO UPDATE SET table_name = EXCLUDED.table_name, "
        + "run_id = EXCLUDED.run_id, crc32c = EXCLUDED.crc32c, etag = EXCLUDED.etag, "
        + "rows_loaded = EXCLUDED.rows_loaded, rows_rejected = EXCLUDED.rows_rejected, "
        + "rejects_key = EXCLUDED.rejects_key, bytes = EXCLUDED.bytes, "
        + "partition_time = EXCLUDED.partition_time, manifest_key = EXCLUDED.manifest_key, loaded_at = now()");
        PreparedStatement clear = c.prepareStatement("DELETE FROM " + catalog.table(SyncCatalog.FAILED)
            + " WHERE object_key = ?")) {
      ps.setInt(1, part.id);
      ps.setString(2, o.key());
      ps.setString(3, o.table());
      ps.setString(4, o.runId());
      ps.setString(5, o.version());
      ps.setString(6, o.etag());
      ps.setLong(7, part.rows);
      ps.setLong(8, part.rejected);
      ps.setString(9, part.rejectsKey);
      ps.setLong(10, o.bytes());
      ps.setTimestamp(11, Timestamp.from(o.partitionTime()));
      ps.setString(12, o.manifestKey());
      ps.executeUpdate();
      clear.setString(1, o.key());
      clear.executeUpdate();
    }
  }

  /**
   * Records the failure of an object (autocommit) on an idle connection.
   *
   * @throws SQLException if PostgreSQL cannot take it
   */
  void recordFailure(LakeObject o, String message) throws SQLException {
    Connection c = borrow();
    try {
      catalog.recordFailure(c, o, message);
      giveBack(c);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** PostgreSQL refused the data (SQLSTATE class 22 data exception, 23 integrity violation). */
  static boolean isDataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /**
   * The COPY statement of an object: CSV as it is (its header checked by the server on PostgreSQL
   * 15+), or the text format that {@link JsonLinesTranscoder} makes of JSON lines.
   *
   * @param headerMatch whether the server checks the header against the columns (PostgreSQL 15+)
   */
  static String copySql(String qualified, List<RunManifest.Column> columns, boolean headerMatch, ObjectFormat format) {
    String target = "COPY " + qualified + " (" + columns.stream().map(col -> Identifiers.quote(col.name()))
        .collect(Collectors.joining(", ")) + ") FROM STDIN ";
    if (format.jsonLines()) {
      return target + "(FORMAT text, ENCODING 'UTF8')";
    }
    return target + "(FORMAT csv, HEADER " + (!format.header() ? "false" : headerMatch ? "MATCH" : "true")
        + ", ENCODING 'UTF8')";
  }

  /** An idle connection that still works, or a new one; the ledger tables exist once it returns. */
  private Connection borrow() throws SQLException {
    Connection c;
    while ((c = idle.poll()) != null) {
      if (!c.isClosed() && c.isValid(5)) {
        return c;
      }
      closeQuietly(c);
    }
    c = target.connect();
    if (!catalogReady) {
      try {
        catalog.ensure(c);
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
      catalogReady = true;
    }
    return c;
  }

  /** Keeps a connection outside any transaction for the next writer; closes a broken one. */
  private void giveBack(Connection c) {
    try {
      if (closed || c.isClosed() || !c.getAutoCommit() && !resetQuietly(c)) {
        closeQuietly(c);
        return;
      }
    } catch (SQLException e) {
      closeQuietly(c);
      return;
    }
    idle.add(c);
  }

  private static boolean resetQuietly(Connection c) {
    try {
      c.rollback();
      c.setAutoCommit(true);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (c != null && !c.isClosed() && !c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is broken; it is replaced before the next object.
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Closing a broken connection cannot fail in a way that matters.
      }
    }
  }
}
