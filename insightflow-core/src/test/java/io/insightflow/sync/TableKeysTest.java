package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.layout.RunManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule for a table's key: configuration, else the newest declaration in lake order, else none. [#21] */
class TableKeysTest {

  static final Instant T1 = Instant.parse("2024-05-07T09:30:00Z");
  static final Instant T2 = Instant.parse("2024-05-08T09:30:00Z");
  static final List<RunManifest.Column> COLUMNS = TestLake.columns("order_id bigint", "product_id bigint", "n int");
  static final String M1 = "data/batch/op/year=2024/month=05/day=07/hhmm=0930/_manifest.json";
  static final String M2 = "data/batch/op/year=2024/month=05/day=08/hhmm=0930/_manifest.json";

  static LakeKeys lake(Object... declarations) {
    LakeKeys lake = new LakeKeys();
    for (int i = 0; i < declarations.length; i += 3) {
      @SuppressWarnings("unchecked")
      List<String> keys = (List<String>) declarations[i + 2];
      lake.declare((String) declarations[i], (Instant) declarations[i + 1], keys, TableKeys.Origin.MANIFEST);
      lake.columns((Instant) declarations[i + 1], COLUMNS);
    }
    return lake;
  }

  @Test
  void resolve_manifestKey_isTheTablesKey() {
    TableKeys keys = TableKeys.resolve("op", ConfiguredKeys.none(), lake(M1, T1, List.of("order_id", "product_id")));

    assertThat(keys).isEqualTo(new TableKeys("op", List.of("order_id", "product_id"), TableKeys.Origin.MANIFEST, M1,
        List.of()));
    assertThat(keys.describe()).isEqualTo("(order_id, product_id) from manifest " + M1);
  }

  @Test
  void resolve_nothingDeclared_isNone() {
    assertThat(TableKeys.resolve("op", ConfiguredKeys.none(), new LakeKeys())).isEqualTo(TableKeys.none("op"));
    assertThat(TableKeys.none("op").describe()).isEqualTo("none");
  }

  @Test
  void resolve_runsDisagree_newestWinsAndTheOlderKeyIsNoted() {
    // Declared newest first: lake order, not scan order, decides.
    TableKeys keys = TableKeys.resolve("op", ConfiguredKeys.none(),
        lake(M2, T2, List.of("order_id", "product_id"), M1, T1, List.of("order_id")));

    assertThat(keys.columns()).containsExactly("order_id", "product_id");
    assertThat(keys.from()).isEqualTo(M2);
    assertThat(keys.notes()).singleElement().asString()
        .contains("1 older run records the key (order_id) (newest: " + M1 + ")")
        .contains("the newest run's (order_id, product_id) applies")
        .contains("insightflow.sync.keys.op");
  }

  @Test
  void resolve_newestRunHasNoKey_isNoneWithTheOlderKeyNoted() {
    TableKeys keys = TableKeys.resolve("op", ConfiguredKeys.none(), lake(M1, T1, List.of("order_id"), M2, T2, List.of()));

    assertThat(keys.present()).isFalse();
    assertThat(keys.origin()).isEqualTo(TableKeys.Origin.NONE);
    assertThat(keys.notes()).singleElement().asString().contains("the newest run's none applies");
  }

  @Test
  void resolve_configuration_overridesTheLakeAndSaysSo() {
    ConfiguredKeys configured = ConfiguredKeys.fromProperties(Map.of("insightflow.sync.keys.op", "product_id,order_id"));

    TableKeys keys = TableKeys.resolve("op", configured, lake(M1, T1, List.of("order_id", "product_id")));

    assertThat(keys.columns()).containsExactly("product_id", "order_id");
    assertThat(keys.origin()).isEqualTo(TableKeys.Origin.CONFIG);
    assertThat(keys.from()).isEqualTo("insightflow.sync.keys.op");
    assertThat(keys.notes()).containsExactly(
        "insightflow.sync.keys.op overrides the key (order_id, product_id) of " + M1);
  }

  @Test
  void resolve_configuredColumnTheSchemaLacks_isNoted() {
    ConfiguredKeys configured = ConfiguredKeys.fromProperties(Map.of("insightflow.sync.keys.op", "user_id"));

    TableKeys keys = TableKeys.resolve("op", configured, lake(M1, T1, List.of()));

    assertThat(keys.columns()).containsExactly("user_id");
    assertThat(keys.notes()).anySatisfy(n -> assertThat(n).isEqualTo("insightflow.sync.keys.op: key column 'user_id'"
        + " is no column of the table (columns: order_id, product_id, n)"));
  }

  @Test
  void ofSource_configurationOverridesTheSourcesKey() {
    ConfiguredKeys configured = ConfiguredKeys.fromProperties(Map.of("insightflow.sync.keys.items", "name"));

    assertThat(TableKeys.ofSource("items", ConfiguredKeys.none(), "duckdb", List.of("id")))
        .extracting(TableKeys::columns, TableKeys::origin, TableKeys::from)
        .containsExactly(List.of("id"), TableKeys.Origin.SOURCE, "duckdb");
    assertThat(TableKeys.ofSource("items", configured, "duckdb", List.of("id")).columns()).containsExactly("name");
  }
}
