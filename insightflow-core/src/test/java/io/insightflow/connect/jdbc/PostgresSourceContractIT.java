package io.insightflow.connect.jdbc;

import io.insightflow.spi.Source;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceContractTest;
import io.insightflow.spi.TableName;
import io.insightflow.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The JDBC sources on the real PostgreSQL keep the source contract: the native COPY TO STDOUT path,
 * and the generic path (which any database without a dialect of its own takes) with and without a
 * primary key to order by.
 */
class PostgresSourceContractIT {

  static PostgresTestDatabase pg;

  @BeforeAll
  static void createTables() {
    pg = PostgresTestDatabase.create();
    for (String table : new String[] {"keyed", "heap"}) {
      pg.execute("CREATE TABLE " + pg.schema() + "." + table + " (id integer" + (table.equals("keyed") ? " PRIMARY KEY" : "")
          + ", name text)");
      pg.execute("INSERT INTO " + pg.schema() + "." + table + " SELECT i, CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN ''"
          + " WHEN 2 THEN 'a, \"quoted\" ' || i WHEN 3 THEN 'two' || chr(10) || 'lines' ELSE 'plain' END"
          + " FROM generate_series(1, 1003) i ORDER BY random()");
    }
    // [#13] With statistics (and several readers, the default) the native path plans block ranges.
    pg.execute("CREATE TABLE " + pg.schema() + ".analysed AS SELECT * FROM " + pg.schema() + ".heap");
    pg.execute("ANALYZE " + pg.schema() + ".analysed");
  }

  @AfterAll
  static void dropTables() {
    pg.close();
  }

  static SourceConfig config() {
    return SourceConfig.of(pg.url()).withCredentials(pg.user(), pg::password);
  }

  /** Base: 1,003 rows of one table, read with one dialect. */
  abstract static class OnPostgres extends SourceContractTest {
    @Override
    protected long rows() {
      return 1003;
    }
  }

  @Nested
  class NativeCopy extends OnPostgres {
    @Override
    protected Source openSource() {
      return JdbcSource.open(config(), new PostgresDialect());
    }

    @Override
    protected TableName table() {
      return new TableName(pg.schema(), "heap");
    }
  }

  @Nested
  class NativeCopyBlockRanges extends OnPostgres {
    @Override
    protected Source openSource() {
      return JdbcSource.open(config(), new PostgresDialect());
    }

    @Override
    protected TableName table() {
      return new TableName(pg.schema(), "analysed");
    }

    @org.junit.jupiter.api.Test
    void plan_analysedTable_isSeveralBlockRanges() {
      try (Source source = openSource()) {
        org.assertj.core.api.Assertions.assertThat(source.plan(table(), batchSize()))
            .hasSizeGreaterThan(2).allMatch(c -> c.range().startsWith("blocks="));
      }
    }
  }

  @Nested
  class GenericWithPrimaryKey extends OnPostgres {
    @Override
    protected Source openSource() {
      return JdbcSource.open(config(), new GenericDialect());
    }

    @Override
    protected TableName table() {
      return new TableName(pg.schema(), "keyed");
    }
  }

  @Nested
  class GenericWithoutKey extends OnPostgres {
    @Override
    protected Source openSource() {
      return JdbcSource.open(config(), new GenericDialect());
    }

    @Override
    protected TableName table() {
      return new TableName(pg.schema(), "heap");
    }
  }
}
