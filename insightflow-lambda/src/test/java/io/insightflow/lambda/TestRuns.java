package io.insightflow.lambda;

import io.insightflow.internal.layout.PartNames;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.testing.LakeObjects;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes small batch runs of {@code id,name} rows into a lake as ingest does: parts, then the manifest. */
final class TestRuns {

  static final List<RunManifest.Column> COLUMNS = List.of(new RunManifest.Column("id", "bigint", null, false),
      new RunManifest.Column("name", "text", null, true));

  private TestRuns() {}

  /** A run of {@code table} at {@code time} with one part per entry of {@code partRows}; returns the manifest key. */
  static String write(ObjectStore lake, String table, Instant time, long firstId, int... partRows) {
    String folder = PartitionTemplate.batch().render(table, time);
    List<RunManifest.Part> parts = new ArrayList<>();
    long id = firstId;
    long total = 0;
    for (int p = 0; p < partRows.length; p++) {
      StringBuilder csv = new StringBuilder("id,name\n");
      for (int r = 0; r < partRows[p]; r++, id++) {
        csv.append(id).append(",\"name, ").append(id).append("\"\n");
      }
      byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
      String key = folder + "/" + PartNames.csvPart(table, p + 1);
      lake.put(key, bytes);
      parts.add(new RunManifest.Part(key, partRows[p], bytes.length, LakeObjects.crc32c(bytes)));
      total += partRows[p];
    }
    String manifestKey = RunManifest.keyIn(folder);
    lake.put(manifestKey, new RunManifest(RunManifest.VERSION, "run-" + time, table, time, "csv", "test", "generated",
        COLUMNS, parts, total, Instant.now()).toJson());
    return manifestKey;
  }

  /** Writes a single part with exactly this content (header included) as a complete run. */
  static String writeRaw(ObjectStore lake, String table, Instant time, String content, long rows) {
    String folder = PartitionTemplate.batch().render(table, time);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String key = folder + "/" + PartNames.csvPart(table, 1);
    lake.put(key, bytes);
    String manifestKey = RunManifest.keyIn(folder);
    lake.put(manifestKey, new RunManifest(RunManifest.VERSION, "raw", table, time, "csv", "test", "raw", COLUMNS,
        List.of(new RunManifest.Part(key, rows, bytes.length, LakeObjects.crc32c(bytes))), rows, Instant.now())
        .toJson());
    return manifestKey;
  }
}
