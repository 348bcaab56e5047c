package io.insightflow.sync;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowException;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.sql.Identifiers;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync: loads the raw lake into PostgreSQL with COPY, exactly once per object.
 *
 * <p>Each object loads in its own transaction together with its record in
 * {@code <schema>._insightflow_loaded}; {@code threads} connections load different objects at once,
 * and workers in other threads or processes claim objects with transaction-scoped advisory locks,
 * so no object is loaded twice. An object rewritten with new content (a new CRC32C in its manifest)
 * replaces the rows it loaded before. A failing object rolls back alone; the others still load.
 *
 * <p>Usage: {@code SyncResult r = new LakeSync(lake).sync(SyncOptions.fromProperties(props));}
 */
public final class LakeSync {

  private static final Logger LOG = LoggerFactory.getLogger(LakeSync.class);

  private final ObjectStore lake;

  /** @param lake the lake to read; the caller keeps ownership and closes it */
  public LakeSync(ObjectStore lake) {
    this.lake = Objects.requireNonNull(lake, "lake");
  }

  /**
   * Runs a sync. Returns normally even when objects failed: check {@link SyncResult#success()}.
   *
   * @throws io.insightflow.InsightflowConfigException when the target cannot be reached or a name is invalid
   */
  public SyncResult sync(SyncOptions options) {
    Objects.requireNonNull(options, "options");
    long start = System.nanoTime();
    LoadLedger ledger = new LoadLedger(options.schema());
    List<LakeObject> pending;
    List<SyncFailure> rejected = new ArrayList<>();
    int skipped;
    try (Connection c = options.target().connect()) {
      ledger.init(c);
      List<LakeObject> candidates = candidates(c, ledger, options);
      Map<String, String> loaded = candidates.isEmpty() ? Map.of()
          : ledger.loadedChecksums(c, candidates.stream().map(LakeObject::key).toList());
      List<LakeObject> changed = candidates.stream()
          .filter(o -> o.crc32c() == null || !o.crc32c().equals(loaded.get(o.key()))).toList();
      skipped = candidates.size() - changed.size();
      pending = new ArrayList<>();
      for (Map.Entry<String, List<LakeObject>> table : LakeCatalog.byTable(changed).entrySet()) {
        try {
          Identifiers.validate("table name in the lake manifest", table.getKey());
          ledger.ensureTable(c, table.getKey(), unionOfColumns(table.getValue()));
          pending.addAll(table.getValue());
        } catch (InsightflowConfigException e) {
          // Names in manifests are data: a bad one fails that table's objects, never runs as SQL.
          c.rollback();
          table.getValue().forEach(o -> rejected.add(ObjectLoader.failure(o, e)));
        }
      }
    } catch (SQLException e) {
      throw new InsightflowException("Sync preparation failed on " + options.target().describe() + ": " + e.getMessage(), e);
    }
    LOG.info("sync mode={} objects={} alreadyLoaded={} threads={}", options.mode(), pending.size(), skipped,
        options.threads());
    Run run = new Run(options, ledger, pending);
    run.failures.addAll(rejected);
    run.execute();
    SyncResult result = run.result(skipped, Duration.ofNanos(System.nanoTime() - start));
    LOG.info("sync done objects={} rows={} skipped={} failed={} remaining={} ms={}", result.objects(), result.rows(),
        result.skipped(), result.failures().size(), result.remaining(), result.elapsed().toMillis());
    return result;
  }

  /**
   * Where each table stands: lake objects of complete runs, loaded, pending, failed, rows and the
   * last loaded partition. Reads the whole lake listing of the tables.
   */
  public List<TableStatus> status(SyncOptions options) {
    LoadLedger ledger = new LoadLedger(options.schema());
    LakeCatalog catalog = new LakeCatalog(lake, options.templates());
    List<String> tables = options.tables().isEmpty() ? new ArrayList<>(catalog.tables()) : options.tables();
    List<TableStatus> statuses = new ArrayList<>();
    try (Connection c = options.target().connect()) {
      ledger.init(c);
      for (String table : tables) {
        List<LakeObject> objects = catalog.objects(table, null, null);
        Map<String, String> loaded = objects.isEmpty() ? Map.of()
            : ledger.loadedChecksums(c, objects.stream().map(LakeObject::key).toList());
        int current = (int) objects.stream().filter(o -> Objects.equals(o.crc32c(), loaded.get(o.key()))).count();
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(rows), 0), max(partition_time),"
            + " (SELECT count(*) FROM " + ledger.failed() + " WHERE table_name = ?) FROM " + ledger.loaded()
            + " WHERE table_name = ?")) {
          ps.setString(1, table);
          ps.setString(2, table);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            statuses.add(new TableStatus(table, objects.size(), current, objects.size() - current, rs.getInt(3),
                rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()));
          }
        }
        c.commit();
      }
    } catch (SQLException e) {
      throw new InsightflowException("Status failed on " + options.target().describe() + ": " + e.getMessage(), e);
    }
    return statuses;
  }

  private List<LakeObject> candidates(Connection c, LoadLedger ledger, SyncOptions options) throws SQLException {
    LakeCatalog catalog = new LakeCatalog(lake, options.templates());
    List<String> tables = options.tables().isEmpty() ? new ArrayList<>(catalog.tables()) : options.tables();
    Instant[] window = options.mode() == SyncMode.WINDOW
        ? new Instant[] {options.start().orElseThrow(), options.end().orElseThrow()} : null;
    List<LakeObject> objects = new ArrayList<>();
    for (String table : tables) {
      Instant after = null;
      if (options.mode() == SyncMode.INCREMENTAL) {
        Instant watermark = ledger.watermark(c, table);
        after = watermark == null ? null : watermark.minus(options.lookback());
      }
      objects.addAll(catalog.objects(table, after, window));
    }
    objects.sort(Comparator.comparing(LakeObject::key));
    return objects;
  }

  private static List<RunManifest.Column> unionOfColumns(List<LakeObject> objects) {
    Map<String, RunManifest.Column> columns = new LinkedHashMap<>();
    objects.forEach(o -> o.columns().forEach(col -> columns.putIfAbsent(col.name(), col)));
    return new ArrayList<>(columns.values());
  }

  /** One sync's worker pool over a shared queue of objects. */
  private final class Run {
    private final SyncOptions options;
    private final LoadLedger ledger;
    private final ConcurrentLinkedQueue<LakeObject> queue;
    private final Map<String, AtomicInteger> objects = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();
    private final AtomicInteger skipped = new AtomicInteger();
    private final List<SyncFailure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong totalRows = new AtomicLong();
    private final long startNanos = System.nanoTime();

    Run(SyncOptions options, LoadLedger ledger, List<LakeObject> pending) {
      this.options = options;
      this.ledger = ledger;
      this.queue = new ConcurrentLinkedQueue<>(pending);
    }

    void execute() {
      int workers = Math.max(1, Math.min(options.threads(), queue.size()));
      ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
        Thread t = new Thread(r, "insightflow-sync");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
          futures.add(pool.submit(this::work));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InsightflowException("Sync interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re
            : new InsightflowException("Sync worker failed: " + e.getCause(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }

    private void work() {
      ObjectLoader loader = new ObjectLoader(lake, ledger);
      Connection c = options.target().connect();
      try {
        LakeObject object;
        while (!pastDeadline() && (object = queue.poll()) != null) {
          long start = System.nanoTime();
          try {
            if (loader.load(c, object) == ObjectLoader.Outcome.SKIPPED) {
              skipped.incrementAndGet();
              continue;
            }
            objects.computeIfAbsent(object.table(), t -> new AtomicInteger()).incrementAndGet();
            rows.computeIfAbsent(object.table(), t -> new AtomicLong()).addAndGet(object.rows());
            long total = totalRows.addAndGet(object.rows());
            long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
            long overallMs = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
            LOG.info("loaded table={} object={} rows={} ms={} totalRows={} rows/s={}", object.table(), object.key(),
                object.rows(), ms, total, total * 1000 / overallMs);
          } catch (SQLException | IOException | RuntimeException e) {
            SyncFailure failure = ObjectLoader.failure(object, e);
            failures.add(failure);
            LOG.warn("{}", failure.message());
            c = reconnectIfBroken(c);
            try {
              ledger.recordFailure(c, object, failure.message());
            } catch (SQLException recordError) {
              LOG.warn("Could not record the failure of {}: {}", object.key(), recordError.getMessage());
            }
          }
        }
      } finally {
        closeQuietly(c);
      }
    }

    /** A terminated backend or a dropped network must cost one object, not the rest of the queue. */
    private Connection reconnectIfBroken(Connection c) {
      try {
        if (c.isValid(5)) {
          return c;
        }
      } catch (SQLException e) {
        // Treat as broken.
      }
      closeQuietly(c);
      return options.target().connect();
    }

    private void closeQuietly(Connection c) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("Closing a sync connection failed: {}", e.getMessage());
      }
    }

    private boolean pastDeadline() {
      return options.deadline().map(d -> !options.clock().instant().isBefore(d)).orElse(false);
    }

    SyncResult result(int skippedBefore, Duration elapsed) {
      Map<String, SyncResult.TableLoad> loads = new HashMap<>();
      objects.forEach((t, n) -> loads.put(t, new SyncResult.TableLoad(n.get(), rows.get(t).get())));
      return new SyncResult(loads, skippedBefore + skipped.get(), failures, queue.size(), elapsed);
    }
  }
}
