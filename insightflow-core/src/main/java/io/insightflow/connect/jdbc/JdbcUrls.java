package io.insightflow.connect.jdbc;

import io.insightflow.Secrets;

/** Keeps credentials embedded in JDBC URLs out of logs and messages. */
public final class JdbcUrls {

  private JdbcUrls() {}

  /** The URL with password parameters and {@code user:password@} parts replaced by {@code ****} ({@link Secrets#mask}). */
  public static String mask(String url) {
    return Secrets.mask(url);
  }
}
