package io.insightflow.stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.internal.Json;
import io.insightflow.stream.TransformResult.Status;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * What a data-transformation Lambda returns to Firehose: one entry per input record, with the same
 * {@code recordId}, a result and base64 data. Serialises to exactly the JSON Firehose expects:
 *
 * <pre>{@code
 * {"records": [{"recordId": "…", "result": "Ok", "data": "<base64>"}]}
 * }</pre>
 *
 * @param records one per input record, in input order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Evolving
public record FirehoseResponse(List<Record> records) {

  public FirehoseResponse {
    records = records == null ? List.of() : List.copyOf(records);
  }

  /** How many records have this result. */
  public long count(Status status) {
    Objects.requireNonNull(status, "status");
    return records.stream().filter(r -> r.result() == status).count();
  }

  /** The response as UTF-8 JSON, as Firehose reads it. */
  public byte[] toJson() {
    try {
      return Json.MAPPER.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new InsightflowException("Cannot serialise Firehose response", e);
    }
  }

  /**
   * One output record.
   *
   * @param recordId the input record's id
   * @param result Ok, Dropped or ProcessingFailed
   * @param data base64 of the transformed payload for Ok; for ProcessingFailed the original
   *     payload when it fits in the response (empty when it did not fit); empty for Dropped
   * @param reason why the record failed, for logs and the replay report; not part of the Firehose
   *     JSON (Firehose has no field for it), null when not failed
   */
  @JsonPropertyOrder({"recordId", "result", "data"})
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Record(String recordId, Status result, String data, @JsonIgnore String reason) {

    public Record {
      Objects.requireNonNull(recordId, "recordId");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(data, "data");
    }

    /**
     * The decoded data.
     *
     * @throws StreamException if {@code data} is not valid base64
     */
    public byte[] decodedData() {
      try {
        return Base64.getDecoder().decode(data);
      } catch (IllegalArgumentException e) {
        throw new StreamException("firehose", null, "Record " + recordId + " holds data that is not valid base64", e);
      }
    }
  }
}
