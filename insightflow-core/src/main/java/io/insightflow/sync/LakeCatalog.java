package io.insightflow.sync;

import io.insightflow.LakeException;
import io.insightflow.lake.ObjectInfo;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the loadable objects of the lake: the parts listed by run manifests ({@code _manifest*.json}:
 * one per batch run, one per flushed stream object). Objects no manifest lists, such as the parts
 * of an incomplete run, are never returned.
 */
final class LakeCatalog {

  private final ObjectStore lake;
  private final List<PartitionTemplate> templates;

  LakeCatalog(ObjectStore lake, List<PartitionTemplate> templates) {
    this.lake = lake;
    this.templates = templates;
  }

  /** Tables that have at least one partition folder in the lake (a full listing). */
  Set<String> tables() {
    Set<String> tables = new LinkedHashSet<>();
    for (PartitionTemplate template : templates) {
      String root = template.tablePrefix("\u0000");
      String prefix = root.substring(0, root.indexOf('\u0000'));
      try (Stream<ObjectInfo> listing = lake.list(prefix)) {
        listing.filter(o -> isManifest(o.key())).forEach(o -> template.parse(o.key())
            .ifPresent(p -> tables.add(p.table())));
      }
    }
    return tables;
  }

  /**
   * The objects of one table's complete runs.
   *
   * @param after when set, listing starts at this partition time (a watermark minus lookback)
   * @param window when set, only partitions in {@code [window[0], window[1])}
   */
  List<LakeObject> objects(String table, Instant after, Instant[] window) {
    List<LakeObject> objects = new ArrayList<>();
    for (PartitionTemplate template : templates) {
      String startAfter = after == null ? null : template.render(table, after);
      try (Stream<ObjectInfo> listing = lake.list(template.tablePrefix(table), startAfter)) {
        listing.filter(o -> isManifest(o.key())).forEach(o -> {
          Optional<PartitionTemplate.Partition> partition = template.parse(o.key())
              .filter(p -> p.table().equals(table));
          if (partition.isEmpty()) {
            return;
          }
          Instant time = partition.get().time();
          if (window != null && (time.isBefore(window[0]) || !time.isBefore(window[1]))) {
            return;
          }
          RunManifest manifest = read(o.key());
          for (RunManifest.Part part : manifest.parts()) {
            objects.add(new LakeObject(manifest.table(), part.key(), part.crc32c(), part.rows(),
                manifest.columns(), time, manifest.runId()));
          }
        });
      }
    }
    return objects;
  }

  static boolean isManifest(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return name.startsWith("_manifest") && name.endsWith(".json");
  }

  private RunManifest read(String key) {
    try (InputStream in = lake.open(key)) {
      return RunManifest.fromJson(key, in.readAllBytes());
    } catch (IOException e) {
      throw new LakeException(key, "Cannot read manifest", e);
    }
  }

  /** Groups objects by table name, keeping order. */
  static Map<String, List<LakeObject>> byTable(List<LakeObject> objects) {
    Map<String, List<LakeObject>> map = new java.util.LinkedHashMap<>();
    objects.forEach(o -> map.computeIfAbsent(o.table(), t -> new ArrayList<>()).add(o));
    return map;
  }
}
