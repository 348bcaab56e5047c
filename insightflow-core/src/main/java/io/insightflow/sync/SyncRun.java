package io.insightflow.sync;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link LakeSync#sync}: prepares the catalog and lists the lake (retrying while PostgreSQL is
 * away), loads the pending objects in lake order ({@link ParallelLoad}), moves the watermarks
 * ({@link Watermarks}) and reports. Holds no connection between calls.
 */
record SyncRun(PostgresConnectionOptions target, SyncCatalog catalog, Clock clock) {

  // Under LakeSync's name, as before the split: users filter the sync's start and done lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(LakeSync.class);

  /** See {@link LakeSync#sync}. */
  SyncResult run(ObjectStore lake, SyncOptions options) {
    long t0 = System.nanoTime();
    Instant deadline = SyncDeadline.effective(options, clock);
    LoadLimits limits = new LoadLimits(options.maxInflation(), options.maxLineBytes(), deadline, clock);
    Reconnect reconnect = new Reconnect(options.retryTimeout(), limits);
    List<LakeScanner.Scan> scans;
    Map<String, String> loaded;
    for (int attempt = 1; ; attempt++) {
      try (Connection c = target.connect()) {
        catalog.ensure(c);
        scans = SyncScans.of(c, catalog, lake, options);
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

    PendingObjects pending = PendingObjects.select(scans, loaded, options);
    SyncProgress progress = new SyncProgress(pending);
    LOG.info("sync start lake={} schema={} mode={} objects={} threads={}", lake.describe(),
        catalog.schema(), options.mode(), pending.toLoad().size(), options.threads());

    List<ReplaceRuns.Work> replaces = ReplaceRuns.group(scans, pending.toLoad(), options);
    List<LakeObject> appends = pending.toLoad().stream().filter(o -> !ReplaceRuns.replaces(options, o)).toList();
    new ParallelLoad(target, catalog, options, reconnect, limits, SyncScans.keys(scans, options.keys()))
        .run(lake, appends, replaces, progress);

    if (options.mode() != SyncMode.WINDOW && options.runs().isEmpty()) {
      Watermarks.store(target, catalog, scans, progress.unfinished());
    }
    SyncResult result = progress.result(Duration.ofNanos(System.nanoTime() - t0));
    LOG.info("sync done lake={} schema={} {}", lake.describe(), catalog.schema(), result.summary());
    return result;
  }
}
