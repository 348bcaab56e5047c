package io.insightflow.stream;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.internal.Json;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.stream.TransformResult.Status;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes consumed stream records into the lake in units the sync loads exactly once: one
 * {@link Batch} of consecutive records of one shard becomes, in this order,
 * <ol>
 *   <li>the data object {@code data/stream/<table>/year=…/hhmm=…/<shardId>-<firstSeq>.csv} (the folder is
 *       the table's, since sync loads a folder into its own table only; when the stream has another
 *       name than the table, the name starts with {@code <stream>.}, so two streams into one table
 *       never share a key)
 *       (header line, one CSV line per {@code Ok} record; written even when no record was
 *       {@code Ok}, see below);
 *   <li>the error object {@code errors/processing-failed/<table>/year=…/hhmm=…/<shardId>-<firstSeq>.jsonl}
 *       with one Firehose-style JSON line per failed record (original data in base64 and the
 *       reason), or the deletion of that key when the batch has no failure;
 *   <li>the manifest {@code _manifest.<shardId>-<firstSeq>.json} next to the data object, listing
 *       exactly that one part ({@link RunManifest}, table = the target table);
 *   <li>the shard checkpoint with the batch's last sequence number ({@link CheckpointStore}).
 * </ol>
 * The partition time is the approximate arrival time of the batch's first record, truncated to
 * the minute, so the same first record always gives the same keys.
 *
 * <h2>Why a crash at any point, then a restart, leaves every record exactly once after sync</h2>
 * The sync loads only parts listed by manifests, once per object key, and an object rewritten under
 * the same key with another checksum replaces the rows it loaded before. The consumer writes a
 * checkpoint after each batch's objects, and resumes after the checkpoint. So at any moment only
 * the batch after a shard's checkpoint may be in the lake without being checkpointed, and its first
 * record is the record right after the checkpoint. After a restart, that same record is the first
 * record of the first new batch, which therefore has the same keys (same shard, same first
 * sequence number, same arrival time): whatever the crashed run wrote there (data, errors,
 * manifest) is overwritten, and the sync replaces its rows. The restarted batch may end earlier
 * than the crashed one (say records 1–5 instead of 1–10): the crashed object's records 6–10 are
 * then gone from key {@code …-1} once it is rewritten, and the next batch, starting at record 6,
 * writes them once under key {@code …-6}. It may also end later; then key {@code …-1} simply gets
 * more rows. A crash before the data object is rewritten leaves the crashed content in place,
 * which is consistent on its own (it covers records after the checkpoint only, none of which is
 * anywhere else), and the next restart rewrites it. That is why a data object and its manifest
 * are written even when the batch has no {@code Ok} record: an empty rewrite must replace a
 * longer, stale object of the crashed run. For the same reason a batch without failures deletes
 * its error key, so the error prefix also holds each failed record once. Objects of closed parent
 * shards are all checkpointed before any child shard is read, so resharding adds no other case.
 *
 * <p>Not thread-safe: one consumer thread uses it. Owns no resources beyond open batches; the
 * caller closes the object store and every batch it began.
 */
@Evolving
public final class StreamLakeWriter {

  /** Default layout of the error objects, like Firehose's {@code processing-failed/} prefix. */
  public static final String ERROR_TEMPLATE =
      "errors/processing-failed/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}";


  private final ObjectStore store;
  private final String stream;
  private final String table;
  private final RecordTransform transform;
  private final CheckpointStore checkpoints;
  private final Clock clock;
  private final PartitionTemplate dataTemplate = PartitionTemplate.stream();
  private final PartitionTemplate errorTemplate = PartitionTemplate.of(ERROR_TEMPLATE);
  private final byte[] header;

  /**
   * @param store the lake (owned by the caller)
   * @param stream the stream name, used in checkpoints (and object names when it is not the table's)
   * @param table the target table: its folder holds the objects, its name is in the manifests
   * @param transform turns each record into a CSV line
   * @param checkpoints where shard checkpoints go
   * @param clock "now" for batch ages and manifest completion times
   */
  public StreamLakeWriter(ObjectStore store, String stream, String table, RecordTransform transform,
      CheckpointStore checkpoints, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.stream = Objects.requireNonNull(stream, "stream");
    this.table = Objects.requireNonNull(table, "table");
    this.transform = Objects.requireNonNull(transform, "transform");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.clock = Objects.requireNonNull(clock, "clock");
    StringBuilder h = new StringBuilder();
    for (RunManifest.Column c : transform.columns()) {
      h.append(h.length() == 0 ? "" : ",").append(c.name());
    }
    this.header = h.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Starts an empty batch for {@code shardId}; the caller closes it (after flushing or not). */
  public Batch begin(String shardId) {
    return new Batch(Objects.requireNonNull(shardId, "shardId"));
  }

  /**
   * Records that a shard was read to its end (its iterator returned none after a reshard) with
   * nothing left unflushed, so its children may start.
   *
   * @param lastSequenceNumber the shard's last record in the lake, or null if it had none
   */
  public void markClosed(String shardId, String lastSequenceNumber) {
    checkpoints.save(new ShardCheckpoint(stream, shardId, lastSequenceNumber, true, clock.instant().toString()));
  }

  /** The base name {@code <shardId>-<firstSeq>} of a batch's objects. */
  public static String baseName(String shardId, String firstSequenceNumber) {
    return shardId + "-" + firstSequenceNumber;
  }

  /**
   * Consecutive records of one shard, transformed as they are added and written to a staging file.
   * Not thread-safe.
   */
  public final class Batch implements AutoCloseable {
    private final String shardId;
    private final List<ErrorLine> errors = new ArrayList<>();
    private Path staging;
    private CRC32C crc;
    private OutputStream out;
    private String firstSequenceNumber;
    private String lastSequenceNumber;
    private Instant partitionTime;
    private Instant startedAt;
    private long records;
    private long inputBytes;
    private long rows;
    private long dropped;

    private Batch(String shardId) {
      this.shardId = shardId;
    }

    /**
     * Transforms and buffers one record. Records must be added in shard order.
     *
     * @param arrival the record's approximate arrival time in the stream
     * @return what the transform made of it
     * @throws StreamException when the batch's first record arrived at no partition time
     *     ({@link PartitionTemplate#representable}), before anything is staged
     */
    public Status add(String sequenceNumber, Instant arrival, byte[] data) {
      Objects.requireNonNull(sequenceNumber, "sequenceNumber");
      Objects.requireNonNull(arrival, "arrival");
      Objects.requireNonNull(data, "data");
      if (records == 0) {
        open(sequenceNumber, arrival);
      }
      TransformResult result = transform.transform(data);
      switch (result.status()) {
        case OK -> {
          write(result.data());
          rows++;
        }
        case DROPPED -> dropped++;
        case PROCESSING_FAILED -> errors.add(new ErrorLine(1, arrival.toEpochMilli(), "ProcessingFailed",
            result.reason(), clock.millis(), Base64.getEncoder().encodeToString(data), stream, shardId,
            sequenceNumber));
      }
      lastSequenceNumber = sequenceNumber;
      records++;
      inputBytes += data.length;
      return result.status();
    }

    /** Records added so far. */
    public long records() {
      return records;
    }

    /** Payload bytes added so far (before transformation). */
    public long inputBytes() {
      return inputBytes;
    }

    /** When the first record was added (by the writer's clock), or null while empty. */
    public Instant startedAt() {
      return startedAt;
    }

    /** The sequence number of the last record added, or null while empty. */
    public String lastSequenceNumber() {
      return lastSequenceNumber;
    }

    /**
     * Writes the batch's objects and then the checkpoint (see the class comment for the order and
     * why). The batch must not be empty; it cannot be used afterwards.
     *
     * @param shardClosed whether these are the shard's last records (checkpoint marks it closed)
     * @throws LakeException if a write fails; the checkpoint is then not written
     */
    public Flushed flush(boolean shardClosed) {
      if (records == 0) {
        throw new InsightflowException("Empty batch of shard " + shardId + " cannot be flushed");
      }
      String base = (stream.equals(table) ? "" : stream + ".") + baseName(shardId, firstSequenceNumber);
      String folder = dataTemplate.render(table, partitionTime);
      String dataKey = folder + "/" + base + ".csv";
      String errorKey = errorTemplate.render(table, partitionTime) + "/" + base + ".jsonl";
      try {
        out.close();
        out = null;
        long bytes = Files.size(staging);
        String crc32c = String.format("%08x", crc.getValue());
        store.put(dataKey, staging);
        staging = null;
        if (errors.isEmpty()) {
          store.delete(errorKey);
        } else {
          store.put(errorKey, errorLines());
        }
        RunManifest manifest = new RunManifest(RunManifest.VERSION, base, table, partitionTime, "csv",
            "kinesis:" + stream, "shard " + shardId + " sequence numbers " + firstSequenceNumber + ".."
            + lastSequenceNumber, transform.columns(), List.of(new RunManifest.Part(dataKey, rows, bytes, crc32c)),
            rows, clock.instant());
        store.put(manifestKey(dataKey), manifest.toJson());
      } catch (IOException e) {
        throw new LakeException(dataKey, "Cannot write stream object of shard " + shardId, e);
      }
      checkpoints.save(new ShardCheckpoint(stream, shardId, lastSequenceNumber, shardClosed,
          clock.instant().toString()));
      return new Flushed(dataKey, records, rows, dropped, errors.size(), lastSequenceNumber);
    }

    /** Discards unflushed content (its staging file). Idempotent. */
    @Override
    public void close() {
      try {
        if (out != null) {
          out.close();
          out = null;
        }
        if (staging != null) {
          Files.deleteIfExists(staging);
          staging = null;
        }
      } catch (IOException e) {
        throw new LakeException(String.valueOf(staging), "Cannot discard staging file of shard " + shardId, e);
      }
    }

    private void open(String sequenceNumber, Instant arrival) {
      if (!PartitionTemplate.representable(arrival)) {
        throw new StreamException(stream, shardId, "Record " + Printable.of(sequenceNumber) + " arrived at " + arrival
            + ", outside the partition times " + PartitionTemplate.EARLIEST + " to " + PartitionTemplate.LATEST
            + "; nothing of its batch was written", null);
      }
      firstSequenceNumber = sequenceNumber;
      partitionTime = arrival.truncatedTo(ChronoUnit.MINUTES);
      startedAt = clock.instant();
      staging = store.newStagingFile();
      crc = new CRC32C();
      try {
        out = new BufferedOutputStream(new CheckedOutputStream(Files.newOutputStream(staging), crc), 1 << 16);
      } catch (IOException e) {
        throw new LakeException(staging.toString(), "Cannot open staging file of shard " + shardId, e);
      }
      write(header);
    }

    private void write(byte[] bytes) {
      try {
        out.write(bytes);
      } catch (IOException e) {
        throw new LakeException(staging.toString(), "Cannot write staging file of shard " + shardId, e);
      }
    }

    private byte[] errorLines() throws IOException {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      for (ErrorLine line : errors) {
        buffer.write(Json.MAPPER.writeValueAsBytes(line));
        buffer.write('\n');
      }
      return buffer.toByteArray();
    }
  }

  /**
   * What a flush wrote.
   *
   * @param dataKey the data object's key
   * @param records records in the batch ({@code = rows + dropped + failed})
   * @param rows CSV rows written
   * @param dropped records the transform dropped
   * @param failed records written to the error object
   * @param lastSequenceNumber the checkpointed sequence number
   */
  public record Flushed(String dataKey, long records, long rows, long dropped, long failed,
      String lastSequenceNumber) {

    /** The object's manifest, {@code _manifest.<shardId>-<firstSequenceNumber>.json} beside it. */
    public String manifestKey() {
      return StreamLakeWriter.manifestKey(dataKey);
    }
  }

  /** The manifest key of a data object: {@code <folder>/_manifest.<name without .csv>.json}. */
  static String manifestKey(String dataKey) {
    int slash = dataKey.lastIndexOf('/');
    String name = dataKey.substring(slash + 1);
    return dataKey.substring(0, slash) + "/_manifest." + name.substring(0, name.length() - ".csv".length()) + ".json";
  }

  /** One line of an error object, in Firehose's {@code processing-failed} shape plus its origin. */
  @JsonPropertyOrder({"attemptsMade", "arrivalTimestamp", "errorCode", "errorMessage",
      "attemptEndingTimestamp", "rawData", "stream", "shardId", "sequenceNumber"})
  record ErrorLine(int attemptsMade, long arrivalTimestamp, String errorCode, String errorMessage,
      long attemptEndingTimestamp, String rawData, String stream, String shardId, String sequenceNumber) {}
}
