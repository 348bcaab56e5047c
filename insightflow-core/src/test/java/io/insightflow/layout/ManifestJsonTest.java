package io.insightflow.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ManifestJson} against databind, which wrote and read manifests before it: the same bytes out, the
 * same records in, over hand-picked and generated manifests; then what it refuses, and how it says so.
 */
class ManifestJsonTest {

  /** Databind as RunManifest was written with before ManifestJson: nulls left out, pretty-printed. */
  private static final ObjectMapper DATABIND = Json.MAPPER.copy()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private static final Instant TRIGGER = Instant.parse("2024-05-07T09:30:00Z");

  static Stream<RunManifest> manifests() {
    List<RunManifest> all = new ArrayList<>();
    List<RunManifest.Column> columns = List.of(new RunManifest.Column("order_id", "bigint", "BIGINT", false),
        new RunManifest.Column("Eval Set", "text", "VARCHAR", true, "EVAL_SET"));
    List<RunManifest.Part> parts = List.of(new RunManifest.Part("data/batch/o/p1.csv", 10, 123, "0a1b2c3d"),
        new RunManifest.Part("data/batch/o/p2.csv.gz", -1, Long.MAX_VALUE, null, "\"etag-1\""));
    all.add(new RunManifest(1, "run-1", "orders", TRIGGER, "csv", "duckdb", "SELECT * FROM orders",
        columns, parts, 10, Instant.parse("2024-05-07T09:31:02.123Z")));
    all.add(new RunManifest(2, "run-2", "orders", Instant.parse("2024-05-07T09:30:00.000000001Z"), null, null, null,
        List.of(), List.of(), 0, null, "gzip", List.of("order_id", "Eval Set"), "ORDERS", "snake_case"));
    all.add(new RunManifest(2, "r", "t", TRIGGER, "jsonl", "firehose", "q \"quoted\" \\ \n\t\u0001 é 日本 \uD83D\uDE00",
        columns, parts, Long.MIN_VALUE, null, null, List.of()));
    Random random = new Random(24);
    for (int i = 0; i < 200; i++) {
      all.add(generated(random));
    }
    return all.stream();
  }

  private static RunManifest generated(Random r) {
    List<RunManifest.Column> columns = new ArrayList<>();
    for (int c = r.nextInt(5); c > 0; c--) {
      columns.add(new RunManifest.Column(text(r), maybe(r, text(r)), maybe(r, text(r)), r.nextBoolean(),
          maybe(r, text(r))));
    }
    List<RunManifest.Part> parts = new ArrayList<>();
    for (int p = r.nextInt(5); p > 0; p--) {
      parts.add(new RunManifest.Part(maybe(r, text(r)), r.nextLong(), r.nextLong(), maybe(r, text(r)),
          maybe(r, text(r))));
    }
    List<String> keys = r.nextBoolean() ? null : columns.stream().map(RunManifest.Column::name).limit(2).toList();
    return new RunManifest(r.nextInt(), text(r), text(r), Instant.ofEpochSecond(r.nextInt(), r.nextInt(1_000_000_000)),
        maybe(r, text(r)), maybe(r, text(r)), maybe(r, text(r)), columns, parts, r.nextLong(),
        r.nextBoolean() ? null : Instant.ofEpochMilli(r.nextLong() >>> 22), maybe(r, text(r)), keys,
        maybe(r, text(r)), maybe(r, text(r)));
  }

  private static String text(Random r) {
    int[] codePoints = r.ints(r.nextInt(12), 0, 4).map(kind -> switch (kind) {
      case 0 -> 'a' + r.nextInt(26);
      case 1 -> r.nextInt(0x80); // controls, quotes and backslashes among them
      case 2 -> 0x80 + r.nextInt(0xD000);
      default -> 0x10000 + r.nextInt(0x1000);
    }).toArray();
    return new String(codePoints, 0, codePoints.length);
  }

  private static String maybe(Random r, String s) {
    return r.nextInt(4) == 0 ? null : s;
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void write_isWhatDatabindWrote(RunManifest m) throws IOException {
    assertThat(new String(ManifestJson.write(m), StandardCharsets.UTF_8))
        .isEqualTo(new String(DATABIND.writerWithDefaultPrettyPrinter().writeValueAsBytes(m), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void read_ofWhatEitherWrote_isWhatDatabindReads(RunManifest m) throws IOException {
    byte[] json = ManifestJson.write(m);
    byte[] compact = DATABIND.writeValueAsBytes(m);

    assertThat(ManifestJson.read(json)).isEqualTo(m).isEqualTo(DATABIND.readValue(json, RunManifest.class));
    assertThat(ManifestJson.read(compact)).isEqualTo(m);
  }

  @Test
  void read_skipsUnknownFieldsOfAnyShape() throws IOException {
    RunManifest m = manifests().findFirst().orElseThrow();
    String json = new String(ManifestJson.write(m), StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{ \"later\" : {\"x\": [1, {\"y\": null}]}, \"flag\": true,")
        .replaceFirst("\"nullable\"", "\"extra\": [[]], \"nullable\"")
        .replaceFirst("\"crc32c\"", "\"size\": 1.5e3, \"crc32c\"");

    assertThat(ManifestJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
  }

  static Stream<Arguments> refused() {
    String base = "{\"version\": 2, \"runId\": \"r\", \"table\": \"t\", \"triggerTime\": \"2024-05-07T09:30:00Z\","
        + " \"columns\": [{\"name\": \"a\", \"nullable\": true}], \"parts\": [{\"key\": \"k\", \"rows\": 1}]";
    return Stream.of(
        Arguments.of(base + ", \"rows\": \"10\"}", "\"rows\" must be an integer (line 1, column"),
        Arguments.of(base + ", \"rows\": 1.5}", "\"rows\" must be an integer"),
        Arguments.of(base + ", \"rows\": 99999999999999999999}", "\"rows\" is out of range"),
        Arguments.of(base.replace("\"version\": 2", "\"version\": 4294967296") + "}", "\"version\" is out of range"),
        Arguments.of(base.replace("\"table\": \"t\"", "\"table\": 7") + "}", "\"table\" must be a string"),
        Arguments.of(base.replace("\"nullable\": true", "\"nullable\": \"yes\"") + "}",
            "\"columns[].nullable\" must be true or false"),
        Arguments.of(base.replace("\"rows\": 1", "\"rows\": null") + "}", "\"parts[].rows\" must be an integer"),
        Arguments.of(base.replace("[{\"key\"", "[null, {\"key\"") + "}", "\"parts[]\" must be an object"),
        Arguments.of(base.replace("2024-05-07T09:30:00Z", "yesterday") + "}", "\"triggerTime\" must be an ISO-8601"),
        Arguments.of(base + ", \"keys\": \"a\"}", "\"keys\" must be an array"),
        Arguments.of(base + ", \"keys\": [1]}", "\"keys[]\" must be a string"),
        Arguments.of(base.replace("\"runId\": \"r\", ", "") + "}", "\"runId\" is missing or null"),
        Arguments.of(base.replace("\"columns\": [{\"name\": \"a\", \"nullable\": true}]", "\"columns\": null") + "}",
            "\"columns\" must be an array"),
        Arguments.of(base + ", \"table\": \"u\"}", "a field appears twice in one object (line 1, column"),
        Arguments.of(base + "} {}", "text follows the manifest's object"),
        Arguments.of(base + "} garbage", "not well-formed JSON"),
        Arguments.of("[" + base + "}]", "the manifest must be an object"),
        Arguments.of(base, "not well-formed JSON"),
        Arguments.of("", "the manifest must be an object"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void read_refusesWhatIsNotAManifest_namingTheFieldAndWhere(String json, String message) {
    assertThatThrownBy(() -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(message);
  }

  @Test
  void read_malformedText_isNotQuotedInTheMessage() {
    String json = "{\"runId\": tOkEn_from_the_lake, \"table\": \"t\"}";

    assertThatThrownBy(() -> ManifestJson.read(json.getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not well-formed JSON (line 1, column 11)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tOkEn"));
    byte[] duplicate = "{\"sEcReT_field\": 1, \"sEcReT_field\": 2}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ManifestJson.read(duplicate))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sEcReT"));
  }

  @Test
  void read_deepNesting_failsOnJacksonsLimit() {
    char[] open = new char[5000];
    Arrays.fill(open, '[');
    byte[] json = ("{\"later\": " + new String(open)).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ManifestJson.read(json)).isInstanceOf(IOException.class)
        .hasMessageContaining("nesting depth");
  }
}
