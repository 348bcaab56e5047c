package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.LakeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code _schema.json} declares an external table's key with "keys"; hostile keys refuse the schema. [#21] */
class ExternalSchemaKeysTest {

  static final String KEY = "data/batch/events/_schema.json";

  static ExternalSchema parse(String json) {
    return ExternalSchema.parse(KEY, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_keys_areKeptInOrder() {
    ExternalSchema schema = parse("{\"columns\": [{\"name\": \"id\", \"type\": \"bigint\"}, {\"name\": \"seq\","
        + " \"type\": \"integer\"}], \"keys\": [\"seq\", \"id\"]}");

    assertThat(schema.keys()).containsExactly("seq", "id");
  }

  @Test
  void parse_noKeysField_saysNothingAndEmptySaysNone() {
    assertThat(parse("{\"columns\": [{\"name\": \"id\"}]}").keys()).isNull();
    assertThat(parse("{\"columns\": [{\"name\": \"id\"}], \"keys\": []}").keys()).isEmpty();
  }

  @Test
  void parse_keysWithoutColumns_areCheckedByNameOnly() {
    assertThat(parse("{\"keys\": [\"id\"]}").keys()).containsExactly("id");
    assertThatThrownBy(() -> parse("{\"keys\": [\"id\", \"id\"]}"))
        .isInstanceOf(LakeException.class).hasMessageContaining("key column 'id' is named twice");
  }

  @Test
  void parse_hostileKeys_areRefusedNamingTheObject() {
    assertThatThrownBy(() -> parse("{\"columns\": [{\"name\": \"id\"}], \"keys\": [\"user_id\"]}"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining("key column 'user_id' is no column of the table (columns: id)");
    assertThatThrownBy(() -> parse("{\"columns\": [{\"name\": \"id\"}], \"keys\": [\"id\\\"); drop table t; --\"]}"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining("is no column of the table");
    assertThatThrownBy(() -> parse("{\"columns\": [{\"name\": \"id\"}], \"keys\": [null]}"))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("key column null is not a valid identifier");
  }
}
