package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_FLUSH_RECORDS;
import static io.insightflow.config.InsightflowProperties.CONSUME_MAX_RECORDS;
import static io.insightflow.config.InsightflowProperties.CONSUME_MIN_GET_RECORDS_INTERVAL;
import static io.insightflow.config.InsightflowProperties.CONSUME_POLL_INTERVAL;
import static io.insightflow.config.InsightflowProperties.KINESIS_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.KINESIS_REGION;
import static io.insightflow.config.InsightflowProperties.STREAM_NAME;
import static io.insightflow.config.InsightflowProperties.STREAM_TABLE;

import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import io.insightflow.connect.kinesis.KinesisPublisher.PublishResult;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.stream.FirehoseEvent;
import io.insightflow.stream.FirehoseResponse;
import io.insightflow.stream.FirehoseTransformer;
import io.insightflow.stream.OrderEventGenerator;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.TransformResult.Status;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The streaming benchmark run by {@code bench/stream-bench.sh} (not part of the test suite).
 * Arguments: endpoint, events, shards, lake directory.
 */
public final class StreamBench {

  private StreamBench() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    long events = Long.parseLong(args[1]);
    int shards = Integer.parseInt(args[2]);
    Path lakeDir = Files.createDirectories(Path.of(args[3]));
    transformBench();
    endToEnd(endpoint, events, shards, lakeDir);
  }

  /** records/s of FirehoseTransformer.handle on an input batch as large as Lambda accepts (6 MB). */
  private static void transformBench() {
    OrderEventGenerator gen = new OrderEventGenerator(42, Instant.parse("2024-05-07T00:00:00Z"));
    List<FirehoseEvent.Record> records = new ArrayList<>();
    long jsonBytes = 200;
    for (int i = 0; ; i++) {
      FirehoseEvent.Record r = FirehoseEvent.Record.of("49546986683135544286507457936321625675700192471156785154-" + i,
          1_700_000_000_000L + i, gen.event(i).toJson());
      long size = r.recordId().length() + r.data().length() + 70;
      if (jsonBytes + size > FirehoseTransformer.LAMBDA_RESPONSE_LIMIT) {
        break;
      }
      jsonBytes += size;
      records.add(r);
    }
    FirehoseEvent event = new FirehoseEvent("bench", "arn:aws:firehose:us-east-1:1:deliverystream/bench", null,
        "us-east-1", records);
    int requestBytes = event.toJson().length;
    FirehoseTransformer transformer = new FirehoseTransformer(new OrderEventTransform());
    for (int i = 0; i < 5; i++) {
      transformer.handle(event); // warm-up
    }
    int rounds = 10;
    long start = System.nanoTime();
    FirehoseResponse response = null;
    for (int i = 0; i < rounds; i++) {
      response = transformer.handle(event);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long start2 = System.nanoTime();
    int responseBytes = 0;
    for (int i = 0; i < rounds; i++) {
      responseBytes = transformer.handle(event).toJson().length;
    }
    double seconds2 = (System.nanoTime() - start2) / 1e9;
    System.out.printf("transform: batch records=%d requestBytes=%d responseBytes=%d ok=%d%n", records.size(),
        requestBytes, responseBytes, response.count(Status.OK));
    System.out.printf("transform: handle() %.0f records/s (%d rounds, %.3f s)%n", records.size() * rounds / seconds,
        rounds, seconds);
    System.out.printf("transform: handle()+response JSON %.0f records/s%n", records.size() * rounds / seconds2);
  }

  private static void endToEnd(URI endpoint, long events, int shards, Path lakeDir) throws Exception {
    KinesisClientOptions options = KinesisClientOptions.builder().set(KINESIS_ENDPOINT, endpoint.toString())
        .set(KINESIS_REGION, "us-east-1").build()
        .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")));
    try (KinesisClient client = KinesisClientProvider.create(options);
        LocalObjectStore lake = new LocalObjectStore(lakeDir)) {
      String stream = "bench-" + Long.toHexString(System.nanoTime());
      KinesisEmulator.createStream(client, stream, shards);
      KinesisConsumer consumer = new KinesisConsumer(client, lake, new OrderEventTransform(),
          KinesisConsumerOptions.builder().set(STREAM_NAME, stream).set(STREAM_TABLE, "order_events")
              .set(CONSUME_FLUSH_RECORDS, 100_000L)
              .set(CONSUME_FLUSH_INTERVAL, Duration.ofSeconds(10)).set(CONSUME_POLL_INTERVAL, Duration.ofMillis(50))
              .set(CONSUME_MIN_GET_RECORDS_INTERVAL, Duration.ZERO).set(CONSUME_MAX_RECORDS, (long) events).build());
      // Publish first, then consume: the emulator (single-threaded node) times requests out when
      // publishers and the consumer hit it at once, which measures the emulator, not insightflow.
      long start = System.nanoTime();
      PublishResult published = new KinesisPublisher(client, KinesisPublisherOptions.builder()
          .set(STREAM_NAME, stream).build())
          .publishOrderEvents(new OrderEventGenerator(42, Instant.now()), 0, events);
      double publishSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("publish: %d events in %.1f s = %.0f events/s (%d batches, retried entries %d)%n",
          published.records(), publishSeconds, published.records() / publishSeconds, published.batches(),
          published.retriedEntries());
      ConsumeResult result = consumer.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("consume: %d events (rows=%d failed=%d objects=%d, %d shards) in %.1f s = %.0f events/s%n",
          result.read(), result.rows(), result.failed(), result.objects(), shards, result.elapsed().toMillis() / 1e3,
          result.recordsPerSecond());
      System.out.printf("end-to-end: %d events published and consumed into the lake in %.1f s = %.0f events/s%n",
          result.read(), seconds, result.read() / seconds);
    }
  }
}
