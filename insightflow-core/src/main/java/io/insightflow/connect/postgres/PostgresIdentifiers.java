package io.insightflow.connect.postgres;

import io.insightflow.sql.Identifiers;

/** PostgreSQL's spelling of {@link Identifiers}, the one validator and quoter every dialect shares. */
public final class PostgresIdentifiers {

  /** {@link Identifiers#MAX_LENGTH}. */
  public static final int MAX_BYTES = Identifiers.MAX_LENGTH;

  private PostgresIdentifiers() {}

  /** {@link Identifiers#validate}. */
  public static String check(String key, String name) {
    return Identifiers.validate(key, name);
  }

  /** {@link Identifiers#isValid}. */
  public static boolean isValid(String name) {
    return Identifiers.isValid(name);
  }

  /** {@link Identifiers#quoteValid}. */
  public static String quote(String key, String name) {
    return Identifiers.quoteValid(key, name);
  }

  /** {@link Identifiers#qualified}. */
  public static String qualified(String key, String schema, String table) {
    return Identifiers.qualified(key, schema, table);
  }
}
