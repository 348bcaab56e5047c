package io.insightflow.spi;

import io.insightflow.config.ConfigKey;
import java.util.List;

/** A third-party source that takes one setting under its own prefix. */
public final class KeyDeclaringSourceProvider implements SourceProvider {

  /** The connector's own key; secret, so it must be masked like core's passwords. */
  public static final ConfigKey<String> TOKEN = ConfigKey.key("insightflow.source.acme.token").stringType().secret()
      .description("API token of the acme source");

  /** A key under core's prefix, which the unknown-key check must accept once the connector is present. */
  public static final ConfigKey<Integer> PAGE_SIZE = ConfigKey.key("insightflow.source.acme.pageSize").intType()
      .defaultValue(100).description("Rows per page the acme API returns");

  @Override
  public String name() {
    return "acme";
  }

  @Override
  public boolean accepts(String url) {
    return url.startsWith("acme:");
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(TOKEN, PAGE_SIZE);
  }

  @Override
  public Source open(SourceConfig config) {
    throw new UnsupportedOperationException();
  }
}
