package io.insightflow.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionTemplateTest {

  private final PartitionTemplate batch = PartitionTemplate.batch();

  @Test
  void render_atMidnightUtc_usesHhmm0000() {
    assertThat(batch.render("orders", Instant.parse("2024-05-07T00:00:00Z")))
        .isEqualTo("data/batch/orders/year=2024/month=05/day=07/hhmm=0000");
  }

  @ParameterizedTest
  @CsvSource({
      "2024-01-02T03:04:05Z,       data/batch/t/year=2024/month=01/day=02/hhmm=0304",
      "2024-12-31T23:59:59.999Z,   data/batch/t/year=2024/month=12/day=31/hhmm=2359",
      "0999-03-04T05:06:00Z,       data/batch/t/year=0999/month=03/day=04/hhmm=0506",
      // Rendering is in UTC whatever the offset the instant was written with.
      "2024-05-07T01:30:00+02:00,  data/batch/t/year=2024/month=05/day=06/hhmm=2330",
  })
  void render_anyTime_zeroPadsUtcFields(String time, String expected) {
    Instant instant = java.time.OffsetDateTime.parse(time).toInstant();

    assertThat(batch.render("t", instant)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-05-07T00:00:00Z", "2024-02-29T09:30:00Z", "1999-12-31T23:59:00Z",
      "2030-01-01T00:01:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:00Z"})
  void parse_renderedFolder_roundTrips(String time) {
    Instant instant = Instant.parse(time);
    String folder = batch.render("order_products__prior", instant);

    PartitionTemplate.Partition p = batch.parse(folder).orElseThrow();

    assertThat(p.table()).isEqualTo("order_products__prior");
    assertThat(p.time()).isEqualTo(instant);
    assertThat(p.folder()).isEqualTo(folder);
  }

  @Test
  void parse_secondsInTime_truncatesToMinute() {
    Instant instant = Instant.parse("2024-05-07T09:30:59Z");

    assertThat(batch.parse(batch.render("t", instant)).orElseThrow().time())
        .isEqualTo(instant.truncatedTo(ChronoUnit.MINUTES));
  }

  @Test
  void parse_objectKeyInsidePartition_returnsItsFolder() {
    PartitionTemplate.Partition p = batch
        .parse("data/batch/orders/year=2024/month=05/day=07/hhmm=0930/orders_part00001.csv")
        .orElseThrow();

    assertThat(p.table()).isEqualTo("orders");
    assertThat(p.time()).isEqualTo(Instant.parse("2024-05-07T09:30:00Z"));
    assertThat(p.folder()).isEqualTo("data/batch/orders/year=2024/month=05/day=07/hhmm=0930");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "data/batch/orders/year=2024/month=13/day=07/hhmm=0930",
      "data/batch/orders/year=2024/month=02/day=30/hhmm=0930",
      "data/batch/orders/year=2024/month=05/day=07/hhmm=2460",
      "data/batch/orders/year=2024/month=5/day=07/hhmm=0930",
      "data/batch/orders/year=2024/month=05/day=07/hhmm=09301",
      "data/batch/orders/year=2024/month=05/day=07",
      "data/stream/orders/year=2024/month=05/day=07/hhmm=0930",
      "other/data/batch/orders/year=2024/month=05/day=07/hhmm=0930",
      // [#19] no partition time: PostgreSQL would record year 0 as 1 BC
      "data/batch/orders/year=0000/month=01/day=01/hhmm=0000",
      "data/batch/orders/year=0000/month=12/day=31/hhmm=2359",
  })
  void parse_notAValidPartition_isEmpty(String key) {
    assertThat(batch.parse(key)).isEmpty();
  }

  @Test
  void parse_yearOnlyTemplate_fillsMissingFieldsWithMinimum() {
    PartitionTemplate yearly = PartitionTemplate.of("archive/{table}/{yyyy}");

    assertThat(yearly.parse("archive/t/2023/x.csv").orElseThrow().time())
        .isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "data/{yyyy}/{MM}                    | no {table}",
      "data/{table}                        | no time field",
      "data/{table}/{MM}/{yyyy}            | in the order",
      "data/{table}/{yyyy}/{yyyy}          | in the order",
      "data/{table}/{yyyy}/{week}          | Unknown placeholder {week}",
      "{yyyy}/{table}                      | {table} before the time fields",
      "/data/{table}/{yyyy}                | relative",
      "data/{table}/{yyyy}/                | relative",
  })
  void of_invalidTemplate_throwsConfigExceptionNamingKey(String template, String message) {
    assertThatThrownBy(() -> PartitionTemplate.of(template))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.ingest.template")
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InsightflowConfigException) e).key()).isEqualTo("insightflow.ingest.template"));
  }

  @ParameterizedTest
  @CsvSource({
      "'data/batch/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}', data/batch/orders/",
      "'{table}/{yyyy}',                                                  orders/",
      "'data/{table}-{yyyy}',                                             data/",
  })
  void tablePrefix_template_isFixedFolderOfTable(String template, String expected) {
    assertThat(PartitionTemplate.of(template).tablePrefix("orders")).isEqualTo(expected);
  }

  @Test
  void stream_default_rendersUnderDataStream() {
    assertThat(PartitionTemplate.stream().render("events", Instant.parse("2024-05-07T09:05:00Z")))
        .isEqualTo("data/stream/events/year=2024/month=05/day=07/hhmm=0905");
  }

  @Test
  void equals_sameText_isEqual() {
    assertThat(PartitionTemplate.of(PartitionTemplate.DEFAULT_BATCH)).isEqualTo(batch).hasSameHashCodeAs(batch);
    assertThat(batch.toString()).isEqualTo(PartitionTemplate.DEFAULT_BATCH);
  }

  // [#19] The partition times: four-digit years from year 1, checked where a time enters.

  @ParameterizedTest
  @ValueSource(strings = {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-05-07T09:30:00Z"})
  void parseTime_withinTheRange_isTheInstant(String text) {
    assertThat(PartitionTemplate.parseTime("insightflow.ingest.triggerTime", " " + text + " "))
        .isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0000-12-31T23:59:59Z", "0000-06-01T00:00:00Z", "-0001-01-01T00:00:00Z",
      "+10000-01-01T00:00:00Z", "+99999-05-07T09:30:00Z", "9999-12-31T23:59:59.000000001Z"})
  void parseTime_outsideTheRange_failsNamingTheKey(String text) {
    assertThatThrownBy(() -> PartitionTemplate.parseTime("insightflow.sync.start", text))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.sync.start: ")
        .hasMessageContaining("outside the partition times 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
  }

  @Test
  void parseTime_noInstant_failsNamingTheKeyEscaped() {
    assertThatThrownBy(() -> PartitionTemplate.parseTime("insightflow.ingest.triggerTime", "soon\nforged"))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessage("insightflow.ingest.triggerTime: 'soon\\nforged' is not an ISO-8601 instant; use the form"
            + " 2024-05-07T09:30:00Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z"})
  void render_yearWithoutFourDigits_fails(String time) {
    assertThatThrownBy(() -> batch.render("t", Instant.parse(time)))
        .isInstanceOf(io.insightflow.api.InsightflowException.class).hasMessageContaining("no four-digit year");
  }

  @Test
  void render_yearZero_rendersAsTheListingBoundBeforeYearOne() {
    // LakeScanner renders watermark minus margin as where a listing starts: that may fall into year 0.
    assertThat(batch.render("t", Instant.parse("0000-12-31T23:00:00Z")))
        .isEqualTo("data/batch/t/year=0000/month=12/day=31/hhmm=2300");
  }
}
