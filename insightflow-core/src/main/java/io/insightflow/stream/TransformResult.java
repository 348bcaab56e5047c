package io.insightflow.stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import java.util.Objects;

/**
 * What a {@link RecordTransform} made of one input record.
 *
 * @param status Ok, Dropped or ProcessingFailed, as Firehose spells them
 * @param data the transformed bytes for {@code Ok}; empty otherwise
 * @param reason why the record failed, for {@code ProcessingFailed}; null otherwise. Never contains
 *     the record's data, only a description of what was wrong
 */
@Evolving
public record TransformResult(Status status, byte[] data, String reason) {

  private static final byte[] EMPTY = new byte[0];
  private static final TransformResult DROPPED = new TransformResult(Status.DROPPED, EMPTY, null);

  public TransformResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(data, "data");
    if (status == Status.PROCESSING_FAILED) {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A successfully transformed record. The array is not copied: do not change it afterwards. */
  public static TransformResult ok(byte[] data) {
    return new TransformResult(Status.OK, Objects.requireNonNull(data, "data"), null);
  }

  /** A record the transform dropped on purpose (counted, not delivered, not an error). */
  public static TransformResult dropped() {
    return DROPPED;
  }

  /** A record that could not be transformed; it goes to the error prefix with the reason. */
  public static TransformResult failed(String reason) {
    return new TransformResult(Status.PROCESSING_FAILED, EMPTY, reason);
  }

  /** The result values of the Firehose data-transformation contract. */
  public enum Status {
    /** Transformed successfully. */
    OK("Ok"),
    /** Dropped intentionally by the transform; Firehose counts it as successfully processed. */
    DROPPED("Dropped"),
    /** Could not be transformed; Firehose delivers it to {@code processing-failed/}. */
    PROCESSING_FAILED("ProcessingFailed");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    /** The name used in Firehose JSON: {@code Ok}, {@code Dropped}, {@code ProcessingFailed}. */
    @JsonValue
    public String wireName() {
      return wireName;
    }

    /**
     * Parses a Firehose result name.
     *
     * @throws InsightflowException for any other value
     */
    @JsonCreator
    public static Status fromWireName(String name) {
      for (Status s : values()) {
        if (s.wireName.equals(name)) {
          return s;
        }
      }
      throw new InsightflowException("Unknown Firehose result '" + name
          + "'; expected Ok, Dropped or ProcessingFailed");
    }
  }
}
