package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a sync, its dry run or a status report lists: every selected table in every layout (from the
 * window, from the watermark, or from the start), or each of {@link SyncOptions#runs()} alone.
 */
final class SyncScans {

  private SyncScans() {}

  /** Scans every selected table in every layout; {@code c} null means no watermark (status). */
  static List<LakeScanner.Scan> of(Connection c, SyncCatalog catalog, ObjectStore lake, SyncOptions options)
      throws SQLException {
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
          listFrom = Watermarks.listFrom(c, catalog, table, template, options.watermarkMargin());
        }
        if (options.externalTables().contains(table)) {
          scans.add(scanner.scanExternal(table, listFrom, from, to, target -> existingColumns(c, catalog, target),
              options.naming()));
        } else {
          scans.add(scanner.scan(table, listFrom, from, to));
        }
      }
    }
    return scans;
  }

  /**
   * The effective key of every table the scans list ({@link TableKeys#resolve}), by table; the
   * declarations of a table's scans in several layouts count together. [#21]
   */
  static Map<String, TableKeys> keys(List<LakeScanner.Scan> scans, ConfiguredKeys configured) {
    Map<String, LakeKeys> lake = new TreeMap<>();
    for (LakeScanner.Scan scan : scans) {
      if (!scan.listedTable.isEmpty()) {
        lake.computeIfAbsent(scan.listedTable, t -> new LakeKeys()).addAll(scan.keys);
      }
    }
    Map<String, TableKeys> keys = new LinkedHashMap<>();
    lake.forEach((table, declared) -> keys.put(table, TableKeys.resolve(table, configured, declared)));
    return keys;
  }

  /** The newest partition time of a complete run (or external object) of each table the scans list. [#23] */
  static Map<String, Instant> newestComplete(List<LakeScanner.Scan> scans) {
    Map<String, Instant> newest = new TreeMap<>();
    for (LakeScanner.Scan scan : scans) {
      for (LakeObject o : scan.complete) {
        newest.merge(o.table(), o.partitionTime(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    return newest;
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
}
