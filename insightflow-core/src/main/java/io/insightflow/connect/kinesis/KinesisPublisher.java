package io.insightflow.connect.kinesis;

import io.insightflow.api.Evolving;
import io.insightflow.stream.OrderEvent;
import io.insightflow.stream.OrderEventGenerator;
import io.insightflow.stream.StreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts records into a Kinesis stream with {@code PutRecords}, in batches within the request limits,
 * optionally at a target rate. When a response reports failed entries (throttling, internal
 * errors), only those entries are sent again, after an exponential backoff with full jitter, up to
 * {@link KinesisPublisherOptions#maxAttempts()} attempts. Whole-request failures are retried by the
 * SDK's own retry policy.
 *
 * <p>Records are delivered at least once: a retried entry that Kinesis had in fact stored appears
 * twice in the stream. Order events carry a unique {@code order_id} for that reason.
 *
 * <p>Not thread-safe; one publishing thread. {@link #stop()} may be called from any thread. The
 * client is injected and closed by the caller.
 *
 * <pre>{@code
 * try (KinesisClient client = KinesisClientProvider.create(clientOptions)) {
 *   KinesisPublisher publisher = new KinesisPublisher(client, KinesisPublisherOptions.builder()
     .set(STREAM_NAME, "orders").build());
 *   PublishResult result = publisher.publishOrderEvents(new OrderEventGenerator(42, Instant.now()), 0, 10_000);
 * }
 * }</pre>
 */
@Evolving
public final class KinesisPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(KinesisPublisher.class);

  private final KinesisClient client;
  private final KinesisPublisherOptions options;
  private volatile boolean stopRequested;

  /**
   * @param client the Kinesis client (owned by the caller)
   * @param options where and how to publish
   */
  public KinesisPublisher(KinesisClient client, KinesisPublisherOptions options) {
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Publishes generated order events {@code from} to {@code from + count - 1}, with the order id as
   * partition key so the load spreads evenly over the shards' hash ranges.
   *
   * @param count how many; {@link Long#MAX_VALUE} to publish until {@link #stop()}
   * @throws StreamException if entries still fail after the last attempt, or the stream is unusable
   */
  public PublishResult publishOrderEvents(OrderEventGenerator generator, long from, long count) {
    Objects.requireNonNull(generator, "generator");
    Iterator<OrderEvent> events = generator.events(from, count);
    return publish(new Iterator<>() {
      @Override
      public boolean hasNext() {
        return events.hasNext();
      }

      @Override
      public PublishRecord next() {
        OrderEvent e = events.next();
        return new PublishRecord(Long.toString(e.orderId()), e.toJson());
      }
    });
  }

  /**
   * Publishes every record of {@code records}, in batches, until it is exhausted or {@link #stop()}
   * is called (the batch being sent is finished first).
   *
   * @throws StreamException if entries still fail after the last attempt, a record is larger than
   *     1 MiB, or the stream is unusable
   */
  public PublishResult publish(Iterator<PublishRecord> records) {
    Objects.requireNonNull(records, "records");
    long start = System.nanoTime();
    long sent = 0;
    long batches = 0;
    long retried = 0;
    List<PutRecordsRequestEntry> batch = new ArrayList<>(options.maxBatchRecords());
    long batchBytes = 0;
    while (!stopRequested && records.hasNext()) {
      PublishRecord record = records.next();
      long size = record.data().length + record.partitionKey().getBytes(StandardCharsets.UTF_8).length;
      if (size > KinesisPublisherOptions.MAX_BYTES_PER_RECORD) {
        throw new StreamException(options.stream(), null, "Record with partition key " + record.partitionKey()
            + " has " + size + " bytes; Kinesis accepts at most 1 MiB per record", null);
      }
      if (batch.size() == options.maxBatchRecords() || batchBytes + size > options.maxBatchBytes()) {
        pace(start, sent);
        retried += send(batch);
        sent += batch.size();
        batches++;
        batch = new ArrayList<>(options.maxBatchRecords());
        batchBytes = 0;
      }
      batch.add(PutRecordsRequestEntry.builder().partitionKey(record.partitionKey())
          .data(SdkBytes.fromByteArrayUnsafe(record.data())).build());
      batchBytes += size;
    }
    if (!batch.isEmpty()) {
      pace(start, sent);
      retried += send(batch);
      sent += batch.size();
      batches++;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    LOG.info("publish stream={} records={} batches={} retriedEntries={} ms={}", options.stream(), sent, batches,
        retried, elapsed.toMillis());
    return new PublishResult(sent, batches, retried, elapsed);
  }

  /** Asks a running {@link #publish} to return after its current batch. Any thread. */
  public void stop() {
    stopRequested = true;
  }

  /** Sends one batch; returns how many entries were retried. */
  private long send(List<PutRecordsRequestEntry> batch) {
    List<PutRecordsRequestEntry> pending = batch;
    long retried = 0;
    for (int attempt = 1; ; attempt++) {
      PutRecordsResponse response;
      try {
        response = client.putRecords(PutRecordsRequest.builder().streamName(options.stream())
            .records(pending).build());
      } catch (SdkException e) {
        throw new StreamException(options.stream(), null, "PutRecords failed: " + e.getMessage(), e);
      }
      Integer failedCount = response.failedRecordCount();
      if (failedCount == null || failedCount == 0) {
        return retried;
      }
      List<PutRecordsRequestEntry> failed = new ArrayList<>(failedCount);
      PutRecordsResultEntry firstError = null;
      List<PutRecordsResultEntry> results = response.records();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).errorCode() != null) {
          failed.add(pending.get(i));
          firstError = firstError == null ? results.get(i) : firstError;
        }
      }
      if (attempt >= options.maxAttempts()) {
        throw new StreamException(options.stream(), null, failed.size() + " of " + pending.size()
            + " records still failed after " + attempt + " attempts (" + firstError.errorCode() + ": "
            + firstError.errorMessage() + "); add shards or lower insightflow.publish.rate", null);
      }
      LOG.debug("publish stream={} attempt={} failedEntries={} code={}", options.stream(), attempt,
          failed.size(), firstError.errorCode());
      retried += failed.size();
      pending = failed;
      sleep(backoff(attempt));
    }
  }

  /** Full jitter: uniform in [0, min(max, base × 2^(attempt-1))], which spreads retrying producers. */
  private Duration backoff(int attempt) {
    long ceiling = Math.min(options.maxBackoff().toMillis(),
        options.baseBackoff().toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  /** Waits until {@code sent} records are due at the configured rate. */
  private void pace(long startNanos, long sent) {
    if (options.ratePerSecond() <= 0) {
      return;
    }
    long dueNanos = startNanos + (long) (sent / options.ratePerSecond() * 1e9);
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      sleep(Duration.ofNanos(wait));
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamException(options.stream(), null, "Interrupted while publishing", e);
    }
  }

  /**
   * One record to put.
   *
   * @param partitionKey decides the shard (by its MD5 hash); spread keys spread the load
   * @param data the payload
   */
  public record PublishRecord(String partitionKey, byte[] data) {
    public PublishRecord {
      Objects.requireNonNull(partitionKey, "partitionKey");
      Objects.requireNonNull(data, "data");
    }
  }

  /**
   * What a publish sent.
   *
   * @param records records accepted by Kinesis
   * @param batches {@code PutRecords} batches (retries of a batch not counted)
   * @param retriedEntries entries sent again after a failed entry result
   * @param elapsed wall time
   */
  public record PublishResult(long records, long batches, long retriedEntries, Duration elapsed) {

    /** Records per second over the elapsed time. */
    public double recordsPerSecond() {
      return elapsed.isZero() ? 0 : records * 1e9 / elapsed.toNanos();
    }
  }
}
