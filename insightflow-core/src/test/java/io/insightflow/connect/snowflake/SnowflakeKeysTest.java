package io.insightflow.connect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.spi.TableName;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Snowflake's primary key: the statement, and the parsing of its result. No Snowflake is reachable,
 * so the result is a real JDBC result set of the same columns (from an embedded DuckDB). [#21]
 */
class SnowflakeKeysTest {

  /** The columns SHOW PRIMARY KEYS returns, in its order. */
  static final String SHOW_COLUMNS = "created_on, database_name, schema_name, table_name, column_name,"
      + " key_sequence, constraint_name, rely, comment";

  @Test
  void showPrimaryKeys_namesTheTableAsSnowflakeFoldsIt() {
    assertThat(new SnowflakeDialect().showPrimaryKeys(TableName.parse("raw.order_products")))
        .isEqualTo("SHOW PRIMARY KEYS IN TABLE raw.order_products");
    assertThat(new SnowflakeDialect().showPrimaryKeys(TableName.parse("orders")))
        .isEqualTo("SHOW PRIMARY KEYS IN TABLE orders");
  }

  @Test
  void keyColumns_compositeKey_inKeySequenceNotRowOrder() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM (VALUES"
            + " ('2024-05-07', 'RAW', 'PUBLIC', 'ORDER_PRODUCTS', 'PRODUCT_ID', 2, 'PK_OP', 'false', NULL),"
            + " ('2024-05-07', 'RAW', 'PUBLIC', 'ORDER_PRODUCTS', 'ORDER_ID', 1, 'PK_OP', 'false', NULL))"
            + " AS t(" + SHOW_COLUMNS + ")")) {
      assertThat(SnowflakeDialect.keyColumns(rs)).containsExactly("ORDER_ID", "PRODUCT_ID");
    }
  }

  @Test
  void keyColumns_tableWithoutKey_isEmpty() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM (VALUES ('x', 'x', 'x', 'x', 'x', 1, 'x', 'x', 'x'))"
            + " AS t(" + SHOW_COLUMNS + ") WHERE false")) {
      assertThat(SnowflakeDialect.keyColumns(rs)).isEmpty();
    }
  }
}
