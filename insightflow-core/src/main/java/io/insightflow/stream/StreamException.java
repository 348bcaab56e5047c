package io.insightflow.stream;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;

/**
 * Publishing to or consuming from a stream failed. Carries the stream and, when known, the shard.
 */
@Evolving
public class StreamException extends InsightflowException {

  private final String stream;
  private final String shardId;

  /**
   * @param stream the stream involved
   * @param shardId the shard involved, or null when the failure is not about one shard
   * @param message what failed and how to fix it
   * @param cause the underlying failure, or null
   */
  public StreamException(String stream, String shardId, String message, Throwable cause) {
    super(message + " [stream " + stream + (shardId == null ? "" : ", shard " + shardId) + "]", cause);
    this.stream = stream;
    this.shardId = shardId;
  }

  /** The stream involved. */
  public String stream() {
    return stream;
  }

  /** The shard involved, or null when the failure is not about one shard. */
  public String shardId() {
    return shardId;
  }
}
