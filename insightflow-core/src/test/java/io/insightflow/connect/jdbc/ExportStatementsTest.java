package io.insightflow.connect.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExportStatementsTest {

  private static final TableName ORDERS = TableName.parse("orders");

  private static TableExporter.ExportRequest request(int batchSize) {
    return new TableExporter.ExportRequest(ORDERS, "SELECT * FROM \"orders\"", batchSize, 100);
  }

  @Test
  void exportStatements_duckDb_oneCopyPerRowIdRange() {
    List<String> sql = new DuckDbDialect().exportStatements(request(1000), 2500);

    assertThat(sql).containsExactly(
        "COPY (SELECT * FROM \"orders\" WHERE rowid >= 0 AND rowid < 1000) TO 'orders_part00001.csv' (FORMAT csv, HEADER true)",
        "COPY (SELECT * FROM \"orders\" WHERE rowid >= 1000 AND rowid < 2000) TO 'orders_part00002.csv' (FORMAT csv, HEADER true)",
        "COPY (SELECT * FROM \"orders\" WHERE rowid >= 2000 AND rowid < 3000) TO 'orders_part00003.csv' (FORMAT csv, HEADER true)");
  }

  @Test
  void exportStatements_duckDbEmptyTable_stillOnePart() {
    assertThat(new DuckDbDialect().exportStatements(request(1000), 0)).hasSize(1);
  }

  @Test
  void exportStatements_postgres_oneCopyToStdout() {
    assertThat(new PostgresDialect().exportStatements(request(1000), 2500))
        .containsExactly("COPY (SELECT * FROM \"orders\") TO STDOUT (FORMAT csv, HEADER true)");
  }

  @Test
  void exportStatements_generic_theQuery() {
    assertThat(new GenericDialect().exportStatements(request(1000), 2500)).containsExactly("SELECT * FROM \"orders\"");
  }
}
