package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_RECORDS;
import static io.insightflow.config.InsightflowProperties.CONSUME_IDLE_TIMEOUT;
import static io.insightflow.config.InsightflowProperties.CONSUME_MAX_RECORDS;
import io.insightflow.config.OptionsBuilder;
import static io.insightflow.config.InsightflowProperties.CONSUME_MIN_GET_RECORDS_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_POLL_INTERVAL;
import static io.insightflow.config.InsightflowProperties.STREAM_NAME;
import static io.insightflow.config.InsightflowProperties.STREAM_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.stream.LakeCheckpointStore;
import io.insightflow.stream.OrderEventGenerator;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.ShardCheckpoint;
import io.insightflow.stream.SyncView;
import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import io.insightflow.connect.kinesis.KinesisConsumer.StopReason;
import io.insightflow.connect.kinesis.KinesisPublisher.PublishRecord;
import io.insightflow.testing.LakeObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Publisher and consumer against the real Kinesis emulator, through the real SDK client. */
class KinesisConsumerIT {

  /** The target table: its folder holds what every test stream writes. */
  static final String TABLE = "order_events";

  private static final ObjectMapper JSON = new ObjectMapper();
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
  void consume_publishedEventsOnTwoShards_writesEachEventOnce() {
    String stream = KinesisEmulator.uniqueName("orders");
    KinesisEmulator.createStream(client, stream, 2);
    int n = 5_000;
    KinesisPublisher publisher = new KinesisPublisher(client, KinesisPublisherOptions.builder()
        .set(STREAM_NAME, stream).build());
    var published = publisher.publishOrderEvents(new OrderEventGenerator(7, Instant.parse("2024-05-07T09:30:00Z")), 0, n);
    assertThat(published.records()).isEqualTo(n);
    assertThat(published.batches()).isEqualTo(10);

    try (ObjectStore lake = new LocalObjectStore(lakeDir)) {
      ConsumeResult result = new KinesisConsumer(client, lake, new OrderEventTransform(), fast(stream)
          .set(CONSUME_FLUSH_RECORDS, 700L).set(CONSUME_MAX_RECORDS, (long) n).build()).run();

      assertThat(result.reason()).isEqualTo(StopReason.MAX_RECORDS);
      assertThat(result.read()).isEqualTo(n);
      assertThat(result.rows()).isEqualTo(n);
      assertThat(result.failed() + result.dropped()).isZero();
      List<List<String>> rows = SyncView.rows(lake, TABLE);
      assertThat(rows).hasSize(n);
      assertThat(distinctOrderIds(rows)).hasSize(n);
      assertThat(manifests(lake, stream)).hasSize((int) result.objects());
      RunManifest manifest = RunManifest.fromJson("m", readFirstManifest(lake, stream));
      assertThat(manifest.table()).isEqualTo("order_events");
      assertThat(manifest.parts()).hasSize(1);
      assertThat(manifest.parts().get(0).key()).matches(
          "data/stream/" + TABLE + "/year=\\d{4}/month=\\d\\d/day=\\d\\d/hhmm=\\d{4}/" + Pattern.quote(stream)
              + "\\.shardId-\\d+-\\d+\\.csv");
      assertThat(manifest.columns()).isEqualTo(OrderEventTransform.COLUMNS);
      for (String shard : KinesisEmulator.shardIds(client, stream)) {
        assertThat(new LakeCheckpointStore(lake).load(stream, shard)).isPresent();
      }
    }
  }

  @Test
  void consume_idleStream_flushesByTimeWithoutNewRecords() throws Exception {
    String stream = KinesisEmulator.uniqueName("idle");
    KinesisEmulator.createStream(client, stream, 1);
    new KinesisPublisher(client, KinesisPublisherOptions.builder().set(STREAM_NAME, stream).build())
        .publishOrderEvents(new OrderEventGenerator(1, Instant.now()), 0, 10);
    try (ObjectStore lake = new LocalObjectStore(lakeDir)) {
      KinesisConsumer consumer = new KinesisConsumer(client, lake, new OrderEventTransform(), fast(stream)
          .set(CONSUME_FLUSH_INTERVAL, Duration.ofSeconds(1)).set(CONSUME_FLUSH_RECORDS, 1_000_000L).build());
      CompletableFuture<ConsumeResult> running = CompletableFuture.supplyAsync(consumer::run);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (manifests(lake, stream).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      // Written by the age check while the consumer still runs and the stream stays idle.
      assertThat(running).isNotDone();
      assertThat(manifests(lake, stream)).hasSize(1);
      assertThat(SyncView.rows(lake, TABLE)).hasSize(10);
      consumer.stop();
      ConsumeResult result = running.get(30, TimeUnit.SECONDS);
      assertThat(result.reason()).isEqualTo(StopReason.STOPPED);
      assertThat(result.objects()).isEqualTo(1);
    }
  }

  @Test
  void consume_malformedEvents_goToErrorPrefixWithExactAccounting() throws Exception {
    String stream = KinesisEmulator.uniqueName("dirty");
    KinesisEmulator.createStream(client, stream, 1);
    OrderEventGenerator gen = new OrderEventGenerator(3, Instant.parse("2024-01-01T00:00:00Z"));
    List<PublishRecord> records = new ArrayList<>();
    int good = 0;
    int bad = 0;
    int blank = 0;
    for (int i = 0; i < 300; i++) {
      String payload;
      switch (i % 10) {
        case 3 -> {
          payload = "{not json";
          bad++;
        }
        case 5 -> {
          payload = new String(gen.event(i).toJson(), StandardCharsets.UTF_8).replace("\"order_dow\":", "\"order_dow\":9,\"x\":");
          bad++;
        }
        case 7 -> {
          payload = "   ";
          blank++;
        }
        default -> {
          payload = new String(gen.event(i).toJson(), StandardCharsets.UTF_8);
          good++;
        }
      }
      records.add(new PublishRecord(Integer.toString(i), payload.getBytes(StandardCharsets.UTF_8)));
    }
    new KinesisPublisher(client, KinesisPublisherOptions.builder().set(STREAM_NAME, stream)
        .build()).publish(records.iterator());
    try (ObjectStore lake = new LocalObjectStore(lakeDir)) {
      ConsumeResult result = new KinesisConsumer(client, lake, new OrderEventTransform(), fast(stream)
          .set(CONSUME_FLUSH_RECORDS, 64L).set(CONSUME_MAX_RECORDS, 300L).build()).run();

      assertThat(result.read()).isEqualTo(300).isEqualTo(result.rows() + result.failed() + result.dropped());
      assertThat(result.rows()).isEqualTo(good);
      assertThat(result.failed()).isEqualTo(bad);
      assertThat(result.dropped()).isEqualTo(blank);
      assertThat(SyncView.rows(lake, TABLE)).hasSize(good);
      List<String> errors = SyncView.errorLines(lake, TABLE);
      assertThat(errors).hasSize(bad);
      Set<String> reasons = new HashSet<>();
      for (String line : errors) {
        JsonNode error = JSON.readTree(line);
        assertThat(error.get("errorCode").asText()).isEqualTo("ProcessingFailed");
        assertThat(error.get("rawData").asText()).isNotEmpty();
        assertThat(error.get("sequenceNumber").asText()).isNotEmpty();
        reasons.add(error.get("errorMessage").asText().replaceAll(":.*", ""));
      }
      assertThat(reasons).containsExactlyInAnyOrder("not valid JSON", "order_dow");
    }
  }

  @Test
  void consume_acrossSplitShard_readsParentBeforeChildrenAndEveryEventOnce() {
    String stream = KinesisEmulator.uniqueName("reshard");
    KinesisEmulator.createStream(client, stream, 1);
    KinesisPublisher publisher = new KinesisPublisher(client, KinesisPublisherOptions.builder()
        .set(STREAM_NAME, stream).build());
    OrderEventGenerator gen = new OrderEventGenerator(11, Instant.parse("2024-02-02T10:00:00Z"));
    publisher.publishOrderEvents(gen, 0, 1_000);
    String parent = KinesisEmulator.shardIds(client, stream).get(0);
    client.splitShard(r -> r.streamName(stream).shardToSplit(parent)
        .newStartingHashKey("170141183460469231731687303715884105728"));
    KinesisEmulator.awaitActive(client, stream);
    publisher.publishOrderEvents(gen, 1_000, 1_000);
    List<String> shards = KinesisEmulator.shardIds(client, stream);
    assertThat(shards).hasSize(3);

    try (ObjectStore lake = new LocalObjectStore(lakeDir)) {
      ConsumeResult result = new KinesisConsumer(client, lake, new OrderEventTransform(), fast(stream)
          .set(CONSUME_FLUSH_RECORDS, 300L).set(CONSUME_IDLE_TIMEOUT, Duration.ofSeconds(2)).build()).run();

      assertThat(result.read()).isEqualTo(2_000);
      assertThat(result.shardsClosed()).isEqualTo(1);
      List<List<String>> rows = SyncView.rows(lake, TABLE);
      assertThat(rows).hasSize(2_000);
      assertThat(distinctOrderIds(rows)).hasSize(2_000);
      LakeCheckpointStore checkpoints = new LakeCheckpointStore(lake);
      ShardCheckpoint parentCheckpoint = checkpoints.load(stream, parent).orElseThrow();
      assertThat(parentCheckpoint.closed()).isTrue();
      // Every child object was written after the parent was closed.
      Instant parentClosedAt = Instant.parse(parentCheckpoint.updatedAt());
      for (String child : shards.subList(1, shards.size())) {
        for (RunManifest m : manifestsOf(lake, stream, child)) {
          assertThat(m.completedAt()).isAfterOrEqualTo(parentClosedAt);
        }
      }
      // The parent's records are the first 1,000 events.
      long parentRows = manifestsOf(lake, stream, parent).stream().mapToLong(RunManifest::rows).sum();
      assertThat(parentRows).isEqualTo(1_000);
    }
  }

  static OptionsBuilder<KinesisConsumerOptions> fast(String stream) {
    return KinesisConsumerOptions.builder().set(STREAM_NAME, stream).set(STREAM_TABLE, TABLE)
        .set(CONSUME_POLL_INTERVAL, Duration.ofMillis(100)).set(CONSUME_MIN_GET_RECORDS_INTERVAL, Duration.ZERO);
  }

  static Set<String> distinctOrderIds(List<List<String>> rows) {
    Set<String> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.get(0)));
    return ids;
  }

  /** The stream's manifests, in the folder of its table (whose objects' names start with the stream's). */
  static List<ObjectInfo> manifests(ObjectStore lake, String stream) {
    try (Stream<ObjectInfo> s = lake.list("data/stream/" + TABLE + "/")) {
      return s.filter(o -> o.name().startsWith("_manifest." + stream + ".")).toList();
    }
  }

  static List<RunManifest> manifestsOf(ObjectStore lake, String stream, String shard) {
    List<RunManifest> out = new ArrayList<>();
    for (ObjectInfo info : manifests(lake, stream)) {
      if (info.name().startsWith("_manifest." + stream + "." + shard + "-")) {
        out.add(RunManifest.fromJson(info.key(), LakeObjects.bytes(lake, info.key())));
      }
    }
    return out;
  }

  private static byte[] readFirstManifest(ObjectStore lake, String stream) {
    return LakeObjects.bytes(lake, manifests(lake, stream).get(0).key());
  }

}
