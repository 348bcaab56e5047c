package io.insightflow.connect.s3;

import java.util.Map;
import static io.insightflow.config.InsightflowProperties.S3_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.S3_SOCKET_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.spi.ObjectChangedException;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.testing.FaultProxy;
import io.insightflow.testing.FaultProxy.Fault;
import io.insightflow.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * [#8] Downloads that break off are resumed inside {@link S3ObjectStore#open}: every reader gets
 * every byte of the version it opened, or an IOException, never a shorter object. A TCP fault proxy
 * sits between the SDK client and the in-process S3Proxy.
 */
class S3ObjectStoreFaultIT {

  private static final int SIZE = 3 * 1024 * 1024;

  static S3ProxyServer server;
  FaultProxy proxy;
  S3ObjectStore store;
  String bucket;
  byte[] content;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private void setUp(double rate, long minGap, long maxGap, EnumSet<Fault> faults) {
    setUp(SIZE, rate, minGap, maxGap, faults);
  }

  private void setUp(int size, double rate, long minGap, long maxGap, EnumSet<Fault> faults) {
    bucket = server.newBucket();
    content = new byte[size];
    new Random(7).nextBytes(content);
    server.s3Client().putObject(b -> b.bucket(bucket).key("lake/big.csv"), RequestBody.fromBytes(content));
    proxy = FaultProxy.start(server.endpoint(), rate, minGap, maxGap, 11, faults, 1_500);
    S3Options viaProxy = server.options(Map.of(S3_ENDPOINT.name(), proxy.endpoint().toString(),
        S3_SOCKET_TIMEOUT.name(), "1s"));
    store = new S3ObjectStore(viaProxy.newClient(), bucket, "lake", true);
  }

  @Test
  void open_everyConnectionResetTruncatedOrStalled_readsEveryByteOfTheObject() throws IOException {
    setUp(1.0, 64 * 1024, 1024 * 1024, EnumSet.allOf(Fault.class));

    int resumes = 0;
    for (int i = 0; i < 3; i++) {
      try (InputStream in = store.open("big.csv")) {
        assertThat(in.readAllBytes()).as("read %d", i).isEqualTo(content);
        resumes += ((ResumingObjectStream) in).resumes();
      }
    }

    assertThat(proxy.resets()).isPositive();
    assertThat(proxy.truncations()).isPositive();
    assertThat(proxy.stalls()).isPositive();
    assertThat(resumes).isGreaterThanOrEqualTo(proxy.resets() + proxy.truncations());
  }

  @Test
  void open_objectReplacedWhileBeingRead_failsRatherThanMixVersions() throws IOException {
    setUp(1.0, 256 * 1024, 256 * 1024 + 1, EnumSet.of(Fault.TRUNCATE));

    try (InputStream in = store.open("big.csv")) {
      assertThat(in.readNBytes(100 * 1024)).isEqualTo(java.util.Arrays.copyOf(content, 100 * 1024));
      server.s3Client().putObject(b -> b.bucket(bucket).key("lake/big.csv"), RequestBody.fromString("new version"));

      assertThatThrownBy(in::readAllBytes).isInstanceOf(ObjectChangedException.class)
          .hasMessageContaining("replaced while being read").hasMessageContaining("big.csv");
    }
  }

  /** [#19] Resumes of a listed open stay pinned to the listed ETag and count to the listed size. */
  @Test
  void openListed_everyConnectionResetTruncatedOrStalled_readsExactlyTheListedVersion() throws IOException {
    setUp(1.0, 64 * 1024, 1024 * 1024, EnumSet.allOf(Fault.class));
    ObjectInfo listed = store.stat("big.csv").orElseThrow();

    try (InputStream in = store.open(listed)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
      assertThat(((ResumingObjectStream) in).resumes()).isPositive();
    }
  }

  @Test
  void openListed_objectReplacedWhileBeingRead_throwsObjectChangedNamingKey() throws IOException {
    setUp(1.0, 256 * 1024, 256 * 1024 + 1, EnumSet.of(Fault.TRUNCATE));
    ObjectInfo listed = store.stat("big.csv").orElseThrow();

    try (InputStream in = store.open(listed)) {
      assertThat(in.readNBytes(100 * 1024)).isEqualTo(java.util.Arrays.copyOf(content, 100 * 1024));
      server.s3Client().putObject(b -> b.bucket(bucket).key("lake/big.csv"), RequestBody.fromString("new version"));

      assertThatThrownBy(in::readAllBytes).isInstanceOf(ObjectChangedException.class)
          .satisfies(e -> assertThat(((ObjectChangedException) e).objectKey()).isEqualTo("big.csv"));
      assertThatThrownBy(in::read).isInstanceOf(ObjectChangedException.class);
    }
  }

  @Test
  void open_serverGoneForGood_failsAfterBoundedResumes() throws IOException {
    // Larger than the socket buffers between proxy and reader (Linux autotunes a receive buffer up to
    // 6 MiB): otherwise a slow reader finds the whole body already buffered before the proxy dies.
    setUp(24 * 1024 * 1024, 0.0, 64 * 1024, 128 * 1024, EnumSet.of(Fault.RESET));

    try (InputStream in = store.open("big.csv")) {
      assertThat(in.readNBytes(1024)).hasSize(1024);
      proxy.close(); // every open connection dies; new ones are refused

      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
          .hasMessageContaining("broke off").hasMessageContaining(ResumingObjectStream.MAX_RESUMES + " times");
    }
  }
}
