package io.insightflow.connect.kinesis;

import io.insightflow.api.Evolving;
import io.insightflow.spi.ObjectStore;
import io.insightflow.stream.CheckpointStore;
import io.insightflow.stream.LakeCheckpointStore;
import io.insightflow.stream.RecordTransform;
import io.insightflow.stream.ShardCheckpoint;
import io.insightflow.stream.StreamException;
import io.insightflow.stream.StreamLakeWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads every shard of a Kinesis stream into the lake, for users without Firehose and for local
 * development: records are transformed by a {@link RecordTransform}, buffered per shard, and written
 * with {@link StreamLakeWriter} as CSV objects plus one manifest each under
 * {@code data/stream/<stream>/year=…/hhmm=…/}, failed records under
 * {@code errors/processing-failed/<stream>/…}, and a durable checkpoint after each object.
 * {@link StreamLakeWriter} explains why a crash at any point followed by a restart leaves every
 * record exactly once after sync.
 *
 * <p>Shards: all shards are listed ({@code ListShards}) at start, when a shard closes, and every
 * {@link KinesisConsumerOptions#shardRefreshInterval()}. A shard starts from its checkpoint
 * ({@code AFTER_SEQUENCE_NUMBER}) or from {@code TRIM_HORIZON}. A child shard of a reshard starts
 * only when each parent still listed is closed and read to its end (its iterator returned none)
 * and checkpointed as closed, so a key's records reach the lake in order across reshards.
 *
 * <p>Buffers are written at {@link KinesisConsumerOptions#flushRecords()} records,
 * {@link KinesisConsumerOptions#flushBytes()} payload bytes, or {@link KinesisConsumerOptions#flushInterval()}
 * of age; the loop wakes up for the age check even when no record arrives.
 *
 * <p>Threading: {@link #run()} blocks the calling thread (one thread reads all shards in turn);
 * {@link #stop()} may be called from any thread, and so may an interrupt: both make {@code run()}
 * write its buffers and return. If {@code run()} throws, buffered records are not written and not
 * checkpointed: a new run reads them again. The client and store are injected and closed by the
 * caller. One consumer per stream at a time.
 *
 * <pre>{@code
 * KinesisConsumer consumer = new KinesisConsumer(client, lake, new OrderEventTransform(),
 *     KinesisConsumerOptions.builder().set(STREAM_NAME, "orders").set(STREAM_TABLE, "order_events").build());
 * ConsumeResult result = consumer.run();   // until stop(), or a bound in the options
 * }</pre>
 */
@Evolving
public final class KinesisConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(KinesisConsumer.class);

  private final KinesisClient client;
  private final KinesisConsumerOptions options;
  private final CheckpointStore checkpoints;
  private final StreamLakeWriter writer;
  private final Clock clock;
  private final Consumer<StreamLakeWriter.Flushed> onFlush;
  private volatile boolean stopRequested;

  /** A consumer with checkpoints in the lake ({@link LakeCheckpointStore}) and the UTC system clock. */
  public KinesisConsumer(KinesisClient client, ObjectStore store, RecordTransform transform,
      KinesisConsumerOptions options) {
    this(client, store, transform, options, new LakeCheckpointStore(store), Clock.systemUTC());
  }

  /**
   * @param client the Kinesis client (owned by the caller)
   * @param store the lake (owned by the caller)
   * @param transform applied to every record
   * @param options stream, table, buffering and bounds
   * @param checkpoints where shard checkpoints are kept
   * @param clock "now" for buffer ages and idle time
   */
  public KinesisConsumer(KinesisClient client, ObjectStore store, RecordTransform transform,
      KinesisConsumerOptions options, CheckpointStore checkpoints, Clock clock) {
    this(client, store, transform, options, checkpoints, clock, flushed -> { });
  }

  /**
   * As {@link #KinesisConsumer(KinesisClient, ObjectStore, RecordTransform, KinesisConsumerOptions,
   * CheckpointStore, Clock)}, telling {@code onFlush} of every object written, on the consuming
   * thread after its manifest and checkpoint (to register it in a catalog, say).
   */
  public KinesisConsumer(KinesisClient client, ObjectStore store, RecordTransform transform,
      KinesisConsumerOptions options, CheckpointStore checkpoints, Clock clock,
      Consumer<StreamLakeWriter.Flushed> onFlush) {
    this.onFlush = Objects.requireNonNull(onFlush, "onFlush");
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writer = new StreamLakeWriter(Objects.requireNonNull(store, "store"), options.stream(), options.table(),
        Objects.requireNonNull(transform, "transform"), checkpoints, clock);
  }

  /** Asks {@link #run()} to write its buffers and return. Any thread; idempotent. */
  public void stop() {
    stopRequested = true;
  }

  /**
   * Consumes until {@link #stop()}, an interrupt, {@link KinesisConsumerOptions#maxRecords()} or
   * {@link KinesisConsumerOptions#idleTimeout()}; then writes every buffer and returns.
   *
   * @throws StreamException if Kinesis fails beyond the SDK's retries (the stream does not exist…)
   * @throws io.insightflow.api.LakeException if the lake cannot be written
   */
  public ConsumeResult run() {
    Run run = new Run();
    try {
      StopReason reason = run.loop();
      run.flushAll();
      ConsumeResult result = run.result(reason);
      LOG.info("consume stream={} stop={} read={} rows={} dropped={} failed={} objects={} ms={}", options.stream(),
          reason, result.read(), result.rows(), result.dropped(), result.failed(), result.objects(),
          result.elapsed().toMillis());
      return result;
    } catch (SdkException e) {
      throw new StreamException(options.stream(), run.currentShard, "Kinesis call failed: " + e.getMessage()
          + "; records not yet checkpointed are read again by the next run", e);
    } finally {
      run.discardAll();
    }
  }

  /** Why a run ended. */
  public enum StopReason {
    /** {@link #stop()} was called or the thread was interrupted. */
    STOPPED,
    /** {@link KinesisConsumerOptions#maxRecords()} records were read. */
    MAX_RECORDS,
    /** No record arrived for {@link KinesisConsumerOptions#idleTimeout()}. */
    IDLE
  }

  /**
   * What a run did; {@code read = rows + dropped + failed}.
   *
   * @param reason why the run ended
   * @param read records read (and written: every record read is in a flushed object)
   * @param rows CSV rows written
   * @param dropped records the transform dropped
   * @param failed records written to the error prefix
   * @param objects data objects written
   * @param shardsClosed shards read to their end and checkpointed as closed in this run
   * @param elapsed wall time
   */
  public record ConsumeResult(StopReason reason, long read, long rows, long dropped, long failed, long objects,
      long shardsClosed, Duration elapsed) {

    /** Records read per second. */
    public double recordsPerSecond() {
      return elapsed.isZero() ? 0 : read * 1e9 / elapsed.toNanos();
    }
  }

  /** One shard being read. */
  private static final class ShardState {
    final String shardId;
    String iterator;
    String lastRead;
    StreamLakeWriter.Batch batch;
    long nextCallNanos;

    ShardState(String shardId, String iterator, String lastRead) {
      this.shardId = shardId;
      this.iterator = iterator;
      this.lastRead = lastRead;
    }
  }

  /** The mutable state of one {@link #run()}. */
  private final class Run {
    final long startNanos = System.nanoTime();
    final Map<String, ShardState> active = new TreeMap<>();
    final Set<String> closed = new HashSet<>();
    long read;
    long rows;
    long dropped;
    long failed;
    long objects;
    long shardsClosed;
    long nextRefreshNanos;
    String currentShard;

    StopReason loop() {
      refreshShards();
      Instant lastRecordAt = clock.instant();
      while (true) {
        if (stopRequested || Thread.currentThread().isInterrupted()) {
          return StopReason.STOPPED;
        }
        if (System.nanoTime() >= nextRefreshNanos) {
          refreshShards();
        }
        boolean gotRecords = false;
        for (ShardState shard : new ArrayList<>(active.values())) {
          if (System.nanoTime() < shard.nextCallNanos) {
            continue;
          }
          currentShard = shard.shardId;
          int got = poll(shard);
          currentShard = null;
          gotRecords |= got > 0;
          if (read >= options.maxRecords()) {
            return StopReason.MAX_RECORDS;
          }
        }
        flushAged();
        Instant now = clock.instant();
        if (gotRecords) {
          lastRecordAt = now;
        } else if (options.idleTimeout() != null
            && Duration.between(lastRecordAt, now).compareTo(options.idleTimeout()) >= 0) {
          return StopReason.IDLE;
        }
        if (!sleepUntilDue()) {
          return StopReason.STOPPED;
        }
      }
    }

    /** Reads one batch of records from a shard; returns how many records it added. */
    int poll(ShardState shard) {
      GetRecordsResponse response;
      try {
        int limit = (int) Math.min(options.getRecordsLimit(), options.maxRecords() - read);
        response = client.getRecords(r -> r.shardIterator(shard.iterator).limit(limit));
      } catch (ExpiredIteratorException e) {
        // Iterators expire after 5 minutes unused; resume right after the last record read.
        shard.iterator = iterator(shard.shardId, shard.lastRead);
        return 0;
      }
      List<Record> records = response.records();
      for (Record r : records) {
        if (shard.batch == null) {
          shard.batch = writer.begin(shard.shardId);
        }
        shard.batch.add(r.sequenceNumber(), r.approximateArrivalTimestamp(), r.data().asByteArrayUnsafe());
        shard.lastRead = r.sequenceNumber();
        read++;
        if (shard.batch.records() >= options.flushRecords() || shard.batch.inputBytes() >= options.flushBytes()) {
          flush(shard, false);
        }
      }
      if (response.nextShardIterator() == null) {
        // The shard was closed by a reshard and is read to its end: write what is left and mark it
        // closed, so its children can start.
        if (shard.batch != null) {
          flush(shard, true);
        } else {
          writer.markClosed(shard.shardId, shard.lastRead);
        }
        active.remove(shard.shardId);
        closed.add(shard.shardId);
        shardsClosed++;
        nextRefreshNanos = 0;
        LOG.info("consume stream={} shard={} closed lastSequenceNumber={}", options.stream(), shard.shardId,
            shard.lastRead);
        return records.size();
      }
      shard.iterator = response.nextShardIterator();
      Duration wait = records.isEmpty() && nullToZero(response.millisBehindLatest()) == 0
          ? options.pollInterval() : options.minGetRecordsInterval();
      shard.nextCallNanos = System.nanoTime() + wait.toNanos();
      return records.size();
    }

    void flush(ShardState shard, boolean shardClosed) {
      StreamLakeWriter.Flushed f = shard.batch.flush(shardClosed);
      shard.batch.close();
      shard.batch = null;
      onFlush.accept(f);
      rows += f.rows();
      dropped += f.dropped();
      failed += f.failed();
      objects++;
      LOG.debug("consume stream={} shard={} object={} records={} rows={} failed={}", options.stream(),
          shard.shardId, f.dataKey(), f.records(), f.rows(), f.failed());
    }

    void flushAged() {
      Instant now = clock.instant();
      for (ShardState shard : active.values()) {
        if (shard.batch != null
            && Duration.between(shard.batch.startedAt(), now).compareTo(options.flushInterval()) >= 0) {
          flush(shard, false);
        }
      }
    }

    void flushAll() {
      for (ShardState shard : active.values()) {
        if (shard.batch != null) {
          flush(shard, false);
        }
      }
    }

    void discardAll() {
      for (ShardState shard : active.values()) {
        if (shard.batch != null) {
          shard.batch.close();
          shard.batch = null;
        }
      }
    }

    /**
     * Sleeps until a shard may be read, the next refresh or the oldest buffer's flush is due, at most
     * the poll interval. Returns false if interrupted.
     */
    boolean sleepUntilDue() {
      long now = System.nanoTime();
      long due = now + options.pollInterval().toNanos();
      due = Math.min(due, nextRefreshNanos);
      Instant wall = clock.instant();
      for (ShardState shard : active.values()) {
        due = Math.min(due, shard.nextCallNanos);
        if (shard.batch != null) {
          Duration left = options.flushInterval().minus(Duration.between(shard.batch.startedAt(), wall));
          due = Math.min(due, now + Math.max(0, left.toNanos()));
        }
      }
      long waitMillis = (due - now) / 1_000_000;
      if (waitMillis <= 0) {
        return true;
      }
      try {
        Thread.sleep(waitMillis);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** Re-lists the shards and starts those that may start. */
    void refreshShards() {
      List<Shard> shards = listShards();
      Set<String> listed = new HashSet<>();
      for (Shard s : shards) {
        listed.add(s.shardId());
      }
      // Repeat until stable: a parent found closed by its checkpoint may let a child start.
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Shard s : shards) {
          String id = s.shardId();
          if (active.containsKey(id) || closed.contains(id)) {
            continue;
          }
          Optional<ShardCheckpoint> cp = checkpoints.load(options.stream(), id);
          if (cp.isPresent() && cp.get().closed()) {
            closed.add(id);
            changed = true;
            continue;
          }
          if (!parentDone(s.parentShardId(), listed) || !parentDone(s.adjacentParentShardId(), listed)) {
            continue;
          }
          String after = cp.map(ShardCheckpoint::sequenceNumber).orElse(null);
          active.put(id, new ShardState(id, iterator(id, after), after));
          changed = true;
          LOG.info("consume stream={} shard={} start after={}", options.stream(), id,
              after == null ? "TRIM_HORIZON" : after);
        }
      }
      nextRefreshNanos = System.nanoTime() + options.shardRefreshInterval().toNanos();
    }

    /** A parent that is no longer listed has expired past retention: nothing of it is left to read. */
    boolean parentDone(String parentId, Set<String> listed) {
      return parentId == null || !listed.contains(parentId) || closed.contains(parentId);
    }

    List<Shard> listShards() {
      List<Shard> shards = new ArrayList<>();
      String token = null;
      do {
        ListShardsRequest request = token == null
            ? ListShardsRequest.builder().streamName(options.stream()).build()
            : ListShardsRequest.builder().nextToken(token).build();
        ListShardsResponse response = client.listShards(request);
        shards.addAll(response.shards());
        token = response.nextToken();
      } while (token != null);
      return shards;
    }

    String iterator(String shardId, String afterSequenceNumber) {
      GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
          .streamName(options.stream()).shardId(shardId);
      if (afterSequenceNumber == null) {
        request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
      } else {
        request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
            .startingSequenceNumber(afterSequenceNumber);
      }
      return client.getShardIterator(request.build()).shardIterator();
    }

    ConsumeResult result(StopReason reason) {
      return new ConsumeResult(reason, read, rows, dropped, failed, objects, shardsClosed,
          Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private long nullToZero(Long value) {
      return value == null ? 0 : value;
    }
  }
}
