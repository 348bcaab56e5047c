package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectStore;
import java.util.ArrayList;
import java.util.List;
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
 * the next object in lake order and loads it with its own {@link ObjectLoader}, until none is left
 * or the {@link SyncDeadline} stops them; from then on every object left counts as remaining.
 */
final class ParallelLoad {

  private final PostgresConnectionOptions target;
  private final SyncCatalog catalog;
  private final SyncOptions options;
  private final Reconnect reconnect;
  private final LoadLimits limits;
  private final Map<String, TableKeys> keys;

  /** @param keys each table's effective key, which the sink's writers receive ({@link TableKeys#resolve}) */
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
   * Loads {@code work} from {@code lake}, counting every object in {@code progress}; returns when
   * all are counted.
   *
   * @throws InsightflowException if interrupted or a worker failed outside an object's load
   */
  void run(ObjectStore lake, List<LakeObject> work, SyncProgress progress) {
    if (work.isEmpty()) {
      return;
    }
    ConcurrentLinkedQueue<LakeObject> queue = new ConcurrentLinkedQueue<>(work);
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
        options.rejectUnknownFields(), limits)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          ObjectLoader loader = new ObjectLoader(sink, lake, reconnect, limits, keys);
          LakeObject o;
          while ((o = queue.poll()) != null) {
            if (stopped.get() || deadline.tooLateFor(o)) {
              stopped.set(true);
              progress.leftForNextSync(o);
              continue;
            }
            ObjectLoader.Outcome outcome = loader.load(o);
            if (outcome.kind() == ObjectLoader.Kind.REMAINING) {
              stopped.set(true);
            }
            progress.record(o, outcome);
            if (outcome.kind() == ObjectLoader.Kind.LOADED) {
              deadline.loaded(o.bytes(), outcome.millis());
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
}
