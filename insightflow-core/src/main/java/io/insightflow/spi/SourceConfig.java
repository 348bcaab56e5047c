package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.ConfigKey;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.api.Secrets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where and how to reach a source: its URL, credentials, and every other {@code insightflow.*}
 * setting, from which a connector reads its own keys (a fetch size, a key file…). Immutable;
 * {@link #toString()} masks the password and any credentials embedded in the URL.
 *
 * <pre>{@code
 * SourceConfig warehouse = SourceConfig.of("jdbc:duckdb:warehouse.duckdb");
 * SourceConfig snowflake = SourceConfig.fromProperties(settings);  // insightflow.source.*
 * }</pre>
 *
 * @param url the source URL; its scheme picks the {@link SourceProvider}
 * @param user the user, or null
 * @param password the password, fetched only when connecting (from a secret store, say), or null
 * @param settings all settings by {@link InsightflowProperties} key (may contain secrets; never print)
 */
@Evolving
public record SourceConfig(String url, String user, Supplier<String> password, Map<String, String> settings) {

  public SourceConfig {
    String key = InsightflowProperties.SOURCE_URL.name();
    if (url == null || url.isBlank()) {
      throw new InsightflowConfigException(key, "is required, e.g. jdbc:duckdb:warehouse.duckdb");
    }
    url = url.trim();
    settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
  }

  /** A source with no credentials and no other settings. */
  public static SourceConfig of(String url) {
    return new SourceConfig(url, null, null, Map.of());
  }

  /** The source of {@code insightflow.source.url}, {@code .user} and {@code .password}, with all settings. */
  public static SourceConfig fromProperties(Map<String, String> settings) {
    String password = settings.get(InsightflowProperties.SOURCE_PASSWORD.name());
    return new SourceConfig(InsightflowProperties.SOURCE_URL.value(settings),
        settings.get(InsightflowProperties.SOURCE_USER.name()), password == null ? null : () -> password,
        settings.entrySet().stream().filter(e -> e.getValue() != null)
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  /** This configuration with another user and password. */
  public SourceConfig withCredentials(String user, Supplier<String> password) {
    return new SourceConfig(url, user, password, settings);
  }

  /** The user, when one is set. */
  public Optional<String> userName() {
    return Optional.ofNullable(user);
  }

  /** The password supplier, when one is set. */
  public Optional<Supplier<String>> passwordSupplier() {
    return Optional.ofNullable(password);
  }

  /**
   * A setting's parsed value, or the key's default when unset (null when it has none). A connector
   * reads its own keys this way, declared in its provider's {@code configKeys()}.
   *
   * @throws InsightflowConfigException naming the key if the value does not parse
   */
  public <T> T setting(ConfigKey<T> key) {
    return key.value(settings);
  }

  /** The URL fit for messages and logs. */
  public String maskedUrl() {
    return Secrets.mask(url);
  }

  @Override
  public String toString() {
    return "SourceConfig[url=" + maskedUrl() + ", user=" + user + ", password="
        + (password == null ? "none" : "****") + "]";
  }
}
