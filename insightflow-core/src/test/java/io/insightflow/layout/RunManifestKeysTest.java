package io.insightflow.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.LakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Manifest version 2 records the table's key; version 1 still loads; keys from the lake are checked. [#21] */
class RunManifestKeysTest {

  private static final String KEY = "data/batch/order_products/year=2024/month=05/day=07/hhmm=0930/_manifest.json";

  private static RunManifest manifest(int version, List<String> keys) {
    return new RunManifest(version, "run-1", "order_products", Instant.parse("2024-05-07T09:30:00Z"), "csv",
        "duckdb", "SELECT * FROM order_products",
        List.of(new RunManifest.Column("order_id", "bigint", "BIGINT", false),
            new RunManifest.Column("product_id", "bigint", "BIGINT", false),
            new RunManifest.Column("reordered", "integer", "INTEGER", true)),
        List.of(new RunManifest.Part("data/batch/order_products/year=2024/month=05/day=07/hhmm=0930/p.csv",
            10, 123, "0a1b2c3d")),
        10, Instant.parse("2024-05-07T09:31:02.123Z"), null, keys);
  }

  private static String json(RunManifest m) {
    return new String(m.toJson(), StandardCharsets.UTF_8);
  }

  @Test
  void toJson_version2Keys_roundTripInKeyOrder() {
    RunManifest m = manifest(2, List.of("product_id", "order_id"));

    RunManifest read = RunManifest.fromJson(KEY, m.toJson());

    assertThat(read.keys()).containsExactly("product_id", "order_id");
    assertThat(read.recordsKeys()).isTrue();
    assertThat(json(m)).contains("\"keys\" : [ \"product_id\", \"order_id\" ]");
  }

  @Test
  void toJson_noKey_isRecordedAsAnEmptyList() {
    RunManifest read = RunManifest.fromJson(KEY, manifest(2, List.of()).toJson());

    assertThat(json(manifest(2, List.of()))).contains("\"keys\" : [ ]");
    assertThat(read.keys()).isEmpty();
    assertThat(read.recordsKeys()).isTrue();
  }

  @Test
  void fromJson_version2WithoutTheField_recordsNothingAboutKeys() {
    RunManifest read = RunManifest.fromJson(KEY, manifest(2, null).toJson());

    assertThat(json(manifest(2, null))).doesNotContain("\"keys\"");
    assertThat(read.keys()).isNull();
    assertThat(read.recordsKeys()).isFalse();
  }

  @Test
  void fromJson_version1_loadsWithoutKeysEvenWhenItHasTheField() {
    String v1 = json(manifest(1, List.of("order_id")));

    RunManifest read = RunManifest.fromJson(KEY, v1.getBytes(StandardCharsets.UTF_8));

    assertThat(v1).contains("\"keys\"");
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.recordsKeys()).isFalse();
    assertThat(read.keys()).isNull();
    assertThat(read.parts()).hasSize(1);
  }

  @Test
  void currentVersion_isTwo() {
    assertThat(RunManifest.VERSION).isEqualTo(2);
  }

  static Stream<Arguments> hostileKeys() {
    return Stream.of(
        Arguments.of(Arrays.asList("order_id", "user_id"),
            "key column 'user_id' is no column of the table (columns: order_id, product_id, reordered)"),
        Arguments.of(Arrays.asList("order_id", "order_id"), "key column 'order_id' is named twice"),
        Arguments.of(Arrays.asList("order_id\"; drop table x; --"), "key column 'order_id\"; drop table x; --' is no column"),
        Arguments.of(Arrays.asList("a\n[INFO] forged"), "key column 'a\\n[INFO] forged' is not a valid identifier"),
        Arguments.of(Arrays.asList("order_id", null), "key column null is not a valid identifier"),
        Arguments.of(Arrays.asList(""), "key column '' is not a valid identifier"));
  }

  @ParameterizedTest
  @MethodSource("hostileKeys")
  void fromJson_hostileKeys_areRefusedNamingTheObject(List<String> keys, String expected) {
    byte[] hostile = manifest(2, keys).toJson();

    assertThatThrownBy(() -> RunManifest.fromJson(KEY, hostile))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((LakeException) e).objectKey()).isEqualTo(KEY))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void fromJson_keysNotAList_isRefusedNamingTheObject() {
    String hostile = json(manifest(2, List.of())).replaceFirst("\\{", "{ \"keys\" : {\"a\": 1},");

    assertThatThrownBy(() -> RunManifest.fromJson(KEY, hostile.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("Not a valid run manifest")
        .hasMessageContaining(KEY);
  }

  @Test
  void fromJson_tooManyKeyColumns_isRefused() {
    List<RunManifest.Column> columns = IntStream.range(0, 40)
        .mapToObj(i -> new RunManifest.Column("c" + i, "integer", null, false)).toList();
    RunManifest wide = new RunManifest(2, "r", "wide", Instant.EPOCH, "csv", "t", "q", columns, List.of(), 0,
        Instant.EPOCH, null, columns.stream().limit(33).map(RunManifest.Column::name).toList());

    assertThatThrownBy(() -> RunManifest.fromJson(KEY, wide.toJson()))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("a key has at most 32 columns, not 33");
    assertThat(RunManifest.fromJson(KEY, wide.withKeys(wide.keys().subList(0, 32)).toJson()).keys()).hasSize(32);
  }

  @Test
  void keyColumns_problem_acceptsAValidKeyAndUnknownColumns() {
    assertThat(KeyColumns.problem(List.of("order_id", "product_id"), manifest(2, List.of()).columns())).isEmpty();
    assertThat(KeyColumns.problem(List.of("anything"), null)).isEmpty();
    assertThat(KeyColumns.problem(Collections.nCopies(2, "a"), null)).contains("key column 'a' is named twice");
  }
}
