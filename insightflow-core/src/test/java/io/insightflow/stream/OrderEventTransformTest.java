package io.insightflow.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.stream.TransformResult.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderEventTransformTest {

  private final OrderEventTransform transform = new OrderEventTransform();

  private TransformResult apply(String json) {
    return transform.transform(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void transform_validEvent_writesOneCsvLineInColumnOrder() {
    TransformResult r = apply("{\"order_id\":2539329,\"user_id\":1,\"eval_set\":\"prior\",\"order_number\":1,"
        + "\"order_dow\":2,\"order_hour_of_day\":8,\"days_since_prior_order\":null,"
        + "\"event_time\":\"2024-05-07T09:30:00Z\",\"product_ids\":[196,14084]}");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(new String(r.data(), StandardCharsets.UTF_8))
        .isEqualTo("2539329,1,prior,1,2,8,,2024-05-07T09:30:00Z,\"[196,14084]\"\n");
  }

  @Test
  void transform_looselyTypedEvent_normalises() {
    TransformResult r = apply("{\"order_id\":\" 7 \",\"user_id\":3.0,\"eval_set\":\"  TRAIN \",\"order_number\":\"4\","
        + "\"order_dow\":6,\"order_hour_of_day\":23,\"days_since_prior_order\":\"30.0\","
        + "\"event_time\":\"2024-05-07T11:30:00+02:00\",\"extra\":true}");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(new String(r.data(), StandardCharsets.UTF_8))
        .isEqualTo("7,3,train,4,6,23,30,2024-05-07T09:30:00Z,\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{not json|not valid JSON",
      "[1,2]|payload is not a JSON object",
      "{\"user_id\":1}|order_id: required",
      "{\"order_id\":true}|order_id: expected an integer, got boolean",
      "{\"order_id\":\"abc\"}|order_id: expected an integer, got a non-numeric string",
      "{\"order_id\":1.5}|order_id: expected an integer",
      "{\"order_id\":0}|order_id: 0 is out of range",
      "{\"order_id\":1,\"user_id\":1,\"eval_set\":\"dev\"}|eval_set: expected prior, train or test",
      "{\"order_id\":1,\"user_id\":1,\"eval_set\":\"prior\",\"order_number\":1,\"order_dow\":7}|order_dow: 7 is out of range [0, 6]",
      "{\"order_id\":1,\"user_id\":1,\"eval_set\":\"prior\",\"order_number\":1,\"order_dow\":1,\"order_hour_of_day\":24}|order_hour_of_day: 24 is out of range",
      "{\"order_id\":1,\"user_id\":1,\"eval_set\":\"prior\",\"order_number\":1,\"order_dow\":1,\"order_hour_of_day\":2,\"event_time\":\"yesterday\"}|event_time: not an ISO-8601",
      "{\"order_id\":1,\"user_id\":1,\"eval_set\":\"prior\",\"order_number\":1,\"order_dow\":1,\"order_hour_of_day\":2,\"event_time\":\"2024-01-01T00:00:00Z\",\"product_ids\":[1,\"x\"]}|product_ids[1]: expected a positive integer"})
  void transform_malformedEvent_failsWithReasonNamingField(String json, String reason) {
    TransformResult r = apply(json);
    assertThat(r.status()).isEqualTo(Status.PROCESSING_FAILED);
    assertThat(r.reason()).startsWith(reason);
    assertThat(r.data()).isEmpty();
  }

  @Test
  void transform_blankPayload_isDropped() {
    assertThat(apply(" \n\t").status()).isEqualTo(Status.DROPPED);
    assertThat(transform.transform(new byte[0]).status()).isEqualTo(Status.DROPPED);
  }

  @Test
  void transform_generatedEvents_allOk() {
    OrderEventGenerator gen = new OrderEventGenerator(5, Instant.parse("2024-01-01T00:00:00Z"));
    for (int i = 0; i < 2_000; i++) {
      assertThat(transform.transform(gen.event(i).toJson()).status()).isEqualTo(Status.OK);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"2024-05-07T09:30:00Z", "2024-05-07T09:30:00.120Z",
      "2024-05-07T09:30:00.000Z", "2024-05-07T09:30:00.123456Z", "2024-05-07T09:30:00.123000Z",
      "2024-05-07T09:30:00.123456789Z", "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
      "2024-05-07T24:00:00Z", "2024-05-07T09:30:00.1Z", "2024-05-07T09:30:00+02:00", "2024-05-07 09:30:00Z",
      "0999-01-01T00:00:00Z", "2024-05-07T09:30Z"})
  void isCanonicalUtc_agreesWithJavaTime(String text) {
    boolean canonical;
    try {
      canonical = java.time.Instant.parse(text).toString().equals(text);
    } catch (java.time.DateTimeException e) {
      canonical = false;
    }
    assertThat(OrderEventTransform.isCanonicalUtc(text)).as(text).isEqualTo(canonical);
  }
}
