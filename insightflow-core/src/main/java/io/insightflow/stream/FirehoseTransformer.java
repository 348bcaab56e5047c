package io.insightflow.stream;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.stream.TransformResult.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link RecordTransform} to a Firehose data-transformation event and builds the response
 * Firehose requires: the core of the Firehose Lambda handler, usable without Lambda.
 *
 * <p>The rules it implements, from the Firehose developer guide ("Transform source data" and
 * "Required parameters for data transformation"):
 * <ul>
 *   <li>Every input {@code recordId} appears in the response exactly once, in input order; a missing
 *       or unknown id makes Firehose treat the record as a transformation failure.
 *   <li>{@code result} is {@code Ok}, {@code Dropped} or {@code ProcessingFailed}; {@code data} is
 *       base64.
 *   <li>The Lambda synchronous invocation payload limit is 6 MB for the response too
 *       ({@link #LAMBDA_RESPONSE_LIMIT} bytes of JSON). Records whose output does not fit are not
 *       lost: with a {@link Reingester} they are handed to it (to be put back into the delivery
 *       stream, as the AWS blueprints do) and answered {@code Dropped}; without one they are answered
 *       {@code ProcessingFailed} with empty data, so Firehose delivers the originals to its
 *       {@code processing-failed/} prefix. If even the minimal answer for every record exceeds the
 *       limit, {@link #handle} throws, the invocation fails, and Firehose retries or fails the batch.
 * </ul>
 *
 * <p>Thread-safe when the transform is; build one per Lambda container.
 *
 * <pre>{@code
 * FirehoseTransformer transformer = new FirehoseTransformer(new OrderEventTransform());
 * FirehoseResponse response = transformer.handle(event);
 * }</pre>
 */
@Evolving
public final class FirehoseTransformer {

  /** Lambda's synchronous invocation response limit: 6 MB (6 × 1024 × 1024 bytes). */
  public static final int LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

  /** Reason given to records that did not fit in the response and had no reingester. */
  public static final String OVER_LIMIT_REASON = "response size limit exceeded; record not transformed";

  private static final Logger LOG = LoggerFactory.getLogger(FirehoseTransformer.class);
  private static final int ENVELOPE = "{\"records\":[]}".length();

  private final RecordTransform transform;
  private final int maxResponseBytes;
  private final Reingester reingester;

  /** A transformer with the 6 MB Lambda limit and no reingester. */
  public FirehoseTransformer(RecordTransform transform) {
    this(transform, LAMBDA_RESPONSE_LIMIT, null);
  }

  /**
   * @param transform the per-record transform
   * @param maxResponseBytes the response limit in bytes of JSON; {@link #LAMBDA_RESPONSE_LIMIT} on
   *     Lambda, smaller in tests
   * @param reingester receives the records that did not fit, or null to fail them
   */
  public FirehoseTransformer(RecordTransform transform, int maxResponseBytes, Reingester reingester) {
    this.transform = Objects.requireNonNull(transform, "transform");
    if (maxResponseBytes <= ENVELOPE) {
      throw new InsightflowException("maxResponseBytes too small: " + maxResponseBytes);
    }
    this.maxResponseBytes = maxResponseBytes;
    this.reingester = reingester;
  }

  /** The transform applied to each record. */
  public RecordTransform transform() {
    return transform;
  }

  /**
   * Transforms every record of the event.
   *
   * @return one response record per input record, in order; its JSON is at most the limit
   * @throws StreamException if even a minimal answer for every record exceeds the limit
   */
  public FirehoseResponse handle(FirehoseEvent event) {
    Objects.requireNonNull(event, "event");
    List<FirehoseEvent.Record> in = event.records();
    // Reserve the smallest possible answer for every record first, so that whatever happens to
    // the others, each recordId still fits in the response.
    long reserved = ENVELOPE + Math.max(0, in.size() - 1);
    for (FirehoseEvent.Record r : in) {
      reserved += recordBytes(r.recordId(), Status.PROCESSING_FAILED, 0);
    }
    if (reserved > maxResponseBytes) {
      throw new StreamException(streamName(event), null, "Firehose invocation " + event.invocationId()
          + " has " + in.size() + " records; even their minimal answers exceed the " + maxResponseBytes
          + "-byte response limit. Lower the Firehose buffer size (BufferSizeInMBs)", null);
    }
    List<FirehoseResponse.Record> out = new ArrayList<>(in.size());
    List<FirehoseEvent.Record> overflow = new ArrayList<>();
    List<Integer> overflowAt = new ArrayList<>();
    long used = reserved;
    for (FirehoseEvent.Record r : in) {
      FirehoseResponse.Record answer = answer(r);
      long minimal = recordBytes(r.recordId(), Status.PROCESSING_FAILED, 0);
      long full = recordBytes(r.recordId(), answer.result(), answer.data().length());
      if (used - minimal + full <= maxResponseBytes) {
        used += full - minimal;
        out.add(answer);
      } else {
        overflowAt.add(out.size());
        overflow.add(r);
        out.add(null);
      }
    }
    if (!overflow.isEmpty()) {
      if (reingester != null) {
        reingester.reingest(List.copyOf(overflow));
      }
      for (int i = 0; i < overflow.size(); i++) {
        String id = overflow.get(i).recordId();
        out.set(overflowAt.get(i), reingester != null
            ? new FirehoseResponse.Record(id, Status.DROPPED, "", null)
            : new FirehoseResponse.Record(id, Status.PROCESSING_FAILED, "", OVER_LIMIT_REASON));
      }
      LOG.warn("firehose invocation={} records={} overLimit={} reingested={}", event.invocationId(),
          in.size(), overflow.size(), reingester != null);
    }
    return new FirehoseResponse(out);
  }

  private FirehoseResponse.Record answer(FirehoseEvent.Record r) {
    byte[] payload;
    try {
      payload = r.decodedData();
    } catch (StreamException e) {
      return new FirehoseResponse.Record(r.recordId(), Status.PROCESSING_FAILED, "", "data is not valid base64");
    }
    TransformResult result = transform.transform(payload);
    return switch (result.status()) {
      case OK -> new FirehoseResponse.Record(r.recordId(), Status.OK,
          Base64.getEncoder().encodeToString(result.data()), null);
      case DROPPED -> new FirehoseResponse.Record(r.recordId(), Status.DROPPED, "", null);
      case PROCESSING_FAILED -> new FirehoseResponse.Record(r.recordId(), Status.PROCESSING_FAILED, r.data(),
          result.reason());
    };
  }

  /** Bytes of {@code {"recordId":"…","result":"…","data":"…"}} as Jackson writes it. */
  static long recordBytes(String recordId, Status result, int base64Length) {
    return "{\"recordId\":,\"result\":\"\",\"data\":\"\"}".length() + jsonStringBytes(recordId)
        + result.wireName().length() + base64Length;
  }

  /** Bytes of a JSON string literal, quotes included, as Jackson's UTF-8 writer escapes it. */
  static long jsonStringBytes(String s) {
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
        n += 2;
      } else if (c < 0x20) {
        n += 6;
      } else if (c < 0x80) {
        n += 1;
      } else if (Character.isSurrogate(c)) {
        n += 6; // Jackson's UTF-8 writer escapes each surrogate as a six-character escape
      } else {
        n += String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }

  private static String streamName(FirehoseEvent event) {
    String arn = event.deliveryStreamArn();
    return arn == null ? "firehose" : arn.substring(arn.lastIndexOf('/') + 1);
  }

  /**
   * Takes records that did not fit into the response, typically to put them back into the delivery
   * stream with {@code PutRecordBatch}. Throwing fails the invocation, which Firehose retries.
   */
  @FunctionalInterface
  public interface Reingester {
    /** Re-submits the records (original payloads); they are answered {@code Dropped}. */
    void reingest(List<FirehoseEvent.Record> records);
  }
}
