package io.insightflow.connect.jdbc;

import java.util.regex.Pattern;

/** Keeps credentials embedded in JDBC URLs out of logs and messages. */
public final class JdbcUrls {

  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)((?:password|passwd|pwd|private_key_file_pwd|token)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

  private JdbcUrls() {}

  /** The URL with password parameters and {@code user:password@} authority parts replaced by {@code ****}. */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1****");
    return USER_INFO.matcher(masked).replaceAll("$1****@");
  }
}
