package io.insightflow.ingest;

import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.spi.ObjectStore;
import io.insightflow.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every batch ingest case of {@link BatchIngestIT}, written through the S3 protocol to an in-process S3Proxy. */
class BatchIngestS3IT extends BatchIngestIT {

  static S3ProxyServer s3;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @Override
  ObjectStore newLake() {
    return new S3ObjectStore(s3.s3Client(), s3.newBucket(), "lake/root", false);
  }
}
