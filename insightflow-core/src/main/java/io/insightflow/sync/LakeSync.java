package io.insightflow.sync;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.sql.Identifiers;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *     .url("jdbc:postgresql://127.0.0.1:5432/test").user("postgres").schema("lake").build());
 * SyncResult result = sync.sync(new LocalObjectStore(Path.of("lake")), SyncOptions.builder().build());
 * if (!result.successful()) {
 *   result.failures().forEach(f -> System.err.println(f.message()));
 * }
 * }</pre>
 */
@Evolving
public final class LakeSync {

  private static final Logger LOG = LoggerFactory.getLogger(LakeSync.class);

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
   * @throws InsightflowException if PostgreSQL cannot be reached or prepared, or the lake cannot be listed
   */
  public SyncResult sync(ObjectStore lake, SyncOptions options) {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(options, "options");
    long t0 = System.nanoTime();
    Instant deadline = deadline(options);
    SyncCatalog catalog = new SyncCatalog(options.schema() != null ? options.schema() : target.schema());
    LoadLimits limits = new LoadLimits(options.maxInflation(), options.maxLineBytes(), deadline, clock);
    Reconnect reconnect = new Reconnect(options.retryTimeout(), limits);
    List<LakeScanner.Scan> scans;
    Map<String, String> loaded;
    for (int attempt = 1; ; attempt++) {
      try (Connection c = target.connect()) {
        catalog.ensure(c);
        scans = scan(c, catalog, lake, options);
        loaded = catalog.loadedVersions(c);
        reconnect.succeeded();
        break;
      } catch (SQLException e) {
        if (!reconnect.retry(e, attempt, "the preparation of the sync")) {
          throw new InsightflowException("Cannot prepare the sync into schema " + catalog.schema() + " of "
              + target + (limits.pastDeadline() ? " before the deadline " + deadline : "") + ": "
              + Secrets.mask(e.getMessage()), Secrets.scrub(e));
        }
      }
    }

    Map<String, Counts> counts = new TreeMap<>();
    List<ObjectFailure> failures = Collections.synchronizedList(new ArrayList<>());
    List<LakeObject> work = new ArrayList<>();
    boolean force = options.reload() && options.mode() != SyncMode.INCREMENTAL;
    for (LakeScanner.Scan scan : scans) {
      failures.addAll(scan.problems);
      scan.problems.forEach(p -> counts.computeIfAbsent(p.table(), Counts::new).failed.incrementAndGet());
      for (LakeObject o : scan.complete) {
        Counts table = counts.computeIfAbsent(o.table(), Counts::new);
        if (!force && Objects.equals(loaded.get(o.key()), o.version())) {
          table.skipped.incrementAndGet();
        } else {
          work.add(o);
        }
      }
    }
    work.sort(Comparator.comparing(LakeObject::partitionTime).thenComparing(LakeObject::key));
    LOG.info("sync start lake={} schema={} mode={} objects={} threads={}", lake.describe(),
        catalog.schema(), options.mode(), work.size(), options.threads());

    Map<String, ObjectLoader.Kind> outcomes = new ConcurrentHashMap<>();
    List<String> remaining = Collections.synchronizedList(new ArrayList<>());
    run(lake, options, catalog, reconnect, work, limits, counts, failures, outcomes, remaining);

    if (options.mode() != SyncMode.WINDOW && options.runs().isEmpty()) {
      updateWatermarks(catalog, scans, outcomes, Set.copyOf(remaining));
    }
    List<SyncResult.TableResult> tables = counts.values().stream().map(Counts::result).toList();
    List<String> left = new ArrayList<>(remaining);
    Collections.sort(left);
    SyncResult result = new SyncResult(tables, failures, left, Duration.ofNanos(System.nanoTime() - t0));
    LOG.info("sync done lake={} schema={} {}", lake.describe(), catalog.schema(), result.summary());
    return result;
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
    SyncCatalog catalog = new SyncCatalog(options.schema() != null ? options.schema() : target.schema());
    SyncOptions all = options.toBuilder().mode(SyncMode.FULL).window(null, null).runs(List.of()).build();
    try (Connection c = target.connect()) {
      boolean exists = catalogExists(c, catalog);
      List<LakeScanner.Scan> scans = scan(null, catalog, lake, all);
      Map<String, String> loaded = exists ? catalog.loadedVersions(c) : Map.of();
      Map<String, String> failed = exists ? catalog.failedVersions(c) : Map.of();
      Map<String, long[]> inLake = new TreeMap<>();
      for (LakeScanner.Scan scan : scans) {
        for (LakeObject o : scan.complete) {
          long[] n = inLake.computeIfAbsent(o.table(), t -> new long[3]);
          n[0]++;
          if (Objects.equals(loaded.get(o.key()), o.version())) {
            n[1]++;
          } else if (Objects.equals(failed.get(o.key()), o.version())) {
            n[2]++;
          }
        }
      }
      Map<String, Object[]> totals = new LinkedHashMap<>();
      if (exists) {
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, sum(rows_loaded), max(partition_time) FROM "
            + catalog.table(SyncCatalog.LOADED) + " GROUP BY table_name");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            totals.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getTimestamp(3).toInstant()});
            inLake.computeIfAbsent(rs.getString(1), t -> new long[3]);
          }
        }
      }
      List<TableStatus> out = new ArrayList<>();
      inLake.forEach((table, n) -> {
        if (!options.tables().isEmpty() && !options.tables().contains(table)) {
          return;
        }
        Object[] t = totals.getOrDefault(table, new Object[] {0L, null});
        out.add(new TableStatus(table, n[0], n[1], n[0] - n[1], n[2], (Long) t[0], (Instant) t[1]));
      });
      return out;
    } catch (SQLException e) {
      throw new InsightflowException("Cannot read the sync status of schema " + catalog.schema() + " of "
          + target + ": " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
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
    SyncCatalog catalog = new SyncCatalog(options.schema() != null ? options.schema() : target.schema());
    try (Connection c = target.connect()) {
      boolean exists = catalogExists(c, catalog);
      boolean headerMatch = CheckedCopy.headerMatch(c);
      // Without a catalog there is no watermark either: list everything, as the first sync would.
      List<LakeScanner.Scan> scans = scan(exists ? c : null, catalog, lake, options);
      Map<String, String> loaded = exists ? catalog.loadedVersions(c) : Map.of();
      boolean force = options.reload() && options.mode() != SyncMode.INCREMENTAL;
      List<LakeObject> work = new ArrayList<>();
      List<ObjectFailure> problems = new ArrayList<>();
      long skipped = 0;
      for (LakeScanner.Scan scan : scans) {
        problems.addAll(scan.problems);
        for (LakeObject o : scan.complete) {
          if (!force && Objects.equals(loaded.get(o.key()), o.version())) {
            skipped++;
          } else {
            work.add(o);
          }
        }
      }
      work.sort(Comparator.comparing(LakeObject::partitionTime).thenComparing(LakeObject::key));
      List<SyncPlan.ObjectPlan> objects = work.stream().map(o -> new SyncPlan.ObjectPlan(o.table(), o.key(),
          o.rows(), o.bytes(), CheckedCopy.copySql(Identifiers.qualified("insightflow.tables",
              catalog.schema(), o.table()), o.columns(), headerMatch, o.format()))).toList();
      return new SyncPlan(lake.describe(), catalog.schema(), options.mode(), objects, skipped, problems);
    } catch (SQLException e) {
      throw new InsightflowException("Cannot plan the sync into schema " + catalog.schema() + " of "
          + target + ": " + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  private static boolean catalogExists(Connection c, SyncCatalog catalog) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, catalog.table(SyncCatalog.LOADED));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private Instant deadline(SyncOptions options) {
    Instant deadline = options.deadline();
    if (options.timeBudget() != null) {
      Instant budget = clock.instant().plus(options.timeBudget());
      deadline = deadline == null || budget.isBefore(deadline) ? budget : deadline;
    }
    return deadline;
  }

  /** Scans every selected table in every layout; {@code c} null means no watermark (status). */
  private static List<LakeScanner.Scan> scan(Connection c, SyncCatalog catalog, ObjectStore lake,
      SyncOptions options) throws SQLException {
    if (!options.runs().isEmpty()) {
      return scanRuns(lake, options);
    }
    List<LakeScanner.Scan> scans = new ArrayList<>();
    for (PartitionTemplate template : options.templates()) {
      LakeScanner scanner = new LakeScanner(lake, template);
      Set<String> tables = options.tables().isEmpty() ? scanner.discoverTables() : new TreeSet<>(options.tables());
      if (options.tables().isEmpty()) {
        tables.addAll(options.externalTables());
      }
      for (String table : tables) {
        Instant listFrom = null;
        Instant from = null;
        Instant to = null;
        if (options.mode() == SyncMode.WINDOW) {
          listFrom = options.windowStart();
          from = options.windowStart();
          to = options.windowEnd();
        } else if (options.mode() == SyncMode.INCREMENTAL && c != null) {
          Instant watermark = catalog.watermark(c, table, template.template());
          listFrom = watermark == null ? null : watermark.minus(options.watermarkMargin());
        }
        if (options.externalTables().contains(table)) {
          scans.add(scanner.scanExternal(table, listFrom, from, to, target -> existingColumns(c, catalog, target)));
        } else {
          scans.add(scanner.scan(table, listFrom, from, to));
        }
      }
    }
    return scans;
  }

  /** The columns of an existing target table, or none without a connection (status) or table. */
  private static List<RunManifest.Column> existingColumns(Connection c, SyncCatalog catalog, String table) {
    if (c == null || !Identifiers.isValid(table)) {
      return List.of();
    }
    try {
      return TableDdl.existingColumns(c, catalog.schema(), table);
    } catch (SQLException e) {
      throw new InsightflowException("Cannot read the columns of " + catalog.schema() + "." + table + ": "
          + Secrets.mask(e.getMessage()), Secrets.scrub(e));
    }
  }

  /** One scan per run of {@link SyncOptions#runs()}: its folder is listed, only its manifest read. */
  private static List<LakeScanner.Scan> scanRuns(ObjectStore lake, SyncOptions options) {
    List<LakeScanner.Scan> scans = new ArrayList<>();
    for (String manifestKey : options.runs()) {
      PartitionTemplate template = null;
      PartitionTemplate.Partition partition = null;
      for (PartitionTemplate t : options.templates()) {
        partition = t.parse(manifestKey).orElse(null);
        if (partition != null) {
          template = t;
          break;
        }
      }
      if (partition == null) {
        LakeScanner.Scan scan = new LakeScanner.Scan("", options.templates().get(0));
        scan.problems.add(new ObjectFailure("", manifestKey, 0, null, "Run manifest " + manifestKey
            + " is in no partition folder of the layouts " + options.templates() + " [object " + manifestKey + "]"));
        scans.add(scan);
      } else if (options.tables().isEmpty() || options.tables().contains(partition.table())) {
        scans.add(new LakeScanner(lake, template).scanRun(partition.table(), partition.folder(), partition.time(),
            manifestKey));
      }
    }
    return scans;
  }

  private void run(ObjectStore lake, SyncOptions options, SyncCatalog catalog, Reconnect reconnect, List<LakeObject> work,
      LoadLimits limits, Map<String, Counts> counts, List<ObjectFailure> failures,
      Map<String, ObjectLoader.Kind> outcomes, List<String> remaining) {
    if (work.isEmpty()) {
      return;
    }
    ConcurrentLinkedQueue<LakeObject> queue = new ConcurrentLinkedQueue<>(work);
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicLong bytesDone = new AtomicLong();
    AtomicLong millisDone = new AtomicLong();
    int threads = Math.min(options.threads(), work.size());
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "insightflow-sync-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try (PostgresSink sink = new PostgresSink(target, catalog, options.onError(),
        options.reload() && options.mode() != SyncMode.INCREMENTAL, options.rejectUnknownFields(), limits)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          ObjectLoader loader = new ObjectLoader(sink, lake, reconnect, limits);
          LakeObject o;
          while ((o = queue.poll()) != null) {
            Counts table = counts.get(o.table());
            if (stopped.get() || pastDeadline(limits.deadline(), o, bytesDone.get(), millisDone.get())) {
              stopped.set(true);
              remaining.add(o.key());
              table.remaining.incrementAndGet();
              continue;
            }
            ObjectLoader.Outcome outcome = loader.load(o);
            outcomes.put(o.key(), outcome.kind());
            switch (outcome.kind()) {
              case LOADED -> {
                table.loaded.incrementAndGet();
                table.rows.addAndGet(outcome.rows());
                table.rejected.addAndGet(outcome.rejected());
                bytesDone.addAndGet(o.bytes());
                millisDone.addAndGet(Math.max(1, outcome.millis()));
              }
              case SKIPPED -> table.skipped.incrementAndGet();
              case BUSY -> table.busy.incrementAndGet();
              case FAILED -> {
                table.failed.incrementAndGet();
                failures.add(outcome.failure());
              }
              case REMAINING -> {
                stopped.set(true);
                remaining.add(o.key());
                table.remaining.incrementAndGet();
              }
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InsightflowException("Sync interrupted", e);
    } catch (ExecutionException e) {
      throw new InsightflowException("Sync worker failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Whether {@code o} must wait for the next sync: the deadline has passed, or loading it at this
   * sync's observed per-connection speed would end after the deadline.
   */
  private boolean pastDeadline(Instant deadline, LakeObject o, long bytesDone, long millisDone) {
    if (deadline == null) {
      return false;
    }
    Instant now = clock.instant();
    if (!now.isBefore(deadline)) {
      return true;
    }
    if (bytesDone == 0) {
      return false;
    }
    long estimate = o.bytes() * millisDone / bytesDone;
    return now.plusMillis(estimate).isAfter(deadline);
  }

  private void updateWatermarks(SyncCatalog catalog, List<LakeScanner.Scan> scans,
      Map<String, ObjectLoader.Kind> outcomes, Set<String> remaining) {
    try (Connection c = target.connect()) {
      for (LakeScanner.Scan scan : scans) {
        Instant resume = scan.firstIncomplete;
        for (LakeObject o : scan.complete) {
          ObjectLoader.Kind kind = outcomes.get(o.key());
          boolean notDone = remaining.contains(o.key()) || kind == ObjectLoader.Kind.FAILED
              || kind == ObjectLoader.Kind.BUSY;
          if (notDone && (resume == null || o.partitionTime().isBefore(resume))) {
            resume = o.partitionTime();
          }
        }
        if (resume == null) {
          resume = scan.lastComplete;
        }
        if (resume != null) {
          catalog.setWatermark(c, scan.listedTable, scan.template.template(), resume);
        }
      }
    } catch (SQLException e) {
      // Only the next listing's length depends on it; the loads themselves are committed.
      LOG.warn("Cannot store sync watermarks in schema {}: {}", catalog.schema(), Secrets.mask(e.getMessage()));
    }
  }

  /** Per-table counters, updated by the workers. */
  private static final class Counts {
    final String table;
    final AtomicLong loaded = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong busy = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong remaining = new AtomicLong();

    Counts(String table) {
      this.table = table;
    }

    SyncResult.TableResult result() {
      return new SyncResult.TableResult(table, loaded.get(), rows.get(), rejected.get(), skipped.get(),
          busy.get(), failed.get(), remaining.get());
    }
  }
}
