package io.insightflow.connect.s3;

import io.insightflow.api.Internal;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.ObjectStoreProvider;
import java.util.Map;

/** {@code s3://bucket/prefix} lakes, reached with the {@code insightflow.s3.*} settings. */
@Internal
public final class S3ObjectStoreProvider implements ObjectStoreProvider {

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public ObjectStore open(String location, Map<String, String> settings) {
    return S3ObjectStore.open(location, S3Options.fromProperties(settings));
  }
}
