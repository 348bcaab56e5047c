package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncTriggerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SyncTrigger parse(String json) {
    return SyncTrigger.parse(json.getBytes(StandardCharsets.UTF_8), JSON);
  }

  @Test
  void parse_s3Notification_decodesKeysAsS3EncodesThem() throws Exception {
    SyncTrigger trigger = SyncTrigger.parse(LambdaProcess.resource("events/s3-manifest-created.json"), JSON);

    assertThat(trigger).isEqualTo(new SyncTrigger.NewObjects(List.of(new SyncTrigger.S3Object("insightflow-raw",
        "lake/data/batch/orders/year=2024/month=05/day=07/hhmm=0930/_manifest.json"))));
    assertThat(parse("{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{"
        + "\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"a+b%2Bc/_manifest.json\"}}}]}"))
        .isEqualTo(new SyncTrigger.NewObjects(List.of(new SyncTrigger.S3Object("b", "a b+c/_manifest.json"))));
  }

  @Test
  void parse_removalsOnly_isNothing() {
    assertThat(parse("{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectRemoved:Delete\"}]}"))
        .isInstanceOf(SyncTrigger.Nothing.class);
  }

  @Test
  void parse_eventBridgeObjectCreated_keyIsNotEncoded() {
    assertThat(parse("{\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"detail\":{\"bucket\":{\"name\":"
        + "\"b\"},\"object\":{\"key\":\"a+b/_manifest.json\"}}}"))
        .isEqualTo(new SyncTrigger.NewObjects(List.of(new SyncTrigger.S3Object("b", "a+b/_manifest.json"))));
  }

  @Test
  void parse_verifyMode_isVerifyAndTakesNoOtherField() throws Exception {
    assertThat(parse("{\"mode\":\"verify\"}")).isEqualTo(new SyncTrigger.Verify());
    assertThat(new SyncTrigger.Verify().name()).isEqualTo("verify");
    assertThatThrownBy(() -> parse("{\"mode\":\"verify\",\"tables\":[\"a\"]}"))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("takes no other field");
  }

  @Test
  void parse_scheduleAndTask() throws Exception {
    assertThat(SyncTrigger.parse(LambdaProcess.resource("events/scheduled.json"), JSON))
        .isEqualTo(new SyncTrigger.Schedule(Instant.parse("2024-05-08T10:00:00Z")));
    assertThat(parse("{\"mode\":\"window\",\"start\":\"2024-05-07T00:00:00Z\",\"end\":\"2024-05-08T00:00:00Z\","
        + "\"tables\":\"a, b\"}")).isEqualTo(new SyncTrigger.Task("window", Instant.parse("2024-05-07T00:00:00Z"),
        Instant.parse("2024-05-08T00:00:00Z"), List.of("a", "b")));
    assertThat(parse("{}")).isEqualTo(new SyncTrigger.Task(null, null, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"sync\"", "{\"mode\":1}", "{\"start\":\"yesterday\"}", "{\"tables\":{}}",
      "{\"detail-type\":\"EC2 Instance State-change Notification\"}", "{\"Records\":{}}"})
  void parse_otherShapes_areInvalidEvents(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidEventException.class);
  }

  // [#19] Events that would be misread silently are invalid, naming what is wrong.

  @ParameterizedTest
  @ValueSource(strings = {"{\"tables\":[]}", "{\"tables\":\"\"}", "{\"tables\":\" , \"}",
      "{\"mode\":\"full\",\"tables\":[]}"})
  void parse_taskNamingNoTable_isInvalidNotEveryTable(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("'tables' names no table");
  }

  @Test
  void parse_s3KeyWithBadPercentEncoding_isInvalidNamingTheKeyEscaped() {
    String event = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{"
        + "\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"lake/data/%ZZ\\n[ERROR] forged/_manifest.json\"}}}]}";

    assertThatThrownBy(() -> parse(event)).isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("Records[0] has the key 'lake/data/%ZZ\\n[ERROR] forged/_manifest.json', which is not"
            + " URL-encoded as S3 encodes keys")
        .message().doesNotContain("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0000-12-31T00:00:00Z", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
  void parse_windowOutsideThePartitionTimes_isInvalid(String time) {
    assertThatThrownBy(() -> parse("{\"mode\":\"window\",\"start\":\"" + time + "\",\"end\":\"" + time + "\"}"))
        .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("'start' is ")
        .hasMessageContaining("outside the partition times 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
  }
}
