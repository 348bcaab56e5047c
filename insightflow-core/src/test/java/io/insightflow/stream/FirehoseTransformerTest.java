package io.insightflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.layout.RunManifest;
import io.insightflow.stream.TransformResult.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirehoseTransformerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The event shape of the Firehose developer guide, with a Kinesis stream as source. */
  private static final String EVENT = """
      {
        "invocationId": "invoked123",
        "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/orders",
        "sourceKinesisStreamArn": "arn:aws:kinesis:us-east-1:123456789012:stream/orders",
        "region": "us-east-1",
        "records": [
          {"recordId": "49546986683135544286507457936321625675700192471156785154",
           "approximateArrivalTimestamp": 1495072949453,
           "kinesisRecordMetadata": {"sequenceNumber": "49545115243490985018280067714973144582180062593244200961",
             "subsequenceNumber": "123456", "partitionKey": "1", "shardId": "shardId-000000000000",
             "approximateArrivalTimestamp": 1495072949453},
           "data": "%s"},
          {"recordId": "r2", "approximateArrivalTimestamp": 1495072949454, "data": "%s"},
          {"recordId": "r3", "approximateArrivalTimestamp": 1495072949455, "data": "%s"},
          {"recordId": "r4", "approximateArrivalTimestamp": 1495072949456, "data": "%%%%not-base64"}
        ]
      }""";

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void handle_firehoseEventJson_answersEveryRecordIdInOrderWithFirehoseShape() throws Exception {
    String good = new String(new OrderEventGenerator(1, Instant.EPOCH).event(0).toJson(), StandardCharsets.UTF_8);
    String json = EVENT.formatted(b64(good), b64("{bad"), b64("  "));
    FirehoseEvent event = FirehoseEvent.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(event.records().get(0).kinesisRecordMetadata().shardId()).isEqualTo("shardId-000000000000");

    FirehoseResponse response = new FirehoseTransformer(new OrderEventTransform()).handle(event);

    JsonNode out = JSON.readTree(response.toJson());
    assertThat(out.fieldNames()).toIterable().containsExactly("records");
    JsonNode records = out.get("records");
    assertThat(records).hasSize(4);
    List<String> ids = new ArrayList<>();
    records.forEach(r -> {
      ids.add(r.get("recordId").asText());
      assertThat(r.fieldNames()).toIterable().containsExactly("recordId", "result", "data");
    });
    assertThat(ids).containsExactly("49546986683135544286507457936321625675700192471156785154", "r2", "r3", "r4");
    assertThat(records.get(0).get("result").asText()).isEqualTo("Ok");
    assertThat(new String(Base64.getDecoder().decode(records.get(0).get("data").asText()), StandardCharsets.UTF_8))
        .startsWith("1,").endsWith("\n");
    assertThat(records.get(1).get("result").asText()).isEqualTo("ProcessingFailed");
    assertThat(records.get(1).get("data").asText()).isEqualTo(b64("{bad"));
    assertThat(records.get(2).get("result").asText()).isEqualTo("Dropped");
    assertThat(records.get(3).get("result").asText()).isEqualTo("ProcessingFailed");
    assertThat(response.records().get(3).reason()).isEqualTo("data is not valid base64");
    assertThat(response.count(Status.OK)).isEqualTo(1);
  }

  @Test
  void response_jsonRoundTrip_keepsResults() throws Exception {
    FirehoseResponse response = new FirehoseResponse(List.of(
        new FirehoseResponse.Record("a", Status.OK, b64("x"), null),
        new FirehoseResponse.Record("b", Status.PROCESSING_FAILED, "", "why")));
    FirehoseResponse back = JSON.readValue(response.toJson(), FirehoseResponse.class);
    assertThat(back.records()).extracting(FirehoseResponse.Record::result)
        .containsExactly(Status.OK, Status.PROCESSING_FAILED);
    assertThat(new String(response.toJson(), StandardCharsets.UTF_8)).doesNotContain("why").doesNotContain("reason");
  }

  @Test
  void recordBytes_matchesJacksonOutput() {
    for (String id : List.of("r1", "weird \"id\" \\ \n\u0001 é 😀")) {
      FirehoseResponse one = new FirehoseResponse(List.of(new FirehoseResponse.Record(id, Status.OK, "QUJD", null)));
      long expected = "{\"records\":[]}".length() + FirehoseTransformer.recordBytes(id, Status.OK, 4);
      assertThat(one.toJson()).hasSize((int) expected);
    }
  }

  /** Output is 4× the input, so a 6 MB-sized input batch overflows the response. */
  private static final RecordTransform BLOW_UP = new RecordTransform() {
    @Override
    public List<RunManifest.Column> columns() {
      return List.of(new RunManifest.Column("line", "text", "text", false));
    }

    @Override
    public TransformResult transform(byte[] data) {
      byte[] out = new byte[data.length * 4];
      for (int i = 0; i < out.length; i++) {
        out[i] = data[i % data.length];
      }
      return TransformResult.ok(out);
    }
  };

  private static FirehoseEvent bigEvent(int records, int payloadBytes) {
    List<FirehoseEvent.Record> in = new ArrayList<>();
    byte[] payload = "x".repeat(payloadBytes).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < records; i++) {
      in.add(FirehoseEvent.Record.of("record-" + i, 1_700_000_000_000L + i, payload));
    }
    return new FirehoseEvent("inv", "arn:aws:firehose:us-east-1:1:deliverystream/d", null, "us-east-1", in);
  }

  @Test
  void handle_outputOver6Mb_staysWithinLimitAndFailsOnlyWhatDoesNotFit() {
    FirehoseEvent event = bigEvent(1_000, 3_000); // ~3 MB in, ~16 MB of base64 out
    FirehoseResponse response = new FirehoseTransformer(BLOW_UP).handle(event);

    byte[] json = response.toJson();
    assertThat(json.length).isLessThanOrEqualTo(FirehoseTransformer.LAMBDA_RESPONSE_LIMIT)
        .isGreaterThan(FirehoseTransformer.LAMBDA_RESPONSE_LIMIT - 20_000);
    assertThat(response.records()).extracting(FirehoseResponse.Record::recordId)
        .containsExactlyElementsOf(event.records().stream().map(FirehoseEvent.Record::recordId).toList());
    long ok = response.count(Status.OK);
    assertThat(ok).isBetween(300L, 400L);
    assertThat(response.count(Status.PROCESSING_FAILED)).isEqualTo(1_000 - ok);
    assertThat(response.records().get(999).reason()).isEqualTo(FirehoseTransformer.OVER_LIMIT_REASON);
    assertThat(response.records().get(999).data()).isEmpty();
  }

  @Test
  void handle_outputOverLimitWithReingester_dropsAndReingestsTheRest() {
    FirehoseEvent event = bigEvent(100, 1_000);
    List<FirehoseEvent.Record> reingested = new ArrayList<>();
    FirehoseResponse response = new FirehoseTransformer(BLOW_UP, 200_000, reingested::addAll).handle(event);

    assertThat(response.toJson().length).isLessThanOrEqualTo(200_000);
    assertThat(response.count(Status.OK) + reingested.size()).isEqualTo(100);
    assertThat(response.count(Status.DROPPED)).isEqualTo(reingested.size()).isPositive();
    assertThat(reingested.get(0).decodedData()).hasSize(1_000);
  }

  @Test
  void handle_evenMinimalAnswersOverLimit_throws() {
    assertThatThrownBy(() -> new FirehoseTransformer(BLOW_UP, 1_000, null).handle(bigEvent(100, 1)))
        .isInstanceOf(StreamException.class)
        .hasMessageContaining("BufferSizeInMBs");
  }
}
