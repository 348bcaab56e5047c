package io.insightflow.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Secrets;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceProvider;
import io.insightflow.spi.TableName;
import java.nio.file.Path;
import java.sql.Types;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JdbcSqlTest {

  @Test
  void copyRangeSql_tableAndPathWithQuote_rendersNativeDuckDbExport() {
    String sql = new DuckDbDialect().copySql(new Chunk(TableName.parse("main.orders"), 2, 1_000_000,
        "rowid=2000000..3000000", true), Path.of("/tmp/o'brien/p.csv"));

    assertThat(sql).isEqualTo("COPY (SELECT * FROM \"main\".\"orders\" WHERE rowid >= 2000000 AND rowid < 3000000)"
        + " TO '/tmp/o''brien/p.csv' (FORMAT csv, HEADER true)");
  }

  @Test
  void copyOutSql_query_exportsCsvWithHeader() {
    assertThat(PostgresDialect.copyOutSql("SELECT * FROM \"s\".\"t\""))
        .isEqualTo("COPY (SELECT * FROM \"s\".\"t\") TO STDOUT (FORMAT csv, HEADER true)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x\"; DROP TABLE y; --", "a.b.c", "", "a\nb", "\"unclosed", "\"a\"b", "a..b"})
  void parse_hostileOrInvalidName_isRejectedNamingTheKey(String name) {
    assertThatThrownBy(() -> TableName.parse(name))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.tables:");
  }

  /** [#22] Any name PostgreSQL can hold; a part with a dot or quote is quoted as in SQL. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "Order Lines||Order Lines",
      "1abc||1abc",
      "orders;||orders;",
      "'\"Order.Lines\"'||Order.Lines",
      "'sales.\"a\"\"b\"'|sales|a\"b",
      "'\"my schema\".\"x.y\"'|my schema|x.y"})
  void parse_anyNamePostgresCanHold_isAccepted(String text, String schema, String name) {
    assertThat(TableName.parse(text)).isEqualTo(new TableName(schema, name));
  }

  @Test
  void parse_qualifiedName_splitsSchema() {
    assertThat(TableName.parse(" sales.Orders ")).isEqualTo(new TableName("sales", "Orders"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://h/db?user=a&password=s3cret&ssl=true | jdbc:postgresql://h/db?user=a&password=****&ssl=true",
      "jdbc:snowflake://acct.snowflakecomputing.com/?PASSWORD=s3cret | jdbc:snowflake://acct.snowflakecomputing.com/?PASSWORD=****",
      "jdbc:mysql://bob:s3cret@host/db | jdbc:mysql://bob:****@host/db",
      "jdbc:duckdb:/tmp/w.duckdb | jdbc:duckdb:/tmp/w.duckdb"})
  void mask_urlWithCredentials_hidesThem(String url, String masked) {
    assertThat(Secrets.mask(url)).isEqualTo(masked).doesNotContain("s3cret");
  }

  @Test
  void toString_withPassword_masksIt() {
    SourceConfig options = SourceConfig.of("jdbc:postgresql://h/db?password=s3cret").withCredentials("u", () -> "s3cret");

    assertThat(options.toString()).doesNotContain("s3cret").contains("password=****");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "4  | 10 | 0 | int4    | integer",
      "-5 | 19 | 0 | int8    | bigint",
      "3  | 10 | 2 | DECIMAL | numeric(10,2)",
      "3  | 38 | 0 | NUMBER  | numeric(38,0)",
      "2  | 18 | 0 | NUMBER  | bigint",
      "12 | 0  | 0 | VARCHAR | text",
      "93 | 0  | 0 | timestamptz | timestamp with time zone",
      "93 | 0  | 0 | TIMESTAMP | timestamp",
      "8  | 0  | 0 | DOUBLE  | double precision",
      "16 | 0  | 0 | BOOLEAN | boolean",
      "1111 | 0 | 0 | UUID   | text"})
  void portable_jdbcType_mapsToPostgresSpelling(int type, int precision, int scale, String name, String expected) {
    assertThat(ColumnTypes.portable(type, precision, scale, name)).isEqualTo(expected);
  }

  @Test
  void dialectFor_url_picksTheWarehouse() {
    assertThat(dialectFor("jdbc:duckdb:").name()).isEqualTo("duckdb");
    assertThat(dialectFor("jdbc:postgresql://h/db").name()).isEqualTo("postgresql");
    assertThat(dialectFor("jdbc:snowflake://a.snowflakecomputing.com").name()).isEqualTo("snowflake");
    assertThat(dialectFor("jdbc:mariadb://h/db").name()).isEqualTo("jdbc");
  }

  private static SourceProvider dialectFor(String url) {
    return Connectors.sourceProvider(url, JdbcSqlTest.class.getClassLoader());
  }

  @Test
  void quotes_emptyStringAndEndOfDataMarker_areQuotedSoNullStaysDistinct() {
    assertThat(ResultSetReader.QUOTES.quoteEmpty(1, 0)).isTrue();
    assertThat(ResultSetReader.QUOTES.quoteValue(1, 0, "\\.")).isTrue();
    assertThat(ResultSetReader.QUOTES.quoteValue(1, 0, "plain")).isFalse();
    assertThat(Types.INTEGER).isEqualTo(4); // the table above relies on JDBC's type codes
  }
}
