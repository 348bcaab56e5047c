package io.insightflow.stream;

import io.insightflow.api.Evolving;
import io.insightflow.layout.RunManifest;
import java.util.List;

/**
 * Turns one raw stream record into one CSV line, or drops it, or fails it with a reason — the
 * per-record half of the Firehose data-transformation contract, shared by the Kinesis consumer,
 * {@link FirehoseTransformer} (and so the Lambda handler) and {@link TransformReplay}.
 *
 * <p>An {@code Ok} result holds exactly one CSV line (RFC 4180, UTF-8, NULL as an empty unquoted
 * field) ending with {@code \n}, with the fields in the order of {@link #columns()}; Firehose
 * concatenates the results, and the consumer writes them under a header line.
 *
 * <p>Implementations must be thread-safe and deterministic (the same bytes always give the same
 * result): after a crash, the consumer transforms the same records again and must produce the same
 * lines. They must not throw for bad input; they return {@link TransformResult#failed}. An exception
 * is treated as a bug and stops the consumer.
 *
 * <pre>{@code
 * RecordTransform t = new OrderEventTransform();
 * TransformResult r = t.transform("{\"order_id\":1,…}".getBytes(UTF_8));
 * }</pre>
 */
@Evolving
public interface RecordTransform {

  /**
   * The columns of the CSV lines this transform produces, in field order, with PostgreSQL types;
   * they become the header line and the schema in each manifest.
   */
  List<RunManifest.Column> columns();

  /**
   * Transforms one record.
   *
   * @param data the record's payload (Kinesis data, or Firehose's base64-decoded data)
   * @return never null
   */
  TransformResult transform(byte[] data);
}
