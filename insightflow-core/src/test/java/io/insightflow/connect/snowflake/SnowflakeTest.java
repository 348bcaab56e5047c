package io.insightflow.connect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.spi.SourceConfig;
import java.util.Map;
import io.insightflow.spi.TableName;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SnowflakeTest {

  static final String URL = "jdbc:snowflake://acct.snowflakecomputing.com/?db=RAW&warehouse=WH";

  @Test
  void sql_unloadToStage_rendersCopyIntoWithHeaderAndFileSize() {
    String sql = SnowflakeUnload.sql("raw.public.lake_stage",
        "data/batch/orders/year=2024/month=05/day=07/hhmm=0930", "orders", "SELECT * FROM orders", 100_000_000);

    assertThat(sql).isEqualTo("COPY INTO @raw.public.lake_stage/data/batch/orders/year=2024/month=05/day=07/hhmm=0930/orders_part"
        + " FROM (SELECT * FROM orders)"
        + " FILE_FORMAT = (TYPE = CSV COMPRESSION = NONE FIELD_DELIMITER = ','"
        + " FIELD_OPTIONALLY_ENCLOSED_BY = '\"' NULL_IF = ('') EMPTY_FIELD_AS_NULL = FALSE)"
        + " HEADER = TRUE MAX_FILE_SIZE = 100000000 OVERWRITE = TRUE");
  }

  @Test
  void sql_hostileStageOrPath_isRejected() {
    assertThatThrownBy(() -> SnowflakeUnload.sql("s; drop", "p", "t", "q", 1)).isInstanceOf(io.insightflow.api.InsightflowConfigException.class);
    assertThatThrownBy(() -> SnowflakeUnload.sql("s", "a/../b", "t", "q", 1)).isInstanceOf(io.insightflow.api.InsightflowConfigException.class);
    assertThatThrownBy(() -> SnowflakeUnload.sql("s", "p' x", "t", "q", 1)).isInstanceOf(io.insightflow.api.InsightflowConfigException.class);
    assertThatThrownBy(() -> SnowflakeUnload.sql("s", "p", "t", "q", 6_000_000_000L)).isInstanceOf(io.insightflow.api.InsightflowConfigException.class);
  }

  @Test
  void connectionProperties_password_boundsPrefetchAndUsesJsonResults() {
    Properties props = new SnowflakeDialect().connectionProperties(
        SourceConfig.of(URL).withCredentials("loader", () -> "pw"));

    assertThat(props).containsEntry("user", "loader").containsEntry("password", "pw")
        .containsEntry("CLIENT_PREFETCH_THREADS", "2").containsEntry("CLIENT_RESULT_CHUNK_SIZE", "16")
        .containsEntry("CLIENT_MEMORY_LIMIT", "256").containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON")
        .doesNotContainKey("authenticator");
  }

  @Test
  void connectionProperties_keyPair_usesJwtAndKeyPassphrase() {
    Properties props = new SnowflakeDialect().connectionProperties(new SourceConfig(URL, "loader",
        () -> "passphrase", Map.of("insightflow.source.privateKeyFile", "/keys/rsa_key.p8")));

    assertThat(props).containsEntry("authenticator", "SNOWFLAKE_JWT")
        .containsEntry("private_key_file", "/keys/rsa_key.p8")
        .containsEntry("private_key_file_pwd", "passphrase")
        .doesNotContainKey("password");
  }

  @Test
  void qualified_validatedName_staysUnquotedSoSnowflakeFoldsCase() {
    assertThat(new SnowflakeDialect().qualified(TableName.parse("raw.orders"))).isEqualTo("raw.orders");
  }
}
