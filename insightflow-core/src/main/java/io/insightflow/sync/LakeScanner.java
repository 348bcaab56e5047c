package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.internal.lake.MetadataObjects;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.layout.Naming;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the complete objects of one table in one layout. A partition folder's objects are complete
 * when a manifest in the same folder ({@code _manifest.json}, or {@code _manifest*.json} for
 * per-object stream manifests) lists them; data objects no manifest lists make the folder
 * incomplete and are never loaded. A run with a part missing from the lake loads none of its parts.
 */
final class LakeScanner {

  private static final Logger LOG = LoggerFactory.getLogger(LakeScanner.class);
  private static final Pattern CRC32C = Pattern.compile("[0-9a-fA-F]{8}");

  private final ObjectStore lake;
  private final PartitionTemplate template;

  LakeScanner(ObjectStore lake, PartitionTemplate template) {
    this.lake = lake;
    this.template = template;
  }

  /**
   * The table names under this layout, found by skipping from one table's folder to the next, so
   * discovery costs one short listing per table rather than a listing of the whole history.
   */
  Set<String> discoverTables() {
    String root = template.tablePrefix("\u0000");
    root = root.substring(0, root.indexOf('\u0000'));
    Set<String> tables = new TreeSet<>();
    String startAfter = null;
    while (true) {
      Optional<ObjectInfo> first;
      try (Stream<ObjectInfo> s = lake.list(root, startAfter)) {
        first = s.filter(o -> template.parse(o.key()).isPresent()).findFirst();
      }
      if (first.isEmpty()) {
        return tables;
      }
      String table = template.parse(first.get().key()).orElseThrow().table();
      tables.add(table);
      // '0' sorts right after '/', so this skips every key under "<root><table>/".
      startAfter = template.tablePrefix(table);
      startAfter = startAfter.substring(0, startAfter.length() - 1) + "0";
    }
  }

  /**
   * Scans the table's partitions whose time is in {@code [from, to)}.
   *
   * @param listFrom partition time where the listing starts (inclusive), or null for all history
   * @param from lowest partition time wanted, or null
   * @param to partition time where the scan stops (exclusive), or null
   */
  Scan scan(String table, Instant listFrom, Instant from, Instant to) {
    String prefix = template.tablePrefix(table);
    String startAfter = listFrom == null ? null : template.render(table, listFrom);
    Scan scan = new Scan(table, template);
    try (Stream<ObjectInfo> listing = lake.list(prefix, startAfter)) {
      Iterator<ObjectInfo> it = listing.iterator();
      String folder = null;
      Instant folderTime = null;
      List<ObjectInfo> objects = new ArrayList<>();
      while (it.hasNext()) {
        ObjectInfo info = it.next();
        Optional<PartitionTemplate.Partition> p = template.parse(info.key());
        if (p.isEmpty() || !p.get().table().equals(table)) {
          continue;
        }
        if (!p.get().folder().equals(folder)) {
          if (folder != null) {
            scan.addFolder(folder, folderTime, objects, lake);
          }
          objects.clear();
          folder = p.get().folder();
          folderTime = p.get().time();
        }
        if (to != null && !folderTime.isBefore(to)) {
          folder = null;
          break; // keys are in time order: nothing later can be in the window
        }
        if (from == null || !folderTime.isBefore(from)) {
          objects.add(info);
        }
      }
      if (folder != null && !objects.isEmpty()) {
        scan.addFolder(folder, folderTime, objects, lake);
      }
    }
    return scan;
  }

  /**
   * Scans one run: the objects that the manifest {@code manifestKey} in {@code folder} lists. A
   * manifest that is not in the lake, or a listed object that is missing, is a problem of the scan.
   */
  Scan scanRun(String table, String folder, Instant time, String manifestKey) {
    Scan scan = new Scan(table, template);
    List<ObjectInfo> objects;
    try (Stream<ObjectInfo> listing = lake.list(folder + "/")) {
      objects = listing.filter(o -> ObjectKeys.parent(o.key()).equals(folder)).toList();
    }
    if (objects.stream().noneMatch(o -> o.key().equals(manifestKey))) {
      scan.problems.add(new ObjectFailure(table, manifestKey, 0, null, "Run manifest " + manifestKey
          + " is not in the lake " + lake.describe() + " [object " + manifestKey + "]"));
      return scan;
    }
    scan.addFolder(folder, time, objects, lake, manifestKey::equals);
    return scan;
  }

  /** The columns of an existing target table; empty when there is none. */
  @FunctionalInterface
  interface ExistingColumns {
    List<RunManifest.Column> of(String table);
  }

  /**
   * Scans an external table: objects other writers deliver under the table's folder, with no
   * manifest. The folder is listed whole unless its schema says the objects are partitioned. Each object is complete once it exists (writes to S3 and to a local lake are atomic)
   * and is identified by key and ETag. Its partition time comes from the layout when its key follows
   * it, else from its last-modified time. The folder's {@value ExternalSchema#FILE_NAME} says how the
   * objects encode rows and names the columns; without it, or without columns in it, the columns of
   * the existing target table are used. The columns {@value ExternalSchema#FILE_NAME} names are the
   * source's (the CSV header's, the JSON fields'), named in PostgreSQL by the table's policy in
   * {@code naming}; the table keeps its folder's name. [#22]
   *
   * @param listFrom partition time where the listing starts (inclusive), or null for all history
   * @param from lowest partition time wanted, or null
   * @param to partition time where the scan stops (exclusive), or null
   */
  Scan scanExternal(String table, Instant listFrom, Instant from, Instant to, ExistingColumns existing,
      Naming naming) {
    String prefix = template.tablePrefix(table);
    Scan scan = new Scan(table, template);
    String schemaKey = prefix + ExternalSchema.FILE_NAME;
    ExternalSchema schema = null;
    try {
      if (lake.stat(schemaKey).isPresent()) {
        schema = ExternalSchema.parse(schemaKey, Scan.read(lake, schemaKey));
      }
    } catch (LakeException e) {
      scan.problems.add(new ObjectFailure(table, schemaKey, 0, null, e.getMessage()));
      return scan;
    }
    if (schema != null && schema.table() != null && !schema.table().equals(table)) {
      scan.problems.add(new ObjectFailure(table, schemaKey, 0, null, new LakeException(schemaKey, "Not a valid table"
          + " schema: it names table " + Printable.of(schema.table()) + " but lies in the folder of table " + table
          + "; the objects of a folder load into its table only (drop \"table\" or make it " + table + ")").getMessage()));
      return scan;
    }
    String target = table;
    List<RunManifest.Column> columns;
    try {
      columns = schema == null ? List.of() : naming.columns(table, schema.manifestColumns());
    } catch (InsightflowException e) {
      scan.problems.add(new ObjectFailure(table, schemaKey, 0, null, new LakeException(schemaKey, "Not a valid table"
          + " schema: " + e.getMessage()).getMessage()));
      return scan;
    }
    if (columns.isEmpty()) {
      columns = existing.of(target);
    }
    if (schema != null && schema.keys() != null) {
      schema = schema.withKeys(naming.keys(table, schema.keys()));
      // Checked again against the target table's columns when the schema names none. [#21]
      Optional<String> problem = schema.keyProblem(columns.isEmpty() ? null : columns);
      if (problem.isPresent()) {
        scan.problems.add(new ObjectFailure(table, schemaKey, 0, null, new LakeException(schemaKey, "Not a valid"
            + " table schema: " + problem.get() + "; no object of table " + table + " loads until it is fixed")
            .getMessage()));
        return scan;
      }
      scan.keys.declare(schemaKey, Instant.MIN, schema.keys(), TableKeys.Origin.SCHEMA);
    }
    ObjectFormat format = schema == null ? new ObjectFormat("csv", true, "auto") : schema.objectFormat();
    boolean partitioned = schema != null && Boolean.TRUE.equals(schema.partitioned());
    String startAfter = listFrom == null || !partitioned ? null : template.render(table, listFrom);
    boolean any = false;
    try (Stream<ObjectInfo> listing = lake.list(prefix, startAfter)) {
      Iterator<ObjectInfo> it = listing.iterator();
      while (it.hasNext()) {
        ObjectInfo info = it.next();
        if (hidden(info.key().substring(prefix.length()))) {
          continue;
        }
        Instant time = template.parse(info.key()).filter(p -> p.table().equals(table))
            .map(PartitionTemplate.Partition::time).orElse(info.lastModified());
        if ((from != null && time.isBefore(from)) || (to != null && !time.isBefore(to))) {
          continue;
        }
        any = true;
        if (columns.isEmpty()) {
          scan.problems.add(new ObjectFailure(target, info.key(), 0, null, "External table " + target + " has no"
              + " columns: write them into " + schemaKey + " or create the target table [object " + info.key() + "]"));
          scan.markIncomplete(time);
          continue;
        }
        scan.complete.add(new LakeObject(target, info.key(), time, schema != null ? schemaKey : prefix, "external",
            -1, info.size(), -1, null, info.etag(), columns, format));
        scan.keys.columns(time, columns);
        scan.lastComplete = scan.lastComplete == null || time.isAfter(scan.lastComplete) ? time : scan.lastComplete;
      }
    }
    if (!any) {
      LOG.debug("external table {}: nothing under {}", Printable.of(table), Printable.of(prefix));
    }
    return scan;
  }

  /** Whether a key below a table's folder is no data: any segment starting with {@code _} or {@code .}. */
  private static boolean hidden(String relativeKey) {
    for (String segment : relativeKey.split("/")) {
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the key is a manifest: {@code _manifest.json} or {@code _manifest<anything>.json}. */
  static boolean isManifest(String key) {
    return RunManifest.isManifestKey(key);
  }

  /** The result of scanning one table in one layout. */
  static final class Scan {
    final String listedTable;
    final PartitionTemplate template;
    final List<LakeObject> complete = new ArrayList<>();
    final List<ObjectFailure> problems = new ArrayList<>();
    /** What the complete runs (or the external table's schema) say about the table's key. [#21] */
    final LakeKeys keys = new LakeKeys();
    /** Every data object of the folders scanned, listed by a manifest or not, by key (what verify compares). [#23] */
    final Map<String, ObjectInfo> listed = new LinkedHashMap<>();
    Instant firstIncomplete;
    Instant lastComplete;

    Scan(String listedTable, PartitionTemplate template) {
      this.listedTable = listedTable;
      this.template = template;
    }

    void addFolder(String folder, Instant time, List<ObjectInfo> objects, ObjectStore lake) {
      addFolder(folder, time, objects, lake, manifest -> true);
    }

    /** Adds the objects of the folder's manifests that {@code selected} accepts. */
    void addFolder(String folder, Instant time, List<ObjectInfo> objects, ObjectStore lake,
        java.util.function.Predicate<String> selected) {
      Map<String, ObjectInfo> data = new LinkedHashMap<>();
      List<String> manifests = new ArrayList<>();
      for (ObjectInfo o : objects) {
        if (isManifest(o.key()) && ObjectKeys.parent(o.key()).equals(folder)) {
          if (selected.test(o.key())) {
            manifests.add(o.key());
          }
        } else if (!ObjectKeys.isMetadata(o.key())) {
          data.put(o.key(), o);
        }
      }
      listed.putAll(data);
      Set<String> listed = new LinkedHashSet<>();
      for (String manifestKey : manifests) {
        RunManifest manifest;
        try {
          manifest = checked(manifestKey, listedTable, RunManifest.fromJson(manifestKey, read(lake, manifestKey)));
        } catch (LakeException e) {
          problems.add(new ObjectFailure(listedTable, manifestKey, 0, null, e.getMessage()));
          markIncomplete(time);
          continue;
        }
        manifest.parts().forEach(part -> listed.add(part.key()));
        List<String> missing = manifest.parts().stream().map(RunManifest.Part::key)
            .filter(key -> !data.containsKey(key)).toList();
        if (!missing.isEmpty()) {
          // A run is loaded whole or not at all: none of its parts load while one is missing.
          for (String key : missing) {
            problems.add(new ObjectFailure(manifest.table(), key, 0, null, "Object listed in manifest "
                + manifestKey + " is missing from the lake; no object of this run loads until it is back"
                + " [object " + key + "]"));
          }
          markIncomplete(time);
          continue;
        }
        List<String> changed = manifest.parts().stream().filter(p -> p.etag() != null
            && !p.etag().equals(data.get(p.key()).etag())).map(RunManifest.Part::key).toList();
        if (!changed.isEmpty()) {
          for (String key : changed) {
            problems.add(new ObjectFailure(manifest.table(), key, 0, null, "Object does not match its manifest "
                + manifestKey + ": its ETag changed since the run was recorded (rewritten?); no object of this run"
                + " loads until the manifest is written again [object " + key + "]"));
          }
          markIncomplete(time);
          continue;
        }
        if (manifest.recordsKeys()) {
          keys.declare(manifestKey, time, manifest.keys(), TableKeys.Origin.MANIFEST);
        }
        keys.columns(time, manifest.columns());
        for (RunManifest.Part part : manifest.parts()) {
          ObjectInfo info = data.get(part.key());
          complete.add(new LakeObject(listedTable, part.key(), time, manifestKey, manifest.runId(),
              part.rows(), info.size(), part.bytes(), part.crc32c(), info.etag(), manifest.columns(),
              ObjectFormat.CSV.withCompression(manifest.compression() == null ? "none" : manifest.compression())));
        }
      }
      List<String> unlisted = data.keySet().stream().filter(key -> !listed.contains(key)).toList();
      if (!unlisted.isEmpty()) {
        // Stream folders hold objects whose own manifest is not written yet; a batch run lists all of its parts.
        if (manifests.contains(RunManifest.keyIn(folder))) {
          LOG.warn("Folder {} holds {} data objects that its manifest does not list (first: {}); they are"
              + " not loaded and incremental sync will list this folder again", Printable.of(folder), unlisted.size(),
              Printable.of(unlisted.get(0)));
        }
        markIncomplete(time);
      } else if (!manifests.isEmpty()) {
        lastComplete = lastComplete == null || time.isAfter(lastComplete) ? time : lastComplete;
      }
    }

    /**
     * Rejects manifests of another folder's table, and those whose parts could not be verified: every
     * part needs its rows, bytes and CRC32C, or, when its writer never read it (an unload), its bytes and ETag.
     */
    private static RunManifest checked(String manifestKey, String folderTable, RunManifest manifest) {
      if (!manifest.table().equals(folderTable)) {
        // The table is the folder's: a manifest naming another one (sync's ledger, say) is forged or misplaced.
        throw new LakeException(manifestKey, "Not a valid run manifest: it names table " + Printable.of(manifest.table())
            + " but lies in the folder of table " + folderTable + "; a run loads into its folder's table only");
      }
      for (RunManifest.Part part : manifest.parts()) {
        boolean checksummed = part.rows() >= 0 && part.crc32c() != null && CRC32C.matcher(part.crc32c()).matches();
        boolean tagged = part.crc32c() == null && part.etag() != null && !part.etag().isBlank() && part.rows() >= -1;
        if (part.key() == null || part.bytes() < 0 || !(checksummed || tagged)) {
          throw new LakeException(manifestKey, "Not a valid run manifest: part " + part
              + " needs a key, rows, bytes and a CRC32C of 8 hex digits (or, unread by its writer, bytes and an ETag)");
        }
      }
      return manifest;
    }

    void markIncomplete(Instant time) {
      if (firstIncomplete == null || time.isBefore(firstIncomplete)) {
        firstIncomplete = time;
      }
    }

    static byte[] read(ObjectStore lake, String key) {
      return MetadataObjects.read(lake, key, isManifest(key) ? "run manifest" : "table schema");
    }
  }
}
