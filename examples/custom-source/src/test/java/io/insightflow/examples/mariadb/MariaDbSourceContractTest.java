package io.insightflow.examples.mariadb;

import io.insightflow.spi.Connectors;
import io.insightflow.spi.Source;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceContractTest;
import io.insightflow.spi.TableName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The MariaDB connector keeps core's source contract, found through ServiceLoader like any user would. */
class MariaDbSourceContractTest extends SourceContractTest {

  static final String TABLE = MariaDb.newTableName();

  @BeforeAll
  static void createTable() throws Exception {
    MariaDb.createItems(TABLE, 1003);
  }

  @AfterAll
  static void dropTable() throws Exception {
    MariaDb.drop(TABLE);
  }

  @Override
  protected Source openSource() {
    return Connectors.source(SourceConfig.of(MariaDb.URL).withCredentials(MariaDb.USER, () -> ""));
  }

  @Override
  protected TableName table() {
    return TableName.parse(TABLE);
  }

  @Override
  protected long rows() {
    return 1003;
  }
}
