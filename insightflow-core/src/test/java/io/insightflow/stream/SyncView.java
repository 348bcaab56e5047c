package io.insightflow.stream;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.insightflow.lake.ObjectInfo;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.RunManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
  public static Map<String, List<List<String>>> rowsByKey(ObjectStore store, String stream) {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    try (Stream<ObjectInfo> objects = store.list("data/stream/" + stream + "/")) {
      for (ObjectInfo info : objects.toList()) {
        if (!info.name().startsWith("_manifest") || !info.name().endsWith(".json")) {
          continue;
        }
        RunManifest manifest = RunManifest.fromJson(info.key(), read(store, info.key()));
        for (RunManifest.Part part : manifest.parts()) {
          out.put(part.key(), csvRows(store, part.key()));
        }
      }
    }
    return out;
  }

  /** All rows the sync would load, over all parts. */
  public static List<List<String>> rows(ObjectStore store, String stream) {
    List<List<String>> all = new ArrayList<>();
    rowsByKey(store, stream).values().forEach(all::addAll);
    return all;
  }

  /** The lines of every error object of the stream. */
  public static List<String> errorLines(ObjectStore store, String stream) {
    List<String> lines = new ArrayList<>();
    try (Stream<ObjectInfo> objects = store.list("errors/processing-failed/" + stream + "/")) {
      for (ObjectInfo info : objects.toList()) {
        String text = new String(read(store, info.key()), StandardCharsets.UTF_8);
        text.lines().filter(l -> !l.isBlank()).forEach(lines::add);
      }
    }
    return lines;
  }

  static byte[] read(ObjectStore store, String key) {
    try (InputStream in = store.open(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<List<String>> csvRows(ObjectStore store, String key) {
    List<List<String>> rows = new ArrayList<>();
    try (InputStream in = store.open(key);
        CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      boolean header = true;
      for (CsvRecord record : reader) {
        if (header) {
          header = false;
          continue;
        }
        rows.add(record.getFields());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
