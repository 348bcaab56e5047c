package io.insightflow.internal.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.InsightflowException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnowflakeStageLoadTest {

  private static final String FORMAT = "FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1"
      + " FIELD_OPTIONALLY_ENCLOSED_BY = '\"' NULL_IF = ('') EMPTY_FIELD_AS_NULL = TRUE)"
      + " ON_ERROR = ABORT_STATEMENT";

  private final SnowflakeStageLoad load = SnowflakeStageLoad.builder().database("analytics")
      .schema("raw").stage("lake_stage").prefix("/instacart/2024-05-01/").build();

  @Test
  void putStatement_absoluteFile_usesFileUriAndPrefix() {
    assertThat(load.putStatement(Path.of("/data/gen/orders.csv"))).isEqualTo(
        "PUT 'file:///data/gen/orders.csv' @lake_stage/instacart/2024-05-01 AUTO_COMPRESS=TRUE OVERWRITE=TRUE");
  }

  @Test
  void copyStatement_table_isQualifiedQuotedUpperCaseFromCompressedFile() {
    assertThat(load.copyStatement("order_products__prior", Path.of("/data/gen/order_products__prior.csv")))
        .isEqualTo("COPY INTO \"ANALYTICS\".\"RAW\".\"ORDER_PRODUCTS__PRIOR\" FROM"
            + " @lake_stage/instacart/2024-05-01/order_products__prior.csv.gz " + FORMAT);
  }

  @Test
  void statements_noPrefix_qualifiedStage_alreadyGzipped() {
    SnowflakeStageLoad plain = SnowflakeStageLoad.builder().database("DB").schema("S")
        .stage("DB.S.STG").build();
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("aisles", Path.of("/d/aisles.csv"));
    files.put("orders", Path.of("/d/orders.csv.gz"));

    assertThat(plain.statements(files)).containsExactly(
        "PUT 'file:///d/aisles.csv' @DB.S.STG AUTO_COMPRESS=TRUE OVERWRITE=TRUE",
        "COPY INTO \"DB\".\"S\".\"AISLES\" FROM @DB.S.STG/aisles.csv.gz " + FORMAT,
        "PUT 'file:///d/orders.csv.gz' @DB.S.STG AUTO_COMPRESS=TRUE OVERWRITE=TRUE",
        "COPY INTO \"DB\".\"S\".\"ORDERS\" FROM @DB.S.STG/orders.csv.gz " + FORMAT);
  }

  @Test
  void putStatement_pathWithQuoteAndBackslash_isEscapedLiteral() {
    assertThat(load.putStatement(Path.of("/tmp/it's\\dir/orders.csv"))).startsWith(
        "PUT 'file:///tmp/it''s\\\\dir/orders.csv' @");
    assertThat(SnowflakeStageLoad.literal("a'b\\c")).isEqualTo("'a''b\\\\c'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x\"; drop table y; --", "1abc", "a b", "t;", ""})
  void copyStatement_hostileTableName_isRejected(String table) {
    assertThatThrownBy(() -> load.copyStatement(table, Path.of("/d/x.csv")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.tables")
        .hasMessageContaining("not a valid unquoted Snowflake identifier");
  }

  @Test
  void statements_hostileTableName_returnsNothing() {
    assertThatThrownBy(() -> load.statements(Map.of("x\"; drop table y; --", Path.of("/d/x.csv"))))
        .isInstanceOf(InsightflowConfigException.class);
  }

  @Test
  void putStatement_fileNameNeedingQuotes_isRejected() {
    assertThatThrownBy(() -> load.putStatement(Path.of("/d/my orders.csv")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("my orders.csv");
  }

  @Test
  void build_badNames_areRejectedWithTheirKey() {
    assertThatThrownBy(() -> SnowflakeStageLoad.builder().database("db").schema("s").stage("st")
        .prefix("a/../b").build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("SnowflakeStageLoad.prefix");
    assertThatThrownBy(() -> SnowflakeStageLoad.builder().database("db").schema("s").stage("st x").build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("SnowflakeStageLoad.stage");
    assertThatThrownBy(() -> SnowflakeStageLoad.builder().database("db").stage("st").build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("SnowflakeStageLoad.schema");
    assertThatThrownBy(() -> SnowflakeStageLoad.builder().database("d\"b").schema("s").stage("st").build())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("SnowflakeStageLoad.database");
  }

  @Test
  void execute_runsPutThenCopyPerTable_andNamesTheFailingTable() {
    List<String> executed = new ArrayList<>();
    Connection connection = recordingConnection(executed, "COPY INTO \"ANALYTICS\".\"RAW\".\"ORDERS\"");
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("aisles", Path.of("/d/aisles.csv"));
    files.put("orders", Path.of("/d/orders.csv"));

    assertThatThrownBy(() -> load.execute(connection, files))
        .isInstanceOf(InsightflowException.class)
        .hasMessageContaining("COPY INTO for table orders failed")
        .hasCauseInstanceOf(SQLException.class);
    assertThat(executed).containsExactlyElementsOf(load.statements(files));
  }

  /** A JDBC connection whose statements record SQL and fail on SQL starting with {@code failOn}. */
  private static Connection recordingConnection(List<String> executed, String failOn) {
    Statement statement = (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(),
        new Class<?>[] {Statement.class}, (proxy, method, args) -> {
          if (method.getName().equals("execute")) {
            executed.add((String) args[0]);
            if (((String) args[0]).startsWith(failOn)) {
              throw new SQLException("simulated failure");
            }
            return false;
          }
          return null;
        });
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class},
        (proxy, method, args) -> method.getName().equals("createStatement") ? statement : null);
  }
}
