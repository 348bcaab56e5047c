package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads the objects of one sync over {@link SyncOptions#threads()} connections: each worker takes
 * the next object in lake order (or, for a replace table, the table's {@link ReplaceRuns.Work}) and
 * loads it with its own {@link ObjectLoader}, until none is left or the {@link SyncDeadline} stops
 * them; from then on every object left counts as remaining.
 */
final class ParallelLoad {

  private final PostgresConnectionOptions target;
  private final SyncCatalog catalog;
  private final SyncOptions options;
  private final Reconnect reconnect;
  private final LoadLimits limits;
  private final Map<String, TableKeys> keys;

  ParallelLoad(PostgresConnectionOptions target, SyncCatalog catalog, SyncOptions options, Reconnect reconnect,
      LoadLimits limits, Map<String, TableKeys> keys) {
    this.keys = keys;
    this.target = target;
    this.catalog = catalog;
    this.options = options;
    this.reconnect = reconnect;
    this.limits = limits;
  }

  /**
   * Loads {@code objects} (the append tables') and {@code replaces}, counting every object in
   * {@code progress}; the replaces go first, as each is one long transaction. Returns when all are
   * counted.
   *
   * @throws InsightflowException if interrupted (once the objects in hand are committed or rolled
   *     back; the others are left for the next sync) or a worker failed outside an object's load
   */
  void run(ObjectStore lake, List<LakeObject> objects, List<ReplaceRuns.Work> replaces, SyncProgress progress) {
    List<Unit> work = new ArrayList<>();
    replaces.forEach(w -> work.add(new Unit(null, w)));
    objects.forEach(o -> work.add(new Unit(o, null)));
    if (work.isEmpty()) {
      return;
    }
    ConcurrentLinkedQueue<Unit> queue = new ConcurrentLinkedQueue<>(work);
    AtomicBoolean stopped = new AtomicBoolean();
    SyncDeadline deadline = new SyncDeadline(limits);
    int threads = Math.min(options.threads(), work.size());
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "insightflow-sync-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try (PostgresSink sink = new PostgresSink(target, catalog, options.onError(), PendingObjects.reloads(options),
        options.rejectUnknownFields(), limits, options::writeMode, options::schemaChanges,
        options.mergeRules()::forTable)) {
      Map<String, LakeObject> firsts = new LinkedHashMap<>();
      objects.forEach(o -> firsts.putIfAbsent(o.table(), o)); // objects come in lake order
      sink.createTables(firsts.values());
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          ObjectLoader loader = new ObjectLoader(sink, lake, reconnect, limits, keys);
          Unit u;
          while ((u = queue.poll()) != null) {
            if (stopped.get() || deadline.tooLateFor(u.bytes())) {
              stopped.set(true);
              u.counted().forEach(progress::leftForNextSync);
              continue;
            }
            List<ObjectLoader.Outcome> outcomes = u.object() != null ? List.of(loader.load(u.object()))
                : loader.load(u.replace());
            for (ObjectLoader.Outcome outcome : outcomes) {
              if (outcome.kind() == ObjectLoader.Kind.REMAINING) {
                stopped.set(true);
              }
              if (u.replace() == null || u.replace().pending().contains(outcome.object().key())) {
                progress.record(outcome.object(), outcome);
              }
              if (outcome.kind() == ObjectLoader.Kind.LOADED) {
                deadline.loaded(outcome.object().bytes(), outcome.millis());
              }
            }
          }
        }));
      }
      try {
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        // The workers block in JDBC, which ignores interrupts: left running, they would go on loading
        // objects after the sync has returned, beside the next one. They finish the object in hand.
        stopped.set(true);
        awaitUninterruptibly(futures);
        Thread.currentThread().interrupt();
        throw new InsightflowException("Sync interrupted; objects not started are left for the next sync", e);
      }
    } catch (ExecutionException e) {
      throw new InsightflowException("Sync worker failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits for every worker, interrupts notwithstanding (the caller sets the flag again). */
  private static void awaitUninterruptibly(List<Future<?>> futures) {
    for (Future<?> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException again) {
          // keep waiting: returning now would leave the worker loading
        } catch (ExecutionException ignored) {
          break; // the interrupt is what the caller hears about
        }
      }
    }
  }

  /** One transaction's work: an append object, or a replace table's run. */
  private record Unit(LakeObject object, ReplaceRuns.Work replace) {
    long bytes() {
      return object != null ? object.bytes() : replace.bytes();
    }

    /** The objects of the unit that the sync counts. */
    List<LakeObject> counted() {
      return object != null ? List.of(object)
          : replace.objects().stream().filter(o -> replace.pending().contains(o.key())).toList();
    }
  }
}
