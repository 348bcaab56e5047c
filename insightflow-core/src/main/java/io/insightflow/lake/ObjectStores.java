package io.insightflow.lake;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.connect.s3.S3Options;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Opens the lake named by {@code insightflow.lake}: a directory path ({@code lake},
 * {@code /var/lake}), a {@code file:} URI ({@code file:///var/lake}) or {@code s3://bucket/prefix}.
 *
 * <pre>{@code
 * try (ObjectStore lake = ObjectStores.open(settings)) { ... }
 * }</pre>
 */
public final class ObjectStores {

  private static final String KEY = InsightflowProperties.LAKE.name();
  /** A URI scheme of two or more characters, so a Windows drive ({@code C:\lake}) stays a path. */
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);
  private static final String FORMS = "use a directory path, a file: URI or s3://bucket/optional/prefix";

  private ObjectStores() {}

  /**
   * Opens the lake described by settings keyed by {@link InsightflowProperties} names:
   * {@code insightflow.lake} (default {@code lake}) and, for S3, {@code insightflow.s3.*}.
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  public static ObjectStore open(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    String lake = settings.getOrDefault(KEY, InsightflowProperties.LAKE.defaultValue());
    return isS3(lake) ? open(lake, S3Options.fromProperties(settings)) : open(lake, null);
  }

  /**
   * Opens a lake. An S3 lake gets a new client that the returned store owns, and is checked to be
   * reachable first (see {@link S3ObjectStore#checkAccess()}); a local lake's directory is created.
   * The caller closes the store.
   *
   * @param lake the value of {@code insightflow.lake}
   * @param s3 how to reach S3; null for the defaults (AWS endpoint, default credentials chain);
   *     ignored for a local lake
   * @throws InsightflowConfigException with key {@code insightflow.lake} if the value is malformed
   *     or names an unusable location, or {@code insightflow.s3.endpoint} if S3 cannot be reached
   */
  public static ObjectStore open(String lake, S3Options s3) {
    if (lake == null || lake.isBlank()) {
      throw new InsightflowConfigException(KEY, "No lake location given; " + FORMS);
    }
    String value = lake.trim();
    if (isS3(value)) {
      String rest = value.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      if (bucket.isEmpty()) {
        throw new InsightflowConfigException(KEY, "'" + lake + "' names no bucket; " + FORMS);
      }
      return S3ObjectStore.open(s3 == null ? S3Options.builder().build() : s3, bucket, prefix);
    }
    var scheme = SCHEME.matcher(value);
    if (!scheme.matches()) {
      return new LocalObjectStore(toPath(lake, value));
    }
    if (!scheme.group(1).equalsIgnoreCase("file")) {
      throw new InsightflowConfigException(KEY, "Unsupported scheme '" + scheme.group(1) + "' in '"
          + lake + "'; " + FORMS);
    }
    try {
      return new LocalObjectStore(Path.of(URI.create(value)));
    } catch (IllegalArgumentException e) { // bad syntax, a relative path, or a host (file://server/...)
      throw new InsightflowConfigException(KEY, "'" + lake + "' is not an absolute file: URI such as"
          + " file:///var/lake; " + FORMS, e);
    }
  }

  private static boolean isS3(String lake) {
    return lake != null && lake.trim().toLowerCase(Locale.ROOT).startsWith("s3://");
  }

  private static Path toPath(String lake, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new InsightflowConfigException(KEY, "'" + lake + "' is not a valid directory path; " + FORMS, e);
    }
  }
}
