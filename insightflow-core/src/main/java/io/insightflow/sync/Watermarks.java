package io.insightflow.sync;

import io.insightflow.api.Secrets;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.layout.PartitionTemplate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watermarks of incremental syncs, per table and layout: where the next listing starts, and
 * where it moves after a sync (the incremental listing rule of {@link LakeSync}).
 */
final class Watermarks {

  // Under LakeSync's name, as before the split: users filter the sync's lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(LakeSync.class);

  private Watermarks() {}

  /** Where an incremental listing of {@code table} starts: its watermark minus {@code margin}, or null for all. */
  static Instant listFrom(Connection c, SyncCatalog catalog, String table, PartitionTemplate template,
      Duration margin) throws SQLException {
    Instant watermark = catalog.watermark(c, table, template.template());
    return watermark == null ? null : watermark.minus(margin);
  }

  /**
   * Moves the watermark of every scan to the partition time of its oldest incomplete folder or
   * {@code unfinished} object, or else of its newest complete folder. A failure only costs the next
   * listing its length (the loads are committed), so it is logged, not thrown.
   */
  static void store(PostgresConnectionOptions target, SyncCatalog catalog, List<LakeScanner.Scan> scans,
      Predicate<String> unfinished) {
    try (Connection c = target.connect()) {
      for (LakeScanner.Scan scan : scans) {
        Instant resume = scan.firstIncomplete;
        for (LakeObject o : scan.complete) {
          if (unfinished.test(o.key()) && (resume == null || o.partitionTime().isBefore(resume))) {
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
      LOG.warn("Cannot store sync watermarks in schema {}: {}", catalog.schema(), Secrets.mask(e.getMessage()));
    }
  }
}
