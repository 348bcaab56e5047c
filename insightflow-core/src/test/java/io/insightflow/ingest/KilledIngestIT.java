package io.insightflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.testing.LakeObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGKILL in the middle of writing parts leaves no manifest; a rerun completes it. */
class KilledIngestIT {

  static final String TRIGGER = "2024-05-07T09:30:00Z";
  static final int ROWS = 2_000_000;

  @TempDir Path dir;

  @Test
  void run_killedWhileWritingParts_leavesNoManifestAndRerunCompletes() throws Exception {
    String url = "jdbc:duckdb:" + dir.resolve("w.duckdb");
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE big AS SELECT range AS id, 'name ' || range AS name FROM range(" + ROWS + ")");
    }
    Path lakeDir = dir.resolve("lake");

    Process child = start(url, lakeDir, "2000");
    awaitFirstPart(lakeDir, child);
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    try (LocalObjectStore lake = new LocalObjectStore(lakeDir)) {
      List<ObjectInfo> left = lake.list("data/").toList();
      assertThat(left).isNotEmpty().noneMatch(o -> o.name().startsWith("_manifest"));

      Process rerun = start(url, lakeDir, "200000");
      assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(rerun.exitValue()).isZero();

      String folder = "data/batch/big/year=2024/month=05/day=07/hhmm=0930";
      RunManifest manifest = RunManifest.fromJson("m", LakeObjects.bytes(lake, RunManifest.keyIn(folder)));
      assertThat(manifest.rows()).isEqualTo(ROWS);
      assertThat(manifest.parts()).hasSize(10);
      // The rerun deleted the killed run's extra parts: only what the manifest lists is left.
      assertThat(lake.list(folder + "/").filter(o -> !o.name().startsWith("_")).map(ObjectInfo::key))
          .containsExactlyElementsOf(manifest.parts().stream().map(RunManifest.Part::key).toList());
      long ids = manifest.parts().stream().flatMap(p -> LakeObjects.csvRows(lake, p.key()).stream())
          .mapToLong(r -> Long.parseLong(r.get(0))).distinct().count();
      assertThat(ids).isEqualTo(ROWS);
    }
  }

  private static Process start(String url, Path lakeDir, String batchSize) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        IngestProcessMain.class.getName(), url, lakeDir.toString(), "big", batchSize, TRIGGER)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void awaitFirstPart(Path lakeDir, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && child.isAlive()) {
      Path data = lakeDir.resolve("data");
      if (Files.isDirectory(data)) {
        try (Stream<Path> files = Files.walk(data)) {
          if (files.anyMatch(p -> p.getFileName().toString().endsWith("_part00003.csv"))) {
            return;
          }
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("The ingest process published no part in time (alive=" + child.isAlive() + ")");
  }
}
