package io.insightflow.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.LakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunManifestTest {

  private static final String KEY = "data/batch/orders/year=2024/month=05/day=07/hhmm=0930/_manifest.json";

  private static RunManifest manifest(int version) {
    return new RunManifest(version, "run-1", "orders", Instant.parse("2024-05-07T09:30:00Z"), "csv",
        "duckdb", "SELECT * FROM orders",
        List.of(new RunManifest.Column("order_id", "bigint", "BIGINT", false),
            new RunManifest.Column("eval_set", "text", "VARCHAR", true)),
        List.of(new RunManifest.Part("data/batch/orders/year=2024/month=05/day=07/hhmm=0930/orders_part00001.csv",
            10, 123, "0a1b2c3d")),
        10, Instant.parse("2024-05-07T09:31:02.123Z"));
  }

  @Test
  void toJson_fromJson_roundTrips() {
    RunManifest original = manifest(RunManifest.VERSION);

    assertThat(RunManifest.fromJson(KEY, original.toJson())).isEqualTo(original);
  }

  @Test
  void toJson_instants_areIsoStrings() {
    assertThat(new String(manifest(1).toJson(), StandardCharsets.UTF_8))
        .contains("\"triggerTime\" : \"2024-05-07T09:30:00Z\"");
  }

  @Test
  void fromJson_unknownFields_areTolerated() {
    String json = new String(manifest(1).toJson(), StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{ \"addedInAFutureMinorVersion\" : {\"x\": [1, 2]},");

    assertThat(RunManifest.fromJson(KEY, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(manifest(1));
  }

  @Test
  void fromJson_newerVersion_isRejectedNamingKey() {
    byte[] json = manifest(RunManifest.VERSION + 1).toJson();

    assertThatThrownBy(() -> RunManifest.fromJson(KEY, json))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining("upgrade insightflow")
        .satisfies(e -> assertThat(((LakeException) e).objectKey()).isEqualTo(KEY));
  }

  @Test
  void fromJson_notJson_throwsLakeExceptionNamingKey() {
    assertThatThrownBy(() -> RunManifest.fromJson(KEY, "{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(KEY);
  }

  @Test
  void fromJson_missingRequiredField_throwsLakeException() {
    assertThatThrownBy(() -> RunManifest.fromJson(KEY, "{\"version\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(KEY);
  }

  @Test
  void keyIn_folder_appendsManifestName() {
    assertThat(RunManifest.keyIn("data/batch/t/year=2024")).isEqualTo("data/batch/t/year=2024/_manifest.json");
  }
}
