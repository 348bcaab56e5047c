package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.SYNC_DELETE_MARKER;
import static io.insightflow.config.InsightflowProperties.SYNC_END;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_ON_ERROR;
import static io.insightflow.config.InsightflowProperties.SYNC_RELOAD;
import static io.insightflow.config.InsightflowProperties.SYNC_SCHEMA_CHANGES;
import static io.insightflow.config.InsightflowProperties.SYNC_START;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static io.insightflow.config.InsightflowProperties.TABLES;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.SteppingClock;
import io.insightflow.api.InsightflowException;
import io.insightflow.config.OptionsBuilder;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.ingest.BatchIngest;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.SourceConfig;
import io.insightflow.testing.LakeObjects;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model-based test of the write modes [#21]: seeded random sequences of runs of one keyed table
 * (inserts, updates, deletes and undeletes, key collisions inside an object, new columns, widened
 * types, runs written again with new content as a retried ingest writes them), ingested from an
 * embedded DuckDB warehouse into a local lake (and some written by "another writer" that declares
 * {@code real} and {@code varchar(n)}, which JDBC ingest never records), are synced into three
 * schemas, one per write mode, by 1–4 concurrent workers that are stopped between loads (a deadline)
 * and killed during them (backends terminated, the sync's thread interrupted, a worker JVM killed);
 * a fault-free sync then finishes the work, and each table equals the model, count and MD5 over its
 * rows: append every row of every object once, replace the newest run, merge per key the last row
 * in lake order (a column its object lacks NULL), the key absent when that row is a delete. The source
 * marks a deleted row with its boolean column {@code gone} (a row may be gone in the first run it
 * appears in, and a gone row may come back); merge takes {@code gone} as its delete marker, append and
 * replace load it as data. Deletes draw from a random stream of their own, so a seed's runs, workers
 * and faults are those it had before deletes were modelled; the tally counts what deletes did.
 * Bad input for merge (a missing key column, NULL keys, a narrowed key) has tests of its own below.
 *
 * <p>Replay a failure with {@code -Dinsightflow.model.seed=<seed>} (the seed is in every message; a
 * comma-separated list runs several).
 */
class WriteModesModelIT extends LakeSyncFixture {

  private static final String TABLE = "items";
  /** Every column the source may ever have; a column a run lacks reads as NULL. */
  private static final List<String> COLUMNS = List.of("id", "v", "label", "gone", "c1", "c2", "c3");
  /** The columns every run has; c1..c3 follow. */
  private static final int BASE = 4;
  /** The delete marker: the source marks a row deleted with {@code gone = true}. */
  private static final int GONE = 3;
  private static final String[] EXTRA_DUCK_TYPES = {"INTEGER", "VARCHAR", "INTEGER"};
  private static final String[] EXTRA_DECLARED = {"integer", "text", "integer"};
  private static final String[] ID_TYPES = {"smallint", "integer", "bigint"};
  private static final String[] LABEL_TYPES = {"varchar(8)", "varchar(16)", "text"};
  private static final int[] LABEL_LENGTHS = {8, 16, 30};
  private static final int RUNS = 8;

  @TempDir Path warehouseDir;
  /** What the faults did, printed per seed: a kill that never met a load would test nothing. */
  private final Map<String, Integer> tally = new ConcurrentHashMap<>();
  private final Map<WriteMode, String> schemas = new EnumMap<>(WriteMode.class);

  @BeforeEach
  void schemas() {
    for (WriteMode m : WriteMode.values()) {
      schemas.put(m, pg.schema() + "_" + m.name().toLowerCase(Locale.ROOT));
    }
  }

  @AfterEach
  void dropSchemas() {
    schemas.values().forEach(s -> pg.execute("DROP SCHEMA IF EXISTS \"" + s + "\" CASCADE"));
  }

  static Stream<Long> seeds() {
    String seed = System.getProperty("insightflow.model.seed");
    return seed != null ? Arrays.stream(seed.split(",")).map(String::trim).map(Long::valueOf)
        : Stream.of(1L, 5L, 21L); // each: every fault meets a load, a deadline leaves work behind
  }

  // ---------------------------------------------------------------- the model

  /**
   * One run: creation order, partition hour, whether ingest wrote it, rows per part, how often it was
   * written again (a retried ingest: same objects, new content), and its parts' rows (by {@link #COLUMNS}).
   */
  record Run(int index, int hour, boolean ingested, int batch, int version, List<List<String[]>> parts) {
    Stream<String[]> rows() {
      return parts.stream().flatMap(List::stream);
    }
  }

  /**
   * The source table in DuckDB and its mirror in Java: rows in insertion order (a delete marks a row
   * gone rather than removing it, so a row's DuckDB row id is its index and ingest's chunks are
   * consecutive slices), the values as PostgreSQL renders them, and where each type is on its widening ladder.
   */
  final class Source {
    final Random random;
    /**
     * Draws the deletes: a stream of its own, so that a seed's runs, workers and faults are the ones
     * it had before deletes were modelled.
     */
    final Random deleting;
    final List<String[]> rows = new ArrayList<>();
    int idType; // ID_TYPES
    int labelType; // LABEL_TYPES
    boolean vDouble; // what another writer declares for v: real, then double precision
    int extras; // c1..c3 added
    long nextId = 1;

    Source(Random random, Random deleting) throws SQLException {
      this.random = random;
      this.deleting = deleting;
      try (Connection c = duck(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE items (id SMALLINT, v DOUBLE, label VARCHAR, gone BOOLEAN DEFAULT false)");
      }
      insert(3 + random.nextInt(6), false);
    }

    /**
     * The changes between two runs: maybe a schema change, inserts (some of a key already there, some
     * marked gone as they appear), updates, deletes and undeletes.
     */
    void change() throws SQLException {
      if (idType < 2 && random.nextInt(10) < 3) {
        idType++;
        nextId = idType == 1 ? 40_000 : 5_000_000_000L;
        duckSql("ALTER TABLE items ALTER COLUMN id TYPE " + ID_TYPES[idType].toUpperCase(Locale.ROOT));
      }
      if (!vDouble && random.nextInt(10) < 3) {
        vDouble = true;
      }
      if (labelType < 2 && random.nextInt(10) < 3) {
        labelType++;
      }
      if (extras < 3 && random.nextInt(10) < 4) {
        duckSql("ALTER TABLE items ADD COLUMN c" + (extras + 1) + " " + EXTRA_DUCK_TYPES[extras]);
        extras++;
      }
      insert(1 + random.nextInt(6), true);
      int updates = random.nextInt(4);
      for (int u = 0; u < updates; u++) {
        update(random.nextInt(rows.size()));
      }
      // A delete marks a row gone (the row stays, so row ids and each part's keys stay as they were);
      // the marker travels with the row into the lake. Marking a gone row again brings it back.
      int deletes = 1 + deleting.nextInt(2);
      for (int d = 0; d < deletes; d++) {
        int index = deleting.nextInt(rows.size());
        String[] row = rows.get(index);
        row[GONE] = String.valueOf(!Boolean.parseBoolean(row[GONE]));
        try (Connection c = duck();
            PreparedStatement ps = c.prepareStatement("UPDATE items SET gone = ? WHERE rowid = ?")) {
          ps.setBoolean(1, Boolean.parseBoolean(row[GONE]));
          ps.setLong(2, index);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
      }
    }

    private void insert(int n, boolean collide) throws SQLException {
      try (Connection c = duck(); PreparedStatement ps = c.prepareStatement("INSERT INTO items (" + columns()
          + ") VALUES (" + String.join(", ", Collections.nCopies(BASE + extras, "?")) + ")")) {
        for (int i = 0; i < n; i++) {
          String[] row = new String[COLUMNS.size()];
          row[0] = collide && random.nextInt(10) < 3 ? rows.get(random.nextInt(rows.size()))[0]
              : String.valueOf(nextId++);
          // Gone in the first run it appears in: for a new key, a delete of a key that never had a row.
          row[GONE] = String.valueOf(collide && deleting.nextInt(8) == 0);
          fill(row, true);
          bind(ps, row);
          ps.executeUpdate();
          rows.add(row);
        }
      }
    }

    private void update(int index) throws SQLException {
      String[] row = rows.get(index);
      fill(row, false);
      try (Connection c = duck(); PreparedStatement ps = c.prepareStatement("UPDATE items SET "
          + String.join(" = ?, ", COLUMNS.subList(0, BASE + extras)) + " = ? WHERE rowid = ?")) {
        bind(ps, row);
        ps.setLong(1 + BASE + extras, index);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
    }

    /**
     * New values for the columns but the key, NULLs too: v has one decimal (0.1 is no binary fraction:
     * a real widened to double precision must read as the lake's text, as one loaded after the widening).
     */
    private void fill(String[] row, boolean all) {
      if (all || random.nextBoolean()) {
        row[1] = random.nextInt(10) == 0 ? null
            : BigDecimal.valueOf(random.nextInt(801) - 400, 1).stripTrailingZeros()
                .toPlainString();
      }
      if (all || random.nextBoolean()) {
        row[2] = random.nextInt(10) == 0 ? null : text(1 + random.nextInt(LABEL_LENGTHS[labelType]));
      }
      for (int e = 0; e < extras; e++) {
        if (all || random.nextBoolean()) {
          row[BASE + e] = random.nextInt(5) == 0 ? null
              : EXTRA_DUCK_TYPES[e].equals("VARCHAR") ? text(1 + random.nextInt(12))
              : String.valueOf(random.nextInt(2_000_000) - 1_000_000);
        }
      }
    }

    private String text(int length) {
      String alphabet = "abcxyzABC019 ,\"-";
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < length; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return sb.toString().strip().isEmpty() ? "blank" : sb.toString();
    }

    private void bind(PreparedStatement ps, String[] row) throws SQLException {
      ps.setLong(1, Long.parseLong(row[0]));
      if (row[1] == null) {
        ps.setNull(2, Types.DOUBLE);
      } else {
        ps.setDouble(2, Double.parseDouble(row[1]));
      }
      ps.setString(3, row[2]);
      ps.setBoolean(4, Boolean.parseBoolean(row[GONE]));
      for (int e = 0; e < extras; e++) {
        if (EXTRA_DUCK_TYPES[e].equals("VARCHAR")) {
          ps.setString(1 + BASE + e, row[BASE + e]);
        } else if (row[BASE + e] == null) {
          ps.setNull(1 + BASE + e, Types.INTEGER);
        } else {
          ps.setInt(1 + BASE + e, Integer.parseInt(row[BASE + e]));
        }
      }
    }

    private String columns() {
      return String.join(", ", COLUMNS.subList(0, BASE + extras));
    }

    /** The columns another writer declares now. */
    List<RunManifest.Column> declared() {
      List<String> specs = new ArrayList<>(List.of("id " + ID_TYPES[idType], "v " + (vDouble ? "double precision"
          : "real"), "label " + LABEL_TYPES[labelType], "gone boolean"));
      for (int e = 0; e < extras; e++) {
        specs.add("c" + (e + 1) + " " + EXTRA_DECLARED[e]);
      }
      return TestLake.columns(specs.toArray(String[]::new));
    }

    /**
     * Writes the table as run {@code index} at {@code hour}: through ingest, or as another writer
     * would, {@code batch} rows a part.
     */
    Run write(int index, int hour, boolean ingested, int batch, int version) {
      List<List<String[]>> parts = new ArrayList<>();
      for (int from = 0; from < rows.size(); from += batch) {
        parts.add(rows.subList(from, Math.min(rows.size(), from + batch)).stream().map(String[]::clone).toList());
      }
      Instant time = T1.plus(Duration.ofHours(hour));
      if (ingested) {
        new BatchIngest(store).run(IngestOptions.builder().set(TABLES, List.of(TABLE)).set(INGEST_BATCH_SIZE,
            (long) batch).set(INGEST_TRIGGER_TIME, time.toString()).build().withSource(SourceConfig.of(duckUrl())));
        String key = RunManifest.keyIn(lake.template.render(TABLE, time));
        RunManifest m = RunManifest.fromJson(key, LakeObjects.bytes(store, key));
        assertThat(m.parts()).as("ingest's parts are the model's").extracting(RunManifest.Part::rows)
            .containsExactlyElementsOf(parts.stream().map(p -> (long) p.size()).toList());
      } else {
        List<RunManifest.Column> columns = declared();
        lake.run(TABLE, time, columns, parts.stream().map(p -> csv(columns, p)).toArray(String[]::new));
      }
      return new Run(index, hour, ingested, batch, version, parts);
    }
  }

  private static String csv(List<RunManifest.Column> columns, List<String[]> rows) {
    StringBuilder sb = new StringBuilder(String.join(",", columns.stream().map(RunManifest.Column::name).toList()))
        .append('\n');
    for (String[] row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        String value = row[i];
        sb.append(i == 0 ? "" : ",").append(value == null ? "" : '"' + value.replace("\"", "\"\"") + '"');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** What each mode's table must hold after every written run is loaded: its rows, rendered. */
  static List<String> expected(WriteMode mode, List<Run> runs) {
    List<Run> lakeOrder = runs.stream().sorted((a, b) -> Integer.compare(a.hour(), b.hour())).toList();
    return switch (mode) {
      case APPEND -> lakeOrder.stream().flatMap(Run::rows).map(WriteModesModelIT::render).toList();
      case REPLACE -> lakeOrder.get(lakeOrder.size() - 1).rows().map(WriteModesModelIT::render).toList();
      case MERGE -> {
        Map<String, String[]> byKey = new LinkedHashMap<>();
        // Per key the last row in lake order (runs by hour, parts in order, rows in order); a column
        // the row's object lacks is NULL; a key whose last row is gone is absent.
        lakeOrder.stream().flatMap(Run::rows).forEach(r -> byKey.put(r[0], r));
        yield byKey.values().stream().filter(r -> !gone(r)).map(WriteModesModelIT::render).toList();
      }
    };
  }

  private static boolean gone(String[] row) {
    return Boolean.parseBoolean(row[GONE]);
  }

  /**
   * What the deletes did to the merge table, for the tally: keys a delete keeps out, of those the keys
   * that never had a row, and keys back after a delete (a later row not gone).
   */
  static Map<String, Integer> deletes(List<Run> runs) {
    Map<String, List<String[]>> byKey = new LinkedHashMap<>();
    runs.stream().sorted((a, b) -> Integer.compare(a.hour(), b.hour())).flatMap(Run::rows)
        .forEach(r -> byKey.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r));
    Map<String, Integer> out = new TreeMap<>();
    for (List<String[]> versions : byKey.values()) {
      if (gone(versions.get(versions.size() - 1))) {
        out.merge("keys deleted", 1, Integer::sum);
        if (versions.stream().allMatch(WriteModesModelIT::gone)) {
          out.merge("keys deleted that never had a row", 1, Integer::sum);
        }
      } else if (versions.stream().anyMatch(WriteModesModelIT::gone)) {
        out.merge("keys back after a delete", 1, Integer::sum);
      }
    }
    return out;
  }

  private static String render(String[] row) {
    return String.join("|", Arrays.stream(row).map(v -> v == null ? "~" : v).toList());
  }

  /** Count and MD5 over the rendered rows in byte order: what {@link #fingerprintSql} computes. */
  static String fingerprint(List<String> rendered) {
    List<String> sorted = new ArrayList<>(rendered);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return "0:";
    }
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(String.join("\n", sorted).getBytes(StandardCharsets.UTF_8));
      return sorted.size() + ":" + String.format("%032x", new BigInteger(1, d));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Every column by name through jsonb, so that a column the table lacks reads as NULL, as in the model. */
  private static String fingerprintSql(String schema) {
    return "SELECT count(*) || ':' || coalesce(md5(string_agg(r, chr(10) ORDER BY r COLLATE \"C\")), '') FROM ("
        + rowsSql(schema) + ") b";
  }

  /** The table's rows rendered as the model renders them, as column {@code r}. */
  private static String rowsSql(String schema) {
    String row = COLUMNS.stream().map(c -> "coalesce(j->>'" + c + "', '~')").reduce((a, b) -> a + " || '|' || " + b)
        .orElseThrow();
    return "SELECT " + row + " AS r FROM (SELECT to_jsonb(t) AS j FROM \"" + schema + "\".\"" + TABLE + "\" t) a";
  }

  /** The table equals the model; when not, the rows that differ are named. */
  private void assertModel(WriteMode mode, List<Run> runs, String context) {
    List<String> model = expected(mode, runs);
    if (!pg.text(fingerprintSql(schemas.get(mode))).equals(fingerprint(model))) {
      List<String> rows = new ArrayList<>();
      try (Connection c = pg.connection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(rowsSql(schemas.get(mode)))) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      } catch (SQLException e) {
        throw new AssertionError(e);
      }
      assertThat(rows).as("%s: %s table (id|v|label|c1|c2|c3)", context, mode).containsExactlyInAnyOrderElementsOf(model);
    }
  }

  // ---------------------------------------------------------------- syncs and faults

  String duckUrl() {
    return "jdbc:duckdb:" + warehouseDir.resolve("warehouse.duckdb");
  }

  Connection duck() throws SQLException {
    return DriverManager.getConnection(duckUrl());
  }

  void duckSql(String sql) throws SQLException {
    try (Connection c = duck(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The target of one mode's schema, its connections named {@code application} (to find and kill them). */
  PostgresConnectionOptions target(WriteMode mode, String application) {
    PostgresConnectionOptions t = pg.targetOptions();
    return new PostgresConnectionOptions(t.url() + (t.url().contains("?") ? "&" : "?") + "ApplicationName="
        + application, t.user(), t.password(), t.sslMode(), schemas.get(mode));
  }

  static OptionsBuilder<SyncOptions> options(WriteMode mode) {
    return SyncOptions.builder().set(SYNC_MODE, "full").setAll(Map.of(SYNC_WRITE_MODE.nameFor(TABLE),
        mode.name().toLowerCase(Locale.ROOT), "insightflow.sync.keys." + TABLE, "id"));
  }

  /** The model's settings: {@link #options} and, for merge, the delete marker (append and replace load it as data). */
  static OptionsBuilder<SyncOptions> modelOptions(WriteMode mode) {
    return mode == WriteMode.MERGE ? options(mode).setAll(Map.of(SYNC_DELETE_MARKER.nameFor(TABLE), "gone"))
        : options(mode);
  }

  enum Fault {
    /** Runs to the end. */
    NONE,
    /** A deadline (a stepping clock) that stops the sync between objects or mid-COPY. */
    DEADLINE,
    /** Its backends terminated while it waits inside a load; it retries. */
    TERMINATE,
    /** Its thread interrupted while a load waits. */
    INTERRUPT,
    /** A worker process (its own JVM) killed while a load waits, as a Lambda's end kills one. */
    PROCESS_KILL;

    boolean duringALoad() {
      return this == TERMINATE || this == INTERRUPT || this == PROCESS_KILL;
    }
  }

  record Worker(int number, WriteMode mode, int threads, Fault fault, int budget) {
    String application(String schema) {
      return "model-" + schema + "-" + number;
    }
  }

  /** A worker's sync on its own thread; what it returned or threw. */
  final class Running {
    final Worker worker;
    final Thread thread;
    final AtomicReference<SyncResult> result = new AtomicReference<>();
    final AtomicReference<Throwable> thrown = new AtomicReference<>();
    final AtomicReference<Process> process = new AtomicReference<>();
    volatile boolean killed;

    Running(Worker w) {
      worker = w;
      String app = w.application(pg.schema());
      LakeSync sync = w.fault() == Fault.DEADLINE
          ? new LakeSync(target(w.mode(), app), new SteppingClock(Instant.EPOCH, Duration.ofSeconds(1)))
          : new LakeSync(target(w.mode(), app));
      OptionsBuilder<SyncOptions> options = modelOptions(w.mode()).set(SYNC_THREADS, w.threads());
      if (w.fault() == Fault.DEADLINE) {
        options.set(SYNC_TIME_BUDGET, Duration.ofSeconds(w.budget()));
      }
      SyncOptions built = options.build();
      thread = new Thread(() -> {
        try {
          if (w.fault() == Fault.PROCESS_KILL) {
            result.set(inProcess(w, app));
          } else {
            result.set(sync.sync(store, built));
          }
        } catch (Throwable e) {
          thrown.set(e);
        }
      }, app);
    }

    /**
     * Runs the sync in a JVM of its own until it ends or is killed; a clean end must be a success.
     * Returns an empty result: what it loaded the ledger tells.
     */
    private SyncResult inProcess(Worker w, String app) throws Exception {
      PostgresConnectionOptions t = target(w.mode(), app);
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"), SyncWorkerMain.class.getName(), t.url(), t.user(),
          t.schema(), dir.toString(), SYNC_MODE.name() + "=full", SYNC_WRITE_MODE.nameFor(TABLE) + "="
          + w.mode().name().toLowerCase(Locale.ROOT), "insightflow.sync.keys." + TABLE + "=id",
          SYNC_THREADS.name() + "=" + w.threads()));
      if (w.mode() == WriteMode.MERGE) {
        command.add(SYNC_DELETE_MARKER.nameFor(TABLE) + "=gone");
      }
      process.set(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(warehouseDir.resolve(app + ".log").toFile()).start());
      int exit = process.get().waitFor();
      if (!killed) {
        assertThat(exit).as("worker process %s, log %s", w, warehouseDir.resolve(app + ".log")).isZero();
      }
      return new SyncResult(List.of(), List.of(), List.of(), Duration.ZERO);
    }

    /** Kills it where it waits: terminates its backends, interrupts its thread, or kills its process. */
    void kill() throws InterruptedException {
      switch (worker.fault()) {
        case TERMINATE -> pg.scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE application_name = '" + worker.application(pg.schema()) + "'");
        case INTERRUPT -> thread.interrupt();
        case PROCESS_KILL -> {
          killed = true;
          process.get().destroyForcibly().waitFor();
        }
        default -> throw new IllegalStateException(worker.toString());
      }
    }

    /** Whether one of its connections waits for a lock: it is inside a load. */
    boolean waiting() {
      return pg.scalar("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted"
          + " AND a.application_name = '" + worker.application(pg.schema()) + "'") > 0;
    }
  }

  /**
   * One round: the workers start together; for those to be killed during a load, the test holds
   * their tables in ACCESS EXCLUSIVE mode until each waits inside a load, kills it, and lets go.
   */
  void round(List<Worker> workers, String context) throws Exception {
    List<Running> running = workers.stream().map(Running::new).toList();
    try (Connection holder = pg.connection(); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      Set<WriteMode> held = new LinkedHashSet<>();
      for (Worker w : workers) {
        if (w.fault().duringALoad() && exists(w.mode()) && held.add(w.mode())) {
          st.execute("LOCK TABLE \"" + schemas.get(w.mode()) + "\".\"" + TABLE + "\" IN ACCESS EXCLUSIVE MODE");
        }
      }
      running.forEach(r -> r.thread.start());
      for (Running r : running) {
        if (!held.contains(r.worker.mode()) || !r.worker.fault().duringALoad()) {
          continue;
        }
        while (r.thread.isAlive() && !r.waiting()) {
          Thread.sleep(2);
        }
        if (!r.thread.isAlive()) {
          continue;
        }
        tally.merge(r.worker.fault() + " during a load", 1, Integer::sum);
        r.kill();
      }
      holder.rollback();
    }
    for (Running r : running) {
      r.thread.join();
      Worker w = r.worker;
      if (w.fault() == Fault.INTERRUPT && r.thrown.get() != null) {
        assertThat(r.thrown.get()).as("%s: worker %s", context, w).isInstanceOf(InsightflowException.class)
            .hasMessageContaining("nterrupted");
        tally.merge("INTERRUPT ended the sync", 1, Integer::sum);
        continue;
      }
      assertThat(r.thrown.get()).as("%s: worker %s", context, w).isNull();
      assertThat(r.result.get().failures()).as("%s: worker %s", context, w).isEmpty();
      if (!r.result.get().remaining().isEmpty()) {
        tally.merge(w.fault() + " left objects for the next sync", 1, Integer::sum);
      }
    }
  }

  boolean exists(WriteMode mode) {
    return pg.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schemas.get(mode)
        + "' AND tablename = '" + TABLE + "'") > 0;
  }

  /** A worker for this round: any mode, 1–3 threads, and a fault (a deadline after 1–40 looks at the clock). */
  static Worker worker(Random random, int number) {
    Fault[] faults = Fault.values();
    return new Worker(number, WriteMode.values()[random.nextInt(3)], 1 + random.nextInt(3),
        random.nextInt(10) < 4 ? Fault.NONE : faults[1 + random.nextInt(faults.length - 1)], 1 + random.nextInt(40));
  }

  // ---------------------------------------------------------------- the test

  /**
   * Runs appear 1–2 at a time in a random (seeded) lake order; each round 1–4 workers (each its own
   * LakeSync, mode and 1–3 threads) sync them while some are stopped or killed; a fault-free sync
   * per mode finishes; then every mode's table equals the model. A reader of the replace table
   * meanwhile only ever sees one whole run. At the end a reload changes nothing.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void writeModes_randomRunsWorkersAndKills_everyTableEqualsTheModel(long seed) throws Exception {
    String replay = "seed " + seed + " (replay: -Dinsightflow.model.seed=" + seed + ")";
    Random random = new Random(seed);
    List<Integer> hours = new ArrayList<>();
    for (int h = 1; h <= RUNS; h++) {
      hours.add(h);
    }
    Collections.shuffle(hours, random);
    Source source = new Source(random, new Random(31 * seed + 17));
    List<Run> runs = new ArrayList<>();
    Set<String> wholeRuns = ConcurrentHashMap.newKeySet();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicReference<Throwable> readerFailed = new AtomicReference<>();
    Thread reader = null;
    try {
      while (runs.size() < RUNS) {
        int batch = runs.isEmpty() ? 1 : Math.min(RUNS - runs.size(), 1 + random.nextInt(2));
        for (int i = 0; i < batch; i++) {
          if (!runs.isEmpty()) {
            source.change();
          }
          // The first run comes from another writer: the table starts real and varchar(8), and widens.
          Run run = source.write(runs.size(), hours.get(runs.size()), !runs.isEmpty() && random.nextInt(4) > 0,
              3 + random.nextInt(10), 0);
          runs.add(run);
          wholeRuns.add(fingerprint(expected(WriteMode.REPLACE, List.of(run))));
        }
        if (runs.size() > 1 && random.nextInt(4) == 0) {
          // A retried run: the same objects (rows are only added, so each part keeps its keys and
          // the run keeps or gains parts) with new content, loaded or not yet.
          source.change();
          int i = random.nextInt(runs.size());
          Run old = runs.get(i);
          runs.set(i, source.write(old.index(), old.hour(), old.ingested(), old.batch(), old.version() + 1));
          wholeRuns.add(fingerprint(expected(WriteMode.REPLACE, List.of(runs.get(i)))));
          tally.merge("run written again", 1, Integer::sum);
        }
        String context = replay + ", runs " + runs.stream().map(r -> r.index() + "@" + r.hour()
            + (r.ingested() ? "" : "*") + (r.version() == 0 ? "" : "v" + r.version())).toList()
            + " (*: another writer's, vN: written again)";
        List<Worker> workers = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int w = 0; w < n; w++) {
          workers.add(worker(random, w));
        }
        round(workers, context + ", workers " + workers);
        for (WriteMode mode : WriteMode.values()) {
          SyncResult finished = new LakeSync(target(mode, "model-finish")).sync(store, modelOptions(mode).build());
          assertThat(finished.failures()).as("%s: %s finisher", context, mode).isEmpty();
          assertThat(finished.remaining()).as("%s: %s finisher", context, mode).isEmpty();
          assertModel(mode, runs, context + " after workers " + workers);
        }
        int deleted = deletes(runs).getOrDefault("keys deleted", 0);
        assertThat(pg.scalar("SELECT count(*) FROM \"" + schemas.get(WriteMode.MERGE) + "\"." + SyncCatalog.DELETED
            + " WHERE table_name = '" + TABLE + "'")).as("%s: merge tombstones, one per key whose last row is gone",
            context).isEqualTo(deleted);
        if (deleted > 0) {
          tally.merge("rounds ending with a key deleted", 1, Integer::sum);
        }
        if (reader == null) {
          reader = reader(schemas.get(WriteMode.REPLACE), seen, reading, readerFailed);
        }
        assertThat(readerFailed.get()).as(context).isNull();
        assertThat(seen).as("%s: what the reader saw of the replace table", context).isSubsetOf(wholeRuns);
      }
      for (WriteMode mode : WriteMode.values()) {
        SyncResult reloaded = new LakeSync(target(mode, "model-reload")).sync(store, modelOptions(mode)
            .set(SYNC_RELOAD, true).set(SYNC_THREADS, 3).build());
        assertThat(reloaded.failures()).as("%s: %s reload", replay, mode).isEmpty();
        assertModel(mode, runs, replay + " after reload");
        assertThat(pg.scalar("SELECT count(*) FROM \"" + schemas.get(mode) + "\"." + SyncCatalog.LOADED))
            .as("%s: %s ledger, one row per object", replay, mode)
            .isEqualTo(runs.stream().mapToLong(r -> r.parts().size()).sum());
        Run newest = runs.stream().max((a, b) -> Integer.compare(a.hour(), b.hour())).orElseThrow();
        long rows = mode == WriteMode.REPLACE ? newest.rows().count() : runs.stream().mapToLong(r -> r.rows().count())
            .sum();
        assertThat(new LakeSync(target(mode, "model-status")).status(store, modelOptions(mode).build())).singleElement()
            .satisfies(status -> {
              assertThat(status.writeMode()).isEqualTo(mode);
              assertThat(status.objectsPending()).as("%s: %s pending", replay, mode).isZero();
              assertThat(status.objectsFailed()).as("%s: %s failed", replay, mode).isZero();
              assertThat(status.rowsLoaded()).as("%s: %s rows loaded (duplicate keys included)", replay, mode)
                  .isEqualTo(rows);
            });
      }
    } finally {
      reading.set(false);
      if (reader != null) {
        reader.join();
      }
    }
    tally.putAll(deletes(runs));
    System.out.println("WriteModesModelIT " + replay + ": " + new TreeMap<>(tally) + ", the reader saw "
        + seen.size() + " distinct states of the replace table");
    assertThat(readerFailed.get()).as(replay).isNull();
    assertThat(seen).as("%s: the reader saw the replace table", replay).isNotEmpty().isSubsetOf(wholeRuns);
    assertThat(tally).as("%s: a delete reached the merge table", replay)
        .containsKey("rounds ending with a key deleted");
  }

  /**
   * A later object (in lake order) that lacks a column an earlier one has: loaded in either order,
   * the merge table is the same, its row the later object's with that column NULL.
   */
  @Test
  void merge_laterObjectLacksAColumn_sameTableInEitherLoadOrder() {
    lake.run(TABLE, T1.plus(Duration.ofHours(2)), TestLake.columns("id bigint", "v text"), "id,v\n1,late\n");
    lake.run(TABLE, T1.plus(Duration.ofHours(1)), TestLake.columns("id bigint", "v text", "c1 text"),
        "id,v,c1\n1,early,x\n2,early,y\n");
    String window = T1.plus(Duration.ofHours(1)).toString();
    // Schema "merge": the earlier object first, then the later one; schema "append" (also merged here): the reverse.
    new LakeSync(target(WriteMode.MERGE, "model-order")).sync(store, options(WriteMode.MERGE).set(SYNC_MODE, "window")
        .set(SYNC_START, window)
        .set(SYNC_END, T1.plus(Duration.ofHours(2)).toString()).build());
    new LakeSync(target(WriteMode.APPEND, "model-order")).sync(store, options(WriteMode.MERGE).set(SYNC_MODE, "window")
        .set(SYNC_START, T1.plus(Duration.ofHours(2)).toString())
        .set(SYNC_END, T1.plus(Duration.ofHours(3)).toString()).build());
    for (WriteMode schema : List.of(WriteMode.MERGE, WriteMode.APPEND)) {
      SyncResult rest = new LakeSync(target(schema, "model-order")).sync(store, options(WriteMode.MERGE).build());
      assertThat(rest.failures()).isEmpty();
      assertThat(rest.objectsLoaded()).isEqualTo(1);
    }
    String merged = pg.text("SELECT string_agg(concat_ws(',', id, v, coalesce(c1, '~')), ' ' ORDER BY id) FROM \""
        + schemas.get(WriteMode.MERGE) + "\".items");
    String reversed = pg.text("SELECT string_agg(concat_ws(',', id, v, coalesce(c1, '~')), ' ' ORDER BY id) FROM \""
        + schemas.get(WriteMode.APPEND) + "\".items");
    assertThat(merged).as("earlier object loaded first").isEqualTo(reversed).isEqualTo("1,late,~ 2,early,y");
  }

  /**
   * A key marked gone in the first run it appears in (a delete of a key that never had a row), and
   * still gone in a later one: loaded in lake order or the reverse, it stays out of the merge table,
   * each deleting object counts it as unseen, and a reload changes nothing; append keeps every row.
   */
  @Test
  void merge_deleteOfAKeyThatNeverHadARow_staysAbsentInEitherLoadOrder() throws Exception {
    duckSql("CREATE TABLE items (id BIGINT, v VARCHAR, gone BOOLEAN DEFAULT false)");
    duckSql("INSERT INTO items (id, v) VALUES (1, 'a1')");
    ingest(1);
    duckSql("INSERT INTO items VALUES (2, 'b2', true)");
    ingest(2);
    duckSql("UPDATE items SET v = 'a3' WHERE id = 1");
    ingest(3);
    // Schema "merge": in lake order; schema "append" (also merged here): the newest hour first.
    assertThat(new LakeSync(target(WriteMode.MERGE, "model-unseen")).sync(store, modelOptions(WriteMode.MERGE)
        .build()).failures()).isEmpty();
    for (int hour = 3; hour >= 1; hour--) {
      assertThat(new LakeSync(target(WriteMode.APPEND, "model-unseen")).sync(store, modelOptions(WriteMode.MERGE)
          .set(SYNC_MODE, "window").set(SYNC_START, T1.plus(Duration.ofHours(hour)).toString())
          .set(SYNC_END, T1.plus(Duration.ofHours(hour + 1)).toString()).build()).objectsLoaded()).isEqualTo(1);
    }
    SyncResult reloaded = new LakeSync(target(WriteMode.MERGE, "model-unseen")).sync(store,
        modelOptions(WriteMode.MERGE).set(SYNC_RELOAD, true).build());
    assertThat(reloaded.failures()).isEmpty();

    for (WriteMode schema : List.of(WriteMode.MERGE, WriteMode.APPEND)) {
      String s = "\"" + schemas.get(schema) + "\".";
      assertThat(pg.text("SELECT string_agg(concat_ws(',', id, v, gone), ' ' ORDER BY id) FROM " + s + "items"))
          .as("schema %s", schema).isEqualTo("1,a3,f");
      assertThat(pg.text("SELECT string_agg(coalesce(unseen_deletes, 0)::text, ',' ORDER BY partition_time) FROM " + s
          + SyncCatalog.LOADED)).as("schema %s: unseen deletes per object", schema).isEqualTo("0,1,1");
    }
    SyncResult appended = new LakeSync(target(WriteMode.REPLACE, "model-unseen")).sync(store,
        options(WriteMode.APPEND).build());
    assertThat(appended.failures()).isEmpty();
    assertThat(pg.text("SELECT string_agg(concat_ws(',', id, v, gone), ' ' ORDER BY id, v) FROM \""
        + schemas.get(WriteMode.REPLACE) + "\".items")).as("append (schema replace): every row, the marker as data")
        .isEqualTo("1,a1,f 1,a1,f 1,a3,f 2,b2,t 2,b2,t");
  }

  // ---------------------------------------------------------------- bad input (merge)

  /** Ingests the warehouse's items table as the run at T1 + {@code hour} hours; returns its part keys. */
  private List<String> ingest(int hour) {
    Instant time = T1.plus(Duration.ofHours(hour));
    new BatchIngest(store).run(IngestOptions.builder().set(TABLES, List.of(TABLE)).set(INGEST_BATCH_SIZE, 100L)
        .set(INGEST_TRIGGER_TIME, time.toString()).build().withSource(SourceConfig.of(duckUrl())));
    String key = RunManifest.keyIn(lake.template.render(TABLE, time));
    return RunManifest.fromJson(key, LakeObjects.bytes(store, key)).parts().stream().map(RunManifest.Part::key).toList();
  }

  private SyncResult syncMerge(OptionsBuilder<SyncOptions> options) {
    return new LakeSync(target(WriteMode.MERGE, "model-bad")).sync(store, options.build());
  }

  private String mergeRows() {
    return pg.text("SELECT string_agg(id || '=' || v, ' ' ORDER BY id) FROM \"" + schemas.get(WriteMode.MERGE)
        + "\".items");
  }

  private long ledger(WriteMode mode) {
    return pg.scalar("SELECT count(*) FROM \"" + schemas.get(mode) + "\"." + SyncCatalog.LOADED);
  }

  /**
   * An object without the key column, between two good runs: it fails naming table, object and
   * column, the others load; once its writer rewrites it with the key, it loads at its place in lake order.
   */
  @Test
  void merge_objectWithoutTheKeyColumn_failsNamed_othersLoad_andTheRewrittenObjectTakesItsPlace() throws Exception {
    duckSql("CREATE TABLE items (id BIGINT, v VARCHAR)");
    duckSql("INSERT INTO items VALUES (1, 'a1'), (2, 'b1')");
    ingest(1);
    List<String> bad = lake.run(TABLE, T1.plus(Duration.ofHours(2)), TestLake.columns("ident bigint", "v text"),
        "ident,v\n2,b2\n3,c2\n");
    duckSql("UPDATE items SET v = 'a3' WHERE id = 1");
    ingest(3);

    SyncResult result = syncMerge(options(WriteMode.MERGE));

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.table()).isEqualTo(TABLE);
      assertThat(f.key()).isEqualTo(bad.get(0));
      assertThat(f.column()).isEqualTo("id");
      assertThat(f.message()).contains("Cannot merge object into table items", "no column id", bad.get(0),
          "nothing of it was loaded");
    });
    assertThat(mergeRows()).isEqualTo("1=a3 2=b1");
    assertThat(ledger(WriteMode.MERGE)).isEqualTo(2);

    lake.run(TABLE, T1.plus(Duration.ofHours(2)), TestLake.columns("id bigint", "v text"), "id,v\n2,b2\n3,c2\n");
    SyncResult fixed = syncMerge(options(WriteMode.MERGE));

    assertThat(fixed.failures()).isEmpty();
    assertThat(fixed.objectsLoaded()).isEqualTo(1);
    assertThat(mergeRows()).as("hour 3's snapshot still has 2=b1, later than hour 2's 2=b2").isEqualTo("1=a3 2=b1 3=c2");
  }

  /**
   * NULL keys from the warehouse, through ingest: the object fails at the NULL's line and column
   * with nothing of it loaded; in reject mode its other rows load and the NULL row is counted; an
   * append table of the same lake takes every row.
   */
  @Test
  void merge_nullKeysFromTheWarehouse_failAtTheirLineAndColumn_nothingLost() throws Exception {
    duckSql("CREATE TABLE items (id BIGINT, v VARCHAR)");
    duckSql("INSERT INTO items VALUES (1, 'a1'), (NULL, 'n1'), (2, 'b1')");
    List<String> keys = ingest(1);
    duckSql("DELETE FROM items WHERE id IS NULL");
    duckSql("UPDATE items SET v = 'b2' WHERE id = 2");
    ingest(2);

    SyncResult result = syncMerge(options(WriteMode.MERGE));

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.table()).isEqualTo(TABLE);
      assertThat(f.key()).isEqualTo(keys.get(0));
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.column()).isEqualTo("id");
      assertThat(f.message()).contains("items", keys.get(0), "line 3, column id", "null value");
    });
    assertThat(mergeRows()).isEqualTo("1=a1 2=b2");

    SyncResult rejecting = syncMerge(options(WriteMode.MERGE).set(SYNC_ON_ERROR, "reject"));
    assertThat(rejecting.failures()).isEmpty();
    assertThat(rejecting.rowsLoaded()).isEqualTo(2);
    assertThat(rejecting.rowsRejected()).isEqualTo(1);
    assertThat(mergeRows()).as("the later run's row stays").isEqualTo("1=a1 2=b2");

    SyncResult appended = new LakeSync(target(WriteMode.APPEND, "model-bad")).sync(store,
        options(WriteMode.APPEND).build());
    assertThat(appended.failures()).isEmpty();
    assertThat(pg.scalar("SELECT count(*) FROM \"" + schemas.get(WriteMode.APPEND) + "\".items")).isEqualTo(5);
  }

  /**
   * The warehouse narrows the key (bigint to integer) after a run with a value only bigint holds:
   * frozen, the later object fails naming table, object, column and both types, with nothing
   * changed; evolving, it merges into the bigint column, which keeps every earlier value.
   */
  @Test
  void merge_keyNarrowedInALaterObject_frozenFailsNamed_evolvingKeepsTheWiderColumnAndEveryValue() throws Exception {
    duckSql("CREATE TABLE items (id BIGINT, v VARCHAR)");
    duckSql("INSERT INTO items VALUES (5000000000, 'big'), (1, 'a1')");
    ingest(1);
    assertThat(syncMerge(options(WriteMode.MERGE)).failures()).isEmpty();
    duckSql("CREATE TABLE narrowed AS SELECT CAST(id AS INTEGER) AS id, v FROM items WHERE id < 5000000000");
    duckSql("DROP TABLE items");
    duckSql("ALTER TABLE narrowed RENAME TO items");
    duckSql("UPDATE items SET v = 'a2' WHERE id = 1");
    duckSql("INSERT INTO items VALUES (2, 'b2')");
    List<String> narrowed = ingest(2);
    assertThat(RunManifest.fromJson(RunManifest.keyIn(lake.template.render(TABLE, T1.plus(Duration.ofHours(2)))),
        LakeObjects.bytes(store, RunManifest.keyIn(lake.template.render(TABLE, T1.plus(Duration.ofHours(2))))))
        .columns().get(0).type()).isEqualTo("integer");

    SyncResult frozen = syncMerge(options(WriteMode.MERGE).set(SYNC_SCHEMA_CHANGES, "freeze"));

    assertThat(frozen.failures()).singleElement().satisfies(f -> {
      assertThat(f.table()).isEqualTo(TABLE);
      assertThat(f.key()).isEqualTo(narrowed.get(0));
      assertThat(f.column()).isEqualTo("id");
      assertThat(f.message()).contains("Cannot load object into table items", "column id is bigint in the table and"
          + " integer in the object", narrowed.get(0), "freeze");
    });
    assertThat(mergeRows()).isEqualTo("1=a1 5000000000=big");

    SyncResult evolved = syncMerge(options(WriteMode.MERGE));

    assertThat(evolved.failures()).isEmpty();
    assertThat(mergeRows()).isEqualTo("1=a2 2=b2 5000000000=big");
    assertThat(pg.text("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '\""
        + schemas.get(WriteMode.MERGE) + "\".items'::regclass AND attname = 'id'")).isEqualTo("bigint");
  }

  /**
   * A pre-created merge table with columns of the user's own (an identity surrogate key, a default):
   * an update by a later object leaves them to PostgreSQL, while a plain column the object lacks is NULL.
   */
  @Test
  void merge_usersIdentityAndDefaultColumns_areKept_plainOnesTheObjectLacksAreNull() {
    String items = "\"" + schemas.get(WriteMode.MERGE) + "\".items";
    pg.execute("CREATE SCHEMA \"" + schemas.get(WriteMode.MERGE) + "\"");
    pg.execute("CREATE TABLE " + items + " (sk bigint GENERATED ALWAYS AS IDENTITY, id bigint PRIMARY KEY, v text,"
        + " c1 text, note text DEFAULT 'mine')");
    lake.run(TABLE, T1, TestLake.columns("id bigint", "v text", "c1 text"), "id,v,c1\n1,a,x\n");
    assertThat(syncMerge(options(WriteMode.MERGE)).failures()).isEmpty();
    pg.execute("UPDATE " + items + " SET note = 'edited'");
    lake.run(TABLE, T1.plus(Duration.ofHours(1)), TestLake.columns("id bigint", "v text"), "id,v\n1,b\n");

    assertThat(syncMerge(options(WriteMode.MERGE)).failures()).isEmpty();

    assertThat(pg.text("SELECT concat_ws(',', sk, id, v, coalesce(c1, '~'), note) FROM " + items))
        .isEqualTo("1,1,b,~,edited");
  }

  /** Reads the replace table in a loop on its own connection, collecting every fingerprint it sees. */
  private Thread reader(String schema, Set<String> seen, AtomicBoolean reading, AtomicReference<Throwable> failed) {
    Thread t = new Thread(() -> {
      try (Connection c = pg.connection(); Statement st = c.createStatement()) {
        while (reading.get()) {
          try (ResultSet rs = st.executeQuery(fingerprintSql(schema))) {
            rs.next();
            seen.add(rs.getString(1));
          }
        }
      } catch (Throwable e) {
        failed.set(e);
      }
    }, "model-reader");
    t.start();
    return t;
  }
}
