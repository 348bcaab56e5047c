package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.stream.StreamException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FirehoseTransformHandlerTest {

  private final FirehoseTransformHandler handler = new FirehoseTransformHandler();

  private JsonNode invoke(byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext(Duration.ofMinutes(1)));
    return new ObjectMapper().readTree(out.toByteArray());
  }

  @Test
  void handleRequest_firehoseEvent_answersEveryRecordInOrder() throws Exception {
    KinesisFirehoseEvent typed = EventLoader.loadKinesisFirehoseEvent("events/firehose.json");
    JsonNode response = invoke(LambdaProcess.resource("events/firehose.json"));

    JsonNode records = response.get("records");
    assertThat(records).hasSize(typed.getRecords().size());
    for (int i = 0; i < records.size(); i++) {
      assertThat(records.get(i).get("recordId").asText()).isEqualTo(typed.getRecords().get(i).getRecordId());
    }
    assertThat(records.findValuesAsText("result")).containsExactly("Ok", "ProcessingFailed", "Dropped", "Ok");
    String line = new String(Base64.getDecoder().decode(records.get(0).get("data").asText()), StandardCharsets.UTF_8);
    assertThat(line).isEqualTo("1,101,prior,3,2,9,7,2024-05-07T07:30:01Z,\"[196,14084,12427]\"\n");
    // A failed record keeps its original data, so Firehose's error prefix gets what was sent.
    assertThat(records.get(1).get("data").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(bytes(typed.getRecords().get(1).getData())));
  }

  @Test
  void handleRequest_recordNotBase64_isProcessingFailed() throws Exception {
    JsonNode records = invoke(LambdaProcess.resource("events/firehose-bad-base64.json")).get("records");

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.get("result").asText()).isEqualTo("ProcessingFailed");
      // Not echoed: it is no base64, so the response would be invalid; Firehose keeps the original.
      assertThat(r.get("data").asText()).isEmpty();
    });
  }

  @Test
  void handleRequest_notAFirehoseEvent_failsClearly() {
    assertThatThrownBy(() -> invoke("{\"records\": \"nope\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(StreamException.class).hasMessageContaining("Not a Firehose transformation event");
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }
}
