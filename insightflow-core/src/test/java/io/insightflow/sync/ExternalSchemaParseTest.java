package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.LakeException;
import io.insightflow.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code _schema.json} read with jackson-core's streaming API ({@code StrictJson}) instead of databind:
 * every well-typed schema reads as databind read it, and what databind coerced, took the last of or
 * quoted in its message is refused naming the field, line and column. [#24]
 */
class ExternalSchemaParseTest {

  private static final String KEY = "data/external/events/_schema.json";

  static ExternalSchema parse(String json) {
    return ExternalSchema.parse(KEY, json.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<String> schemas() {
    return Stream.of(
        "{}",
        "{\"format\": \"jsonl\", \"partitioned\": true}",
        "{\"table\": \"order_events\", \"format\": \"CSV\", \"header\": false, \"compression\": \"gzip\","
            + " \"partitioned\": false, \"columns\": [{\"name\": \"order_id\", \"type\": \"bigint\"},"
            + " {\"name\": \"event_time\", \"type\": \"timestamp with time zone\"}], \"keys\": [\"order_id\"]}",
        "{\"columns\": [{\"name\": \"Eval Set\"}, {\"type\": \"text\", \"name\": \"é \\\"q\\\" \\\\ \\u0001\"}],"
            + " \"keys\": []}",
        "{\"table\": null, \"format\": null, \"header\": null, \"compression\": null, \"columns\": null,"
            + " \"partitioned\": null, \"keys\": null}",
        "{\"header\": true, \"later\": {\"x\": [1, {\"y\": null}]}, \"columns\": [{\"name\": \"a\", \"extra\": [[]],"
            + " \"type\": \"integer\", \"width\": 1.5e3}], \"flag\": true}");
  }

  @ParameterizedTest
  @MethodSource("schemas")
  void parse_readsWhatDatabindRead(String json) throws IOException {
    assertThat(parse(json)).isEqualTo(Json.MAPPER.readValue(json, ExternalSchema.class));
  }

  @Test
  void parse_keepsTheFieldsValues() {
    ExternalSchema schema = parse("{\"table\": \"t\", \"format\": \"jsonl\", \"header\": false, \"compression\": \"gzip\","
        + " \"partitioned\": true, \"columns\": [{\"name\": \"id\", \"type\": \"bigint\"}, {\"name\": \"note\"}],"
        + " \"keys\": [\"id\"]}");

    assertThat(schema).isEqualTo(new ExternalSchema("t", "jsonl", false, "gzip",
        List.of(new ExternalSchema.SchemaColumn("id", "bigint"), new ExternalSchema.SchemaColumn("note", null)),
        true, List.of("id")));
    assertThat(schema.objectFormat()).isEqualTo(new ObjectFormat("jsonl", false, "gzip"));
    assertThat(schema.manifestColumns()).extracting(c -> c.name() + " " + c.type())
        .containsExactly("id bigint", "note text");
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("{\"header\": \"false\"}", "\"header\" must be true or false (line 1, column 12)"),
        Arguments.of("{\"partitioned\": 1}", "\"partitioned\" must be true or false"),
        Arguments.of("{\"format\": 1}", "\"format\" must be a string"),
        Arguments.of("{\"columns\": \"a\"}", "\"columns\" must be an array"),
        Arguments.of("{\"columns\": [\"a\"]}", "\"columns[]\" must be an object"),
        Arguments.of("{\"columns\": [null]}", "\"columns[]\" must be an object"),
        Arguments.of("{\"columns\": [{\"name\": 1}]}", "\"columns[].name\" must be a string"),
        Arguments.of("{\"columns\": [{\"name\": \"a\", \"type\": [\"int\"]}]}", "\"columns[].type\" must be a string"),
        Arguments.of("{\"keys\": \"id\"}", "\"keys\" must be an array"),
        Arguments.of("{\"keys\": [{}]}", "\"keys[]\" must be a string"),
        Arguments.of("{\"format\": \"csv\",\n \"format\": \"jsonl\"}", "a field appears twice in one object (line 2, column"),
        Arguments.of("{\"format\": \"csv\"} {}", "text follows the schema's object"),
        Arguments.of("[{\"format\": \"csv\"}]", "the schema must be an object (line 1, column 1)"),
        Arguments.of("{\"format\": \"csv\"", "not well-formed JSON"),
        Arguments.of("", "the schema must be an object"),
        Arguments.of("{\"format\": \"parquet\"}", "format must be csv or jsonl"),
        Arguments.of("{\"compression\": \"zstd\"}", "compression must be none, gzip or auto"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void parse_refusesWhatIsNotASchema_namingTheObjectTheFieldAndWhere(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("Not a valid table schema (" + message)
        .hasMessageContaining("[object " + KEY + "]");
  }

  @Test
  void parse_neverQuotesTheTextItMet() {
    for (String json : List.of("{\"format\": tOkEn_DROP_TABLE}", "{\"header\": \"tOkEn_DROP_TABLE\"}",
        "{\"tOkEn_DROP_TABLE\": 1, \"tOkEn_DROP_TABLE\": 2}", "{\"format\": \"tOkEn_DROP_TABLE\"}",
        "{\"compression\": \"tOkEn_DROP_TABLE\"}", "{} tOkEn_DROP_TABLE")) {
      assertThatThrownBy(() -> parse(json)).isInstanceOf(LakeException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase("tOkEn"));
    }
  }
}
