package io.insightflow.stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The event with which Amazon Data Firehose invokes a data-transformation Lambda, field for field,
 * so Jackson (and the Lambda runtime's serialiser) map it directly:
 *
 * <pre>{@code
 * {"invocationId": "…", "deliveryStreamArn": "arn:aws:firehose:…", "region": "us-east-1",
 *  "records": [{"recordId": "…", "approximateArrivalTimestamp": 1700000000000, "data": "<base64>"}]}
 * }</pre>
 *
 * <p>With a Kinesis data stream as source, Firehose adds {@code sourceKinesisStreamArn} and a
 * {@code kinesisRecordMetadata} per record; both are optional here. Unknown fields are ignored.
 *
 * @param invocationId the invocation's id
 * @param deliveryStreamArn the Firehose stream's ARN
 * @param sourceKinesisStreamArn the source Kinesis stream's ARN, or null for Direct PUT
 * @param region the AWS region
 * @param records the records to transform; every recordId must come back in the response
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Evolving
public record FirehoseEvent(
    String invocationId,
    String deliveryStreamArn,
    String sourceKinesisStreamArn,
    String region,
    List<Record> records) {


  public FirehoseEvent {
    records = records == null ? List.of() : List.copyOf(records);
  }

  /**
   * Parses an event from Json.MAPPER.
   *
   * @throws StreamException if the JSON is not a Firehose transformation event
   */
  public static FirehoseEvent fromJson(InputStream json) {
    Objects.requireNonNull(json, "json");
    try {
      return Json.MAPPER.readValue(json, FirehoseEvent.class);
    } catch (IOException e) {
      throw new StreamException("firehose", null, "Not a Firehose transformation event: " + e.getMessage(), e);
    }
  }

  /** The event as JSON, as Firehose would send it. */
  public byte[] toJson() {
    try {
      return Json.MAPPER.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new InsightflowException("Cannot serialise Firehose event " + invocationId, e);
    }
  }

  /**
   * One input record.
   *
   * @param recordId Firehose's id of the record, to be echoed in the response
   * @param approximateArrivalTimestamp when Firehose received it, epoch milliseconds
   * @param data the payload, base64-encoded
   * @param kinesisRecordMetadata where the record came from when the source is a Kinesis stream;
   *     null otherwise
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Record(
      String recordId,
      long approximateArrivalTimestamp,
      String data,
      KinesisRecordMetadata kinesisRecordMetadata) {

    public Record {
      Objects.requireNonNull(recordId, "recordId");
      Objects.requireNonNull(data, "data");
    }

    /** A Direct PUT record (no Kinesis metadata) with {@code payload} base64-encoded. */
    public static Record of(String recordId, long approximateArrivalTimestamp, byte[] payload) {
      return new Record(recordId, approximateArrivalTimestamp, Base64.getEncoder().encodeToString(payload), null);
    }

    /**
     * The decoded payload.
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

  /**
   * Kinesis data stream details of a record, present when Firehose reads from a Kinesis stream.
   *
   * @param shardId the shard
   * @param partitionKey the record's partition key
   * @param approximateArrivalTimestamp when Kinesis received it, epoch milliseconds
   * @param sequenceNumber the record's sequence number in the shard
   * @param subsequenceNumber the subsequence number of a de-aggregated KPL record
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record KinesisRecordMetadata(
      String shardId,
      String partitionKey,
      long approximateArrivalTimestamp,
      String sequenceNumber,
      String subsequenceNumber) {}
}
