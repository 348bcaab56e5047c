package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_RECORDS;
import static io.insightflow.config.InsightflowProperties.CONSUME_GET_RECORDS_LIMIT;
import static io.insightflow.config.InsightflowProperties.CONSUME_IDLE_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.STREAM_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import io.insightflow.connect.kinesis.KinesisPublisher.PublishRecord;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.spi.ObjectStore;
import io.insightflow.stream.OrderEventGenerator;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.SyncView;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A consumer that dies at random points and is restarted still leaves every event exactly once in
 * what the sync loads (the latest content of each object key listed by a manifest), and every
 * failed record exactly once in the error prefix.
 */
class KinesisConsumerCrashIT {

  private static final long SEED = Long.getLong("insightflow.test.seed", 20240507L);
  private static KinesisClient client;

  @TempDir
  Path lakeDir;

  @BeforeAll
  static void startEmulator() {
    client = KinesisEmulator.get().client();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  void run_crashingBetweenAnyTwoLakeWritesAndRestarted_leavesEveryEventOnce() {
    String stream = KinesisEmulator.uniqueName("crash");
    KinesisEmulator.createStream(client, stream, 2);
    int n = 4_000;
    int bad = publishWithMalformed(stream, n);
    Random random = new Random(SEED);
    int crashes = 0;
    try (ObjectStore lake = new LocalObjectStore(lakeDir)) {
      for (int restart = 0; restart < 12; restart++) {
        // Crash at a random write: before a data object, an error object, a manifest or a checkpoint.
        ObjectStore crashing = new CrashingObjectStore(lake, 1 + random.nextInt(14));
        KinesisConsumer consumer = new KinesisConsumer(client, crashing, new OrderEventTransform(),
            KinesisConsumerIT.fast(stream).set(CONSUME_FLUSH_RECORDS, (long) 40 + random.nextInt(400))
                .set(CONSUME_GET_RECORDS_LIMIT, 50 + random.nextInt(300))
                .set(CONSUME_IDLE_TIMEOUT, Duration.ofSeconds(1)).build());
        Throwable thrown = catchThrowable(consumer::run);
        if (thrown != null) {
          assertThat(thrown).isInstanceOf(CrashingObjectStore.SimulatedCrash.class);
          crashes++;
        }
      }
      ConsumeResult last = new KinesisConsumer(client, lake, new OrderEventTransform(),
          KinesisConsumerIT.fast(stream).set(CONSUME_FLUSH_RECORDS, 500L)
              .set(CONSUME_IDLE_TIMEOUT, Duration.ofSeconds(1)).build()).run();

      assertThat(crashes).isGreaterThanOrEqualTo(8);
      assertExactlyOnce(lake, stream, n, bad);
      assertThat(last.read()).isLessThan(n + bad);
    }
  }

  @Test
  void run_jvmKilledAtRandomMomentsAndRestarted_leavesEveryEventOnce() throws Exception {
    String stream = KinesisEmulator.uniqueName("kill");
    KinesisEmulator.createStream(client, stream, 2);
    int n = 6_000;
    int bad = publishWithMalformed(stream, n);
    Random random = new Random(SEED + 1);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int kill = 0; kill < 4; kill++) {
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          ConsumerProcess.class.getName(), KinesisEmulator.get().endpoint().toString(), lakeDir.toString(),
          stream, Integer.toString(30 + random.nextInt(200)))
          .redirectErrorStream(true).redirectOutput(new File("target/consumer-process-" + kill + ".log")).start();
      // Kill at a random moment after the child made progress (a loaded machine may take seconds to start a JVM).
      long before = lakeObjects();
      for (int waited = 0; lakeObjects() == before && child.isAlive() && waited < 600; waited++) {
        Thread.sleep(100);
      }
      Thread.sleep(random.nextInt(2_000));
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (ObjectStore lake = new LocalObjectStore(lakeDir)) {
      ConsumeResult last = new KinesisConsumer(client, lake, new OrderEventTransform(),
          KinesisConsumerIT.fast(stream).set(CONSUME_FLUSH_RECORDS, 500L)
              .set(CONSUME_IDLE_TIMEOUT, Duration.ofSeconds(1)).build()).run();
      assertExactlyOnce(lake, stream, n, bad);
      // The killed consumers made progress (checkpoints), so the last run resumed mid-stream.
      assertThat(last.read()).isLessThan(n + bad);
    }
  }

  /** Objects in the lake directory (staging excluded): grows with every flush and checkpoint. */
  private long lakeObjects() throws java.io.IOException {
    if (!java.nio.file.Files.exists(lakeDir)) {
      return 0;
    }
    try (var files = java.nio.file.Files.walk(lakeDir)) {
      return files.filter(java.nio.file.Files::isRegularFile).filter(f -> !f.toString().contains("_staging")).count();
    }
  }

  /** Publishes n good events plus one malformed record per 50; returns the malformed count. */
  private static int publishWithMalformed(String stream, int n) {
    OrderEventGenerator gen = new OrderEventGenerator(SEED, Instant.parse("2024-05-07T09:30:00Z"));
    List<PublishRecord> records = new ArrayList<>();
    int bad = 0;
    for (int i = 0; i < n; i++) {
      records.add(new PublishRecord(Integer.toString(i), gen.event(i).toJson()));
      if (i % 50 == 0) {
        records.add(new PublishRecord("bad" + i, ("{\"order_id\":\"x" + i + "\"}").getBytes(StandardCharsets.UTF_8)));
        bad++;
      }
    }
    new KinesisPublisher(client, KinesisPublisherOptions.builder().set(STREAM_NAME, stream)
        .build()).publish(records.iterator());
    return bad;
  }

  private static void assertExactlyOnce(ObjectStore lake, String stream, int n, int bad) {
    List<List<String>> rows = SyncView.rows(lake, KinesisConsumerIT.TABLE);
    assertThat(rows).hasSize(n);
    assertThat(KinesisConsumerIT.distinctOrderIds(rows)).hasSize(n);
    assertThat(SyncView.errorLines(lake, KinesisConsumerIT.TABLE)).hasSize(bad);
  }
}
