package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the lake named by {@code insightflow.lake}: a directory path ({@code lake},
 * {@code /var/lake}) or a URI whose scheme picks an {@link ObjectStoreProvider} ({@code file:},
 * {@code s3:}, or any scheme a connector jar adds).
 *
 * <pre>{@code
 * try (ObjectStore lake = ObjectStores.open(settings)) { ... }
 * }</pre>
 */
@Evolving
public final class ObjectStores {

  private static final String KEY = InsightflowProperties.LAKE.name();
  /** A URI scheme of two or more characters, so a Windows drive ({@code C:\lake}) stays a path. */
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);

  private ObjectStores() {}

  /**
   * Opens the lake described by settings keyed by {@link InsightflowProperties} names:
   * {@code insightflow.lake} (default {@code lake}) and the provider's own keys
   * ({@code insightflow.s3.*} for S3). The caller closes the store.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static ObjectStore open(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    String lake = settings.getOrDefault(KEY, InsightflowProperties.LAKE.defaultValue());
    if (lake == null || lake.isBlank()) {
      throw new InsightflowConfigException(KEY, "No lake location given; use a directory path, a file: URI or s3://bucket/prefix");
    }
    String location = lake.trim();
    return Connectors.objectStore(scheme(location)).open(location, settings);
  }

  /** {@link #open(Map)} of a location with default settings for everything else. */
  public static ObjectStore open(String location) {
    return open(location == null ? Map.of() : Map.of(KEY, location));
  }

  /** The URI scheme of a lake location, lower case; {@code file} for a plain path. */
  public static String scheme(String location) {
    Matcher m = SCHEME.matcher(location);
    return m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "file";
  }
}
