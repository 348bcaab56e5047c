package io.insightflow.lambda;

import static io.insightflow.config.InsightflowProperties.STREAM_NAME;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.insightflow.Insightflow;
import io.insightflow.connect.kinesis.KinesisEmulator;
import io.insightflow.connect.kinesis.KinesisPublisher;
import io.insightflow.connect.kinesis.KinesisPublisherOptions;
import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.stream.OrderEventGenerator;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.S3ProxyServer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kinesis consumer handler in process: events shaped as the event source mapping delivers them
 * (the AWS fixture, and batches built from records read back from the Kinesis emulator), into a
 * local lake, then synced into the local PostgreSQL.
 */
class KinesisConsumerHandlerIT {

  @TempDir Path dir;
  PostgresTestDatabase pg;
  LocalObjectStore lake;
  KinesisConsumerHandler handler;

  @BeforeEach
  void setUp() {
    pg = PostgresTestDatabase.reserve();
    lake = new LocalObjectStore(dir);
    handler = new KinesisConsumerHandler(Insightflow.configure().property("insightflow.stream.table", "order_events")
        .build().openStream(lake));
  }

  @AfterEach
  void tearDown() {
    pg.close();
  }

  private SyncResult sync() {
    return new LakeSync(pg.targetOptions()).sync(lake, SyncOptions.builder().set(SYNC_THREADS, 2).build());
  }

  private long rows() {
    return pg.scalar("select count(*) from \"" + pg.schema() + "\".order_events");
  }

  @Test
  void handleRequest_fixture_writesOneObjectAndRedeliveryChangesNothing() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis.json");

    StreamsEventResponse first = handler.handleRequest(event, new TestContext(Duration.ofMinutes(1)));
    assertThat(first.getBatchItemFailures()).isEmpty();
    assertThat(sync().rowsLoaded()).isEqualTo(2);

    // Lambda delivers the same batch again (say the response was lost): same keys, rewritten.
    handler.handleRequest(event, new TestContext(Duration.ofMinutes(1)));
    sync();

    assertThat(rows()).isEqualTo(2);
    assertThat(pg.scalar("select sum(order_id) from \"" + pg.schema() + "\".order_events")).isEqualTo(3);
    assertThat(lake.list("errors/processing-failed/order_events/").count()).isEqualTo(1); // the "not json" record
    assertThat(lake.list("data/stream/order_events/").filter(o -> o.key().endsWith(".csv")).count()).isEqualTo(1);
  }

  @Test
  void handleRequest_recordsFromTheEmulator_landExactlyOnce() {
    String stream = "lambda-" + UUID.randomUUID().toString().substring(0, 8);
    int events = 600;
    try (KinesisClient kinesis = KinesisEmulator.get().client()) {
      KinesisEmulator.createStream(kinesis, stream, 2);
      new KinesisPublisher(kinesis, KinesisPublisherOptions.builder().set(STREAM_NAME, stream).build())
          .publishOrderEvents(new OrderEventGenerator(7, Instant.parse("2024-05-07T09:30:00Z")), 0, events);
      List<KinesisEvent> batches = new ArrayList<>();
      for (var shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse page;
        do {
          String it = iterator;
          page = kinesis.getRecords(b -> b.shardIterator(it).limit(100));
          if (!page.records().isEmpty()) {
            batches.add(event(stream, shard.shardId(), page.records()));
          }
          iterator = page.nextShardIterator();
        } while (!page.records().isEmpty() || page.millisBehindLatest() > 0);
      }

      for (KinesisEvent batch : batches) {
        assertThat(handler.handleRequest(batch, new TestContext(Duration.ofMinutes(1))).getBatchItemFailures()).isEmpty();
      }
      handler.handleRequest(batches.get(batches.size() - 1), new TestContext(Duration.ofMinutes(1))); // a retry
      sync();
    }

    assertThat(rows()).isEqualTo(events);
    assertThat(pg.scalar("select count(distinct order_id) from \"" + pg.schema() + "\".order_events")).isEqualTo(events);
  }

  @Test
  void handleRequest_lakeUnwritable_reportsTheBatchFromItsFirstRecord() {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        S3ObjectStore missing = new S3ObjectStore(s3.options().newClient(), "no-such-bucket", "", true)) {
      KinesisConsumerHandler broken = new KinesisConsumerHandler(Insightflow.configure().build().openStream(missing));
      KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis.json");

      StreamsEventResponse response = broken.handleRequest(event, new TestContext(Duration.ofMinutes(1)));

      assertThat(response.getBatchItemFailures()).singleElement()
          .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
          .isEqualTo(event.getRecords().get(0).getKinesis().getSequenceNumber());
    }
  }

  /** One shard's records as the event source mapping delivers them. */
  private static KinesisEvent event(String stream, String shardId, List<Record> records) {
    List<KinesisEvent.KinesisEventRecord> out = new ArrayList<>();
    for (Record r : records) {
      KinesisEvent.Record k = new KinesisEvent.Record();
      k.setKinesisSchemaVersion("1.0");
      k.setPartitionKey(r.partitionKey());
      k.setSequenceNumber(r.sequenceNumber());
      k.setData(ByteBuffer.wrap(r.data().asByteArray()));
      k.setApproximateArrivalTimestamp(Date.from(r.approximateArrivalTimestamp()));
      KinesisEvent.KinesisEventRecord e = new KinesisEvent.KinesisEventRecord();
      e.setKinesis(k);
      e.setEventSource("aws:kinesis");
      e.setEventVersion("1.0");
      e.setEventID(shardId + ":" + r.sequenceNumber());
      e.setEventName("aws:kinesis:record");
      e.setAwsRegion("us-east-1");
      e.setEventSourceARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream);
      out.add(e);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(out);
    return event;
  }
}
