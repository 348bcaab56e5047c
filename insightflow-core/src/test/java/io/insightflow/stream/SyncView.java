package io.insightflow.stream;

import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.testing.LakeObjects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the sync would load from a stream's lake folder: every part listed by a {@code _manifest*.json}
 * object, once per object key, with the object's current content (a rewritten object replaces
 * what was loaded before). Test helper.
 */
public final class SyncView {

  private SyncView() {}

  /** Data rows (header excluded) per part key, in key order. */
  public static Map<String, List<List<String>>> rowsByKey(ObjectStore store, String table) {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    try (Stream<ObjectInfo> objects = store.list("data/stream/" + table + "/")) {
      for (ObjectInfo info : objects.toList()) {
        if (!info.name().startsWith("_manifest") || !info.name().endsWith(".json")) {
          continue;
        }
        RunManifest manifest = RunManifest.fromJson(info.key(), LakeObjects.bytes(store, info.key()));
        for (RunManifest.Part part : manifest.parts()) {
          out.put(part.key(), LakeObjects.csvRows(store, part.key()));
        }
      }
    }
    return out;
  }

  /** All rows the sync would load, over all parts. */
  public static List<List<String>> rows(ObjectStore store, String table) {
    List<List<String>> all = new ArrayList<>();
    rowsByKey(store, table).values().forEach(all::addAll);
    return all;
  }

  /** The lines of every error object of the table. */
  public static List<String> errorLines(ObjectStore store, String table) {
    List<String> lines = new ArrayList<>();
    try (Stream<ObjectInfo> objects = store.list("errors/processing-failed/" + table + "/")) {
      for (ObjectInfo info : objects.toList()) {
        String text = new String(LakeObjects.bytes(store, info.key()), StandardCharsets.UTF_8);
        text.lines().filter(l -> !l.isBlank()).forEach(lines::add);
      }
    }
    return lines;
  }


}
