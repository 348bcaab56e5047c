package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.S3_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.S3_PATH_STYLE;
import static io.insightflow.config.InsightflowProperties.S3_REGION;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;
import static io.insightflow.config.InsightflowProperties.TARGET_URL;
import static io.insightflow.config.InsightflowProperties.TARGET_USER;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.connect.s3.S3Options;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.internal.layout.PartNames;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.testing.S3ProxyServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The sync benchmark driver behind {@code bench/sync-bench.sh}; not a test. Commands:
 * <ul>
 *   <li>{@code generate <dir> <rows> <partRows>}: order_products__prior rows, deterministic, as one
 *       CSV ({@code <dir>/single.csv}) and as a lake of parts with a manifest under
 *       {@code <dir>/s3/bench/lake} (which is also bucket {@code bench}, prefix {@code lake} for the
 *       S3Proxy file-system store rooted at {@code <dir>/s3}).</li>
 *   <li>{@code s3proxy <dir> <endpointFile>}: serves {@code <dir>} over S3 until killed.</li>
 *   <li>{@code sync local <lakeDir> <schema> <threads>} or {@code sync s3 <endpoint> <schema> <threads>}:
 *       one sync, then prints wall time, rows and the JVM's peak RSS (VmHWM).</li>
 * </ul>
 */
public final class SyncBench {

  static final String TABLE = "order_products__prior";
  static final Instant TRIGGER = Instant.parse("2024-01-01T00:00:00Z");

  private SyncBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
      case "s3proxy" -> s3proxy(Path.of(args[1]), Path.of(args[2]));
      case "sync" -> sync(args[1], args[2], args[3], Integer.parseInt(args[4]));
      case "gzip" -> gzip(Path.of(args[1]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void generate(Path dir, long rows, int partRows) throws IOException {
    Path lakeDir = dir.resolve("s3/bench/lake");
    Files.createDirectories(lakeDir);
    String header = "order_id,product_id,add_to_cart_order,reordered\n";
    List<RunManifest.Column> columns = List.of(
        new RunManifest.Column("order_id", "integer", "INTEGER", false),
        new RunManifest.Column("product_id", "integer", "INTEGER", false),
        new RunManifest.Column("add_to_cart_order", "integer", "INTEGER", false),
        new RunManifest.Column("reordered", "integer", "INTEGER", false));
    try (LocalObjectStore lake = new LocalObjectStore(lakeDir);
        OutputStream single = new BufferedOutputStream(Files.newOutputStream(dir.resolve("single.csv")), 1 << 20)) {
      single.write(header.getBytes());
      String folder = PartitionTemplate.batch().render(TABLE, TRIGGER);
      List<RunManifest.Part> parts = new ArrayList<>();
      byte[] line = new byte[64];
      for (long first = 0; first < rows; first += partRows) {
        long n = Math.min(partRows, rows - first);
        Path staged = lake.newStagingFile();
        CRC32C crc = new CRC32C();
        long bytes = 0;
        try (OutputStream part = new BufferedOutputStream(Files.newOutputStream(staged), 1 << 20)) {
          byte[] h = header.getBytes();
          part.write(h);
          crc.update(h);
          bytes += h.length;
          for (long r = first; r < first + n; r++) {
            // Instacart-shaped: ~10 products per order, product ids in 1..49688, 59% reordered.
            int len = 0;
            len = putInt(line, len, r / 10 + 1);
            line[len++] = ',';
            len = putInt(line, len, (r * 7919 + 13) % 49688 + 1);
            line[len++] = ',';
            len = putInt(line, len, r % 10 + 1);
            line[len++] = ',';
            line[len++] = (byte) ((r * 2654435761L) % 100 < 59 ? '1' : '0');
            line[len++] = '\n';
            part.write(line, 0, len);
            single.write(line, 0, len);
            crc.update(line, 0, len);
            bytes += len;
          }
        }
        String key = folder + "/" + PartNames.csvPart(TABLE, parts.size() + 1);
        lake.put(key, staged);
        parts.add(new RunManifest.Part(key, n, bytes, String.format("%08x", crc.getValue())));
      }
      RunManifest manifest = new RunManifest(RunManifest.VERSION, "bench", TABLE, TRIGGER, "csv", "bench",
          "generated", columns, parts, rows, Instant.now());
      lake.put(RunManifest.keyIn(folder), manifest.toJson());
      Files.deleteIfExists(lakeDir.resolve("_staging"));
      System.out.println("generated rows=" + rows + " parts=" + parts.size());
    }
  }

  /** Gzips every part of the generated run in place and rewrites its manifest for the stored bytes. */
  private static void gzip(Path lakeDir) throws IOException {
    try (LocalObjectStore lake = new LocalObjectStore(lakeDir)) {
      String manifestKey = RunManifest.keyIn(PartitionTemplate.batch().render(TABLE, TRIGGER));
      RunManifest plain = RunManifest.fromJson(manifestKey, Files.readAllBytes(lakeDir.resolve(manifestKey)));
      List<RunManifest.Part> parts = new ArrayList<>();
      for (RunManifest.Part part : plain.parts()) {
        Path staged = lake.newStagingFile();
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(staged), 1 << 16)) {
          Files.copy(lakeDir.resolve(part.key()), out);
        }
        byte[] stored = Files.readAllBytes(staged);
        CRC32C crc = new CRC32C();
        crc.update(stored);
        lake.put(part.key() + ".gz", staged);
        lake.delete(part.key());
        parts.add(new RunManifest.Part(part.key() + ".gz", part.rows(), stored.length, String.format("%08x", crc.getValue())));
      }
      lake.put(manifestKey, new RunManifest(plain.version(), plain.runId(), TABLE, TRIGGER, "csv", "bench", "generated",
          plain.columns(), parts, plain.rows(), plain.completedAt(), RunManifest.GZIP).toJson());
      Files.deleteIfExists(lakeDir.resolve("_staging"));
    }
  }

  private static int putInt(byte[] buf, int pos, long v) {
    if (v == 0) {
      buf[pos] = '0';
      return pos + 1;
    }
    int start = pos;
    while (v > 0) {
      buf[pos++] = (byte) ('0' + v % 10);
      v /= 10;
    }
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
    return pos;
  }

  private static void s3proxy(Path dir, Path endpointFile) throws Exception {
    S3ProxyServer server = S3ProxyServer.start(dir);
    Files.writeString(endpointFile, server.endpoint().toString());
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void sync(String kind, String where, String schema, int threads) throws Exception {
    PostgresConnectionOptions target = PostgresConnectionOptions.builder()
        .set(TARGET_URL, System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"))
        .set(TARGET_USER, System.getenv().getOrDefault("INSIGHTFLOW_TEST_PG_USER", "postgres"))
        .set(TARGET_SCHEMA, schema).build();
    ObjectStore lake = kind.equals("local") ? new LocalObjectStore(Path.of(where))
        : S3ObjectStore.open(S3Options.builder().set(S3_ENDPOINT, where).set(S3_REGION, "us-east-1")
            .set(S3_PATH_STYLE, true).build().withCredentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL))), "bench", "lake");
    try (lake) {
      long t0 = System.nanoTime();
      SyncResult result = new LakeSync(target).sync(lake, SyncOptions.builder().set(SYNC_THREADS, threads).build());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
      System.out.println("RESULT kind=" + kind + " ms=" + ms + " rows=" + result.rowsLoaded()
          + " failures=" + result.failures().size() + " " + hwm);
    }
  }
}
