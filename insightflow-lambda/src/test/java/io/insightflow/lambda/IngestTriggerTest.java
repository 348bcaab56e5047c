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

class IngestTriggerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static IngestTrigger parse(String json) {
    return IngestTrigger.parse(json.getBytes(StandardCharsets.UTF_8), JSON);
  }

  @Test
  void parse_directAndScheduled_giveTablesAndTime() {
    assertThat(parse("{\"tables\":[\"orders\"],\"time\":\"2024-05-07T09:30:00Z\"}"))
        .isEqualTo(new IngestTrigger(false, Instant.parse("2024-05-07T09:30:00Z"), List.of("orders")));
    assertThat(parse("{\"detail-type\":\"Scheduled Event\",\"time\":\"0001-01-01T00:00:00Z\"}"))
        .isEqualTo(new IngestTrigger(true, Instant.parse("0001-01-01T00:00:00Z"), null));
    assertThat(parse("{\"time\":\"9999-12-31T23:59:59Z\"}").time()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }

  // [#19] A run at year 10000 was written as year=10000/… and reported complete; sync never saw it.
  @ParameterizedTest
  @ValueSource(strings = {"-0001-05-07T09:30:00Z", "0000-05-07T09:30:00Z", "+10000-05-07T09:30:00Z",
      "+99999-05-07T09:30:00Z"})
  void parse_timeOutsideThePartitionTimes_isInvalid(String time) {
    assertThatThrownBy(() -> parse("{\"tables\":[\"orders\"],\"time\":\"" + time + "\"}"))
        .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("'time' is ")
        .hasMessageContaining("outside the partition times 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
    assertThatThrownBy(() -> parse("{\"detail-type\":\"Scheduled Event\",\"time\":\"" + time + "\"}"))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("outside the partition times");
  }

  @Test
  void parse_emptyTables_isInvalidNotTheConfiguredTables() {
    assertThatThrownBy(() -> parse("{\"tables\":[]}")).isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("'tables' names no table");
  }

  @Test
  void parse_unknownFieldWithALineBreak_isNamedEscaped() {
    assertThatThrownBy(() -> parse("{\"tabels\\n[ERROR] forged\":[\"orders\"]}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("Unknown field 'tabels\\n[ERROR] forged' in the event");
  }
}
