package io.insightflow.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3ObjectStoreTest {

  private static S3ObjectStore store(String prefix) {
    // Building a client does no I/O; lakeKey never calls S3.
    S3Client client = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
        .build();
    return new S3ObjectStore(client, "raw", prefix, true);
  }

  @Test
  void lakeKey_underPrefix_isRelativeKey() {
    try (S3ObjectStore lake = store("lake/")) {
      assertThat(lake.lakeKey("raw", "lake/data/batch/t/_manifest.json")).contains("data/batch/t/_manifest.json");
    }
  }

  @Test
  void lakeKey_otherBucketOrOutsidePrefix_isEmpty() {
    try (S3ObjectStore lake = store("lake")) {
      assertThat(lake.lakeKey("other", "lake/data/x.csv")).isEmpty();
      assertThat(lake.lakeKey("raw", "lakeside/data/x.csv")).isEmpty();
      assertThat(lake.lakeKey("raw", "data/x.csv")).isEmpty();
      assertThat(lake.lakeKey("raw", "lake/")).isEmpty();
    }
  }

  @Test
  void lakeKey_withoutPrefix_isTheKey() {
    try (S3ObjectStore lake = store("")) {
      assertThat(lake.lakeKey("raw", "data/x.csv")).contains("data/x.csv");
    }
  }
}
