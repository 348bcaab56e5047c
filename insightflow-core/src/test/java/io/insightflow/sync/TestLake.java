package io.insightflow.sync;

import io.insightflow.internal.layout.PartNames;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.testing.LakeObjects;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Writes test runs into a lake the way ingest does: parts first, the manifest last. */
final class TestLake {

  final ObjectStore lake;
  final PartitionTemplate template;

  TestLake(ObjectStore lake) {
    this(lake, PartitionTemplate.batch());
  }

  TestLake(ObjectStore lake, PartitionTemplate template) {
    this.lake = lake;
    this.template = template;
  }

  /** Columns from {@code "name type"} pairs; all nullable. */
  static List<RunManifest.Column> columns(String... specs) {
    return Arrays.stream(specs).map(s -> {
      int space = s.indexOf(' ');
      return new RunManifest.Column(s.substring(0, space), s.substring(space + 1), null, true);
    }).toList();
  }

  /** The default two-column schema {@code id bigint, name text}. */
  static List<RunManifest.Column> idName() {
    return columns("id bigint", "name text");
  }

  /** A part of {@code n} rows {@code id,name-id} starting at {@code firstId}, with header. */
  static String idNameRows(long firstId, int n) {
    StringBuilder sb = new StringBuilder("id,name\n");
    for (long i = firstId; i < firstId + n; i++) {
      sb.append(i).append(",name-").append(i).append('\n');
    }
    return sb.toString();
  }

  /** Writes a complete run: the parts, then the manifest. Returns the part keys. */
  List<String> run(String table, Instant time, List<RunManifest.Column> columns, String... parts) {
    List<String> keys = parts(table, time, parts);
    manifest(table, time, columns, keys, parts);
    return keys;
  }

  /** Writes only the parts (an incomplete run). */
  List<String> parts(String table, Instant time, String... parts) {
    String folder = template.render(table, time);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String key = folder + "/" + PartNames.csvPart(table, i + 1);
      lake.put(key, parts[i].getBytes(StandardCharsets.UTF_8));
      keys.add(key);
    }
    return keys;
  }

  /** Writes the manifest listing {@code keys} with {@code contents}. */
  void manifest(String table, Instant time, List<RunManifest.Column> columns, List<String> keys, String... contents) {
    List<RunManifest.Part> parts = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < keys.size(); i++) {
      byte[] bytes = contents[i].getBytes(StandardCharsets.UTF_8);
      long rows = dataRows(contents[i]);
      total += rows;
      parts.add(new RunManifest.Part(keys.get(i), rows, bytes.length, LakeObjects.crc32c(bytes)));
    }
    RunManifest m = new RunManifest(RunManifest.VERSION, UUID.randomUUID().toString(), table, time, "csv",
        "test", "select *", columns, parts, total, Instant.now());
    lake.put(RunManifest.keyIn(template.render(table, time)), m.toJson());
  }

  /** Writes raw bytes as a one-part run (for invalid UTF-8), with an explicit row count. */
  String rawRun(String table, Instant time, List<RunManifest.Column> columns, byte[] bytes, long rows) {
    String folder = template.render(table, time);
    String key = folder + "/" + PartNames.csvPart(table, 1);
    lake.put(key, bytes);
    RunManifest m = new RunManifest(RunManifest.VERSION, UUID.randomUUID().toString(), table, time, "csv",
        "test", "select *", columns, List.of(new RunManifest.Part(key, rows, bytes.length, LakeObjects.crc32c(bytes))),
        rows, Instant.now());
    lake.put(RunManifest.keyIn(folder), m.toJson());
    return key;
  }

  /** Data records of a simple CSV text: lines minus the header. */
  static long dataRows(String csv) {
    return csv.lines().count() - 1;
  }

}
