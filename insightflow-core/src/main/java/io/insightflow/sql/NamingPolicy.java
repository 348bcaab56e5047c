package io.insightflow.sql;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Printable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a source's table and column names become PostgreSQL's ({@code insightflow.naming}, per table
 * {@code insightflow.naming.<table>}). The policy only spells names; {@link Identifiers} decides
 * whether the result is one PostgreSQL can hold, and every use quotes it. [#22]
 *
 * <pre>{@code
 * source name             keep                    lower                   snake_case
 * ORDER_ID                ORDER_ID                order_id                order_id
 * Contact Phone Number    Contact Phone Number    contact phone number    contact_phone_number
 * orderID                 orderID                 orderid                 order_id
 * }</pre>
 */
@Evolving
public enum NamingPolicy {

  /** The source's spelling, as it is (the default). */
  KEEP,

  /** Lower case, as PostgreSQL folds unquoted names: what a Snowflake user expects ({@code ORDER_ID → order_id}). */
  LOWER,

  /**
   * dlt's {@code snake_case} convention: trimmed; {@code + * - @ |} become {@code x x _ a l}; any other run
   * of characters but ASCII letters, digits and {@code _} becomes {@code _}; words split before a capital
   * that starts a lower-case word and between a lower-case letter or digit and a capital; lower case; a
   * leading digit gets a {@code _} before it; trailing {@code _} become {@code x}; runs of {@code _} one.
   */
  SNAKE_CASE;

  private static final Pattern NOT_WORD = Pattern.compile("[^a-zA-Z\\d_]+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern CAPITALISED_WORD = Pattern.compile("([^_])([A-Z][a-z]+)");
  private static final Pattern LOWER_THEN_CAPITAL = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern UNDERSCORES = Pattern.compile("__+");

  /** The value of {@code insightflow.naming}: {@code keep}, {@code lower} or {@code snake_case}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code keep}, {@code lower} or {@code snake_case} (any case).
   *
   * @throws InsightflowConfigException naming {@code key} and the policies otherwise
   */
  public static NamingPolicy parse(String key, String value) {
    for (NamingPolicy policy : values()) {
      if (policy.value().equalsIgnoreCase(value.trim())) {
        return policy;
      }
    }
    throw new InsightflowConfigException(key, "Unknown naming policy '" + Printable.of(value)
        + "'; use keep, lower or snake_case");
  }

  /** The name {@code sourceName} gets; not yet checked with {@link Identifiers}. */
  public String apply(String sourceName) {
    return switch (this) {
      case KEEP -> sourceName;
      case LOWER -> sourceName.toLowerCase(Locale.ROOT);
      case SNAKE_CASE -> snakeCase(sourceName);
    };
  }

  private static String snakeCase(String name) {
    String reduced = name.strip().replace('+', 'x').replace('*', 'x').replace('-', '_').replace('@', 'a')
        .replace('|', 'l');
    String words = NOT_WORD.matcher(reduced).replaceAll("_");
    words = CAPITALISED_WORD.matcher(words).replaceAll("$1_$2");
    String snake = LOWER_THEN_CAPITAL.matcher(words).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    if (!snake.isEmpty() && Character.isDigit(snake.charAt(0))) {
      snake = "_" + snake;
    }
    int end = snake.length();
    while (end > 0 && snake.charAt(end - 1) == '_') {
      end--;
    }
    snake = snake.substring(0, end) + "x".repeat(snake.length() - end);
    return UNDERSCORES.matcher(snake).replaceAll("_");
  }
}
