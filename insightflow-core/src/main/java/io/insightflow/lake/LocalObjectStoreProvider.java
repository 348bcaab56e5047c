package io.insightflow.lake;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Internal;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.ObjectStoreProvider;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/** Local directories: a plain path or an absolute {@code file:} URI ({@link LocalObjectStore}). */
@Internal
public final class LocalObjectStoreProvider implements ObjectStoreProvider {

  private static final String KEY = InsightflowProperties.LAKE.name();
  private static final String FORMS = "use a directory path, a file: URI or s3://bucket/optional/prefix";

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public ObjectStore open(String location, Map<String, String> settings) {
    return new LocalObjectStore(path(location));
  }

  /** The directory of a local lake location. */
  static Path path(String location) {
    if (!location.regionMatches(true, 0, "file:", 0, 5)) {
      try {
        return Path.of(location);
      } catch (InvalidPathException e) {
        throw new InsightflowConfigException(KEY, "'" + location + "' is not a valid directory path; " + FORMS, e);
      }
    }
    try {
      return Path.of(URI.create(location));
    } catch (IllegalArgumentException e) { // bad syntax, a relative path, or a host (file://server/...)
      throw new InsightflowConfigException(KEY, "'" + location + "' is not an absolute file: URI such as"
          + " file:///var/lake; " + FORMS, e);
    }
  }
}
