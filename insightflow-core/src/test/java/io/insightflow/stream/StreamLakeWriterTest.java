package io.insightflow.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.RunManifest;
import io.insightflow.stream.TransformResult.Status;
import io.insightflow.testing.LakeObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamLakeWriterTest {

  private static final Instant ARRIVAL = Instant.parse("2024-05-07T09:31:42.123Z");
  /** The table's folder: sync loads a folder into its own table only; the stream's name prefixes the objects. */
  private static final String FOLDER = "data/stream/order_events/year=2024/month=05/day=07/hhmm=0931";

  @TempDir
  Path dir;

  private StreamLakeWriter writer(LocalObjectStore lake) {
    return new StreamLakeWriter(lake, "orders", "order_events", new OrderEventTransform(),
        new LakeCheckpointStore(lake), Clock.fixed(Instant.parse("2024-05-07T10:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void flush_batch_writesDataManifestAndCheckpointUnderFirstSequenceNumber() {
    try (LocalObjectStore lake = new LocalObjectStore(dir)) {
      OrderEventGenerator gen = new OrderEventGenerator(1, ARRIVAL);
      try (StreamLakeWriter.Batch batch = writer(lake).begin("shardId-000000000001")) {
        assertThat(batch.add("100", ARRIVAL, gen.event(0).toJson())).isEqualTo(Status.OK);
        assertThat(batch.add("101", ARRIVAL.plusSeconds(120), "{".getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(Status.PROCESSING_FAILED);
        assertThat(batch.add("102", ARRIVAL.plusSeconds(120), gen.event(1).toJson())).isEqualTo(Status.OK);
        StreamLakeWriter.Flushed flushed = batch.flush(false);
        assertThat(flushed).isEqualTo(new StreamLakeWriter.Flushed(FOLDER + "/orders.shardId-000000000001-100.csv",
            3, 2, 0, 1, "102"));
      }
      byte[] data = LakeObjects.bytes(lake, FOLDER + "/orders.shardId-000000000001-100.csv");
      assertThat(new String(data, StandardCharsets.UTF_8)).startsWith(
          "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,days_since_prior_order,event_time,product_ids\n1,");
      RunManifest manifest = RunManifest.fromJson("m", LakeObjects.bytes(lake, FOLDER + "/_manifest.orders.shardId-000000000001-100.json"));
      assertThat(manifest.parts()).containsExactly(new RunManifest.Part(FOLDER + "/orders.shardId-000000000001-100.csv",
          2, data.length, LakeObjects.crc32c(data)));
      assertThat(manifest.table()).isEqualTo("order_events");
      assertThat(manifest.runId()).isEqualTo("orders.shardId-000000000001-100");
      assertThat(manifest.triggerTime()).isEqualTo(Instant.parse("2024-05-07T09:31:00Z"));
      assertThat(SyncView.errorLines(lake, "order_events")).hasSize(1).allMatch(l -> l.contains("\"sequenceNumber\":\"101\""));
      assertThat(new LakeCheckpointStore(lake).load("orders", "shardId-000000000001")).hasValueSatisfying(cp -> {
        assertThat(cp.sequenceNumber()).isEqualTo("102");
        assertThat(cp.closed()).isFalse();
      });
    }
  }

  @Test
  void flush_rewriteWithoutOkRowsOrFailures_replacesDataAndRemovesStaleErrors() {
    try (LocalObjectStore lake = new LocalObjectStore(dir)) {
      StreamLakeWriter writer = writer(lake);
      OrderEventGenerator gen = new OrderEventGenerator(1, ARRIVAL);
      try (StreamLakeWriter.Batch crashed = writer.begin("s")) {
        crashed.add("5", ARRIVAL, gen.event(0).toJson());
        crashed.add("6", ARRIVAL, "{".getBytes(StandardCharsets.UTF_8));
        crashed.flush(false);
      }
      // The restarted run's batch from the same first record is shorter and only drops.
      try (StreamLakeWriter.Batch restarted = writer.begin("s")) {
        restarted.add("5", ARRIVAL, " ".getBytes(StandardCharsets.UTF_8));
        restarted.flush(false);
      }
      assertThat(SyncView.rowsByKey(lake, "order_events")).containsOnlyKeys(FOLDER + "/orders.s-5.csv");
      assertThat(SyncView.rows(lake, "order_events")).isEmpty();
      assertThat(SyncView.errorLines(lake, "order_events")).isEmpty();
    }
  }

  @Test
  void markClosed_writesClosedCheckpoint() {
    try (LocalObjectStore lake = new LocalObjectStore(dir)) {
      writer(lake).markClosed("s", null);
      assertThat(new LakeCheckpointStore(lake).load("orders", "s")).hasValueSatisfying(cp -> {
        assertThat(cp.closed()).isTrue();
        assertThat(cp.sequenceNumber()).isNull();
      });
      assertThat(lake.stat(LakeCheckpointStore.key("orders", "s"))).isPresent();
    }
  }

  @Test
  void add_firstRecordArrivedOutsideThePartitionTimes_failsBeforeStagingAnything() {
    // [#19] A Kinesis event handed to the Lambda directly may carry any arrival time.
    try (LocalObjectStore lake = new LocalObjectStore(dir)) {
      try (StreamLakeWriter.Batch batch = writer(lake).begin("shardId-000000000001")) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> batch.add("100",
            Instant.parse("+10000-01-01T00:00:00Z"), new OrderEventGenerator(1, ARRIVAL).event(0).toJson()))
            .isInstanceOf(StreamException.class).hasMessageContaining("outside the partition times")
            .hasMessageContaining("shard shardId-000000000001");
        assertThat(batch.records()).isZero();
      }
      try (java.util.stream.Stream<io.insightflow.spi.ObjectInfo> objects = lake.list("")) {
        assertThat(objects).isEmpty();
      }
    }
  }
}
