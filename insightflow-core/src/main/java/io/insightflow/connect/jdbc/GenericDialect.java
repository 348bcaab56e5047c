package io.insightflow.connect.jdbc;

/** Any JDBC database: rows stream through the driver with the portable exporter. */
public final class GenericDialect implements SqlDialect {

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public boolean accepts(String url) {
    return true;
  }
}
