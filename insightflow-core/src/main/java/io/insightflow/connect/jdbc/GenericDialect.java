package io.insightflow.connect.jdbc;

import io.insightflow.api.Internal;

/**
 * Any JDBC database with a driver on the class path: rows stream through the driver with the
 * portable reader. The catch-all, so every specific dialect takes precedence.
 */
@Internal
public final class GenericDialect implements SqlDialect {

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("jdbc:");
  }

  @Override
  public int priority() {
    return Integer.MAX_VALUE;
  }
}
