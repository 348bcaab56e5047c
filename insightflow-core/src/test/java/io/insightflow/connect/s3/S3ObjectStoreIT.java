package io.insightflow.connect.s3;

import java.util.Map;
import static io.insightflow.config.InsightflowProperties.S3_ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.LakeException;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.ObjectStoreContract;
import io.insightflow.spi.ObjectStores;
import io.insightflow.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The object-store contract and S3 specifics against S3Proxy, through the real SDK client. */
class S3ObjectStoreIT extends ObjectStoreContract {

  private static final String PREFIX = "raw/lake";
  private static final long SMALL_THRESHOLD = 8L * 1024 * 1024;
  private static final int SMALL_PART = 5 * 1024 * 1024; // S3's minimum part size

  private static S3ProxyServer server;
  private String bucket;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** A fresh bucket per test; a low multipart threshold so the 41 MiB contract case goes multipart. */
  @Override
  protected ObjectStore newStore() {
    bucket = server.newBucket();
    return new S3ObjectStore(server.s3Client(), bucket, PREFIX, false, SMALL_THRESHOLD, SMALL_PART);
  }

  /** S3Proxy stores keys with control characters; its listing of U+0001 is XML the SDK cannot parse. */
  @Override
  protected void putUnchecked(String key, byte[] content) {
    server.s3Client().putObject(b -> b.bucket(bucket).key(PREFIX + "/" + key), RequestBody.fromBytes(content));
  }

  @Test
  void keys_areStoredUnderPrefixAndListedWithout() {
    store.put("a/b.csv", bytes("x"));

    assertThat(server.s3Client().listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(S3Object::key).containsExactly("raw/lake/a/b.csv");
    assertThat(keys(store.list("a/"))).containsExactly("a/b.csv");
    assertThat(store.describe()).isEqualTo("s3://" + bucket + "/raw/lake");
  }

  @Test
  void emptyPrefix_usesBucketRoot() {
    try (S3ObjectStore root = new S3ObjectStore(server.s3Client(), bucket, "", false)) {
      root.put("top.csv", bytes("t"));

      assertThat(root.describe()).isEqualTo("s3://" + bucket);
      assertThat(keys(root.list(""))).containsExactly("top.csv");
    }
  }

  @Test
  void put_largeFile_usesMultipartEtag() throws Exception {
    Path staged = store.newStagingFile();
    writeRandom(staged, SMALL_THRESHOLD + 1);

    // A completed multipart upload has an ETag of the form <md5-of-md5s>-<parts>.
    assertThat(store.put("mp.bin", staged).etag()).endsWith("-2");
  }

  @Test
  void put_failingPart_abortsUploadAndKeepsStagedFile() throws Exception {
    S3Client failing = failOnSecondPart(server.s3Client());
    try (S3ObjectStore lake = new S3ObjectStore(failing, bucket, PREFIX, false, SMALL_THRESHOLD, SMALL_PART)) {
      Path staged = lake.newStagingFile();
      writeRandom(staged, 3L * SMALL_PART);

      assertThatThrownBy(() -> lake.put("fails.bin", staged))
          .isInstanceOf(LakeException.class)
          .hasMessageContaining("s3://" + bucket);

      assertThat(server.s3Client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
      assertThat(lake.stat("fails.bin")).isEmpty();
      assertThat(staged).exists();
      Files.delete(staged);
    }
  }

  @Test
  void open_checksBucketAndOwnsClient() {
    try (S3ObjectStore lake = S3ObjectStore.open(server.options(), bucket, "p")) {
      lake.put("k", bytes("v"));
      assertThat(lake.stat("k")).isPresent();
    }
  }

  @Test
  void open_missingBucket_failsNamingBucket() {
    assertThatThrownBy(() -> S3ObjectStore.open(server.options(), "no-such-bucket", ""))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.lake")
        .hasMessageContaining("no-such-bucket")
        .hasMessageContaining("does not exist");
  }

  @Test
  void open_unreachableEndpoint_failsFastNamingEndpointKey() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3Options options = server.options(Map.of(S3_ENDPOINT.name(), "http://127.0.0.1:" + closedPort));

    long start = System.nanoTime();
    assertThatThrownBy(() -> S3ObjectStore.open("s3://" + bucket + "/x", options))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.s3.endpoint")
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .satisfies(e -> assertThat(((InsightflowConfigException) e).key()).isEqualTo("insightflow.s3.endpoint"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void open_wrongCredentials_failsWithoutRevealingSecret() {
    String secret = "not-the-right-secret-4711";
    S3Options options = server.options().withCredentials(StaticCredentialsProvider.create(
        AwsBasicCredentials.create(S3ProxyServer.IDENTITY, secret)));

    assertThatThrownBy(() -> S3ObjectStore.open("s3://" + bucket, options))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining(bucket)
        .hasMessageContaining("AWS_ACCESS_KEY_ID")
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
          }
        });
  }

  @Test
  void operation_wrongCredentials_throwsLakeExceptionWithHint() {
    S3Options options = server.options().withCredentials(StaticCredentialsProvider.create(
        AwsBasicCredentials.create(S3ProxyServer.IDENTITY, "wrong-secret")));
    try (S3ObjectStore lake = new S3ObjectStore(options.newClient(), bucket, "", true)) {
      assertThatThrownBy(() -> lake.put("k", bytes("v")))
          .isInstanceOf(LakeException.class)
          .hasMessageContaining("credentials")
          .hasMessageNotContaining("wrong-secret");
    }
  }

  @Test
  void objectStores_s3Uri_opensStoreWithBucketAndPrefix() {
    try (ObjectStore lake = S3ObjectStore.open("s3://" + bucket + "/some/prefix/", server.options())) {
      assertThat(lake).isInstanceOf(S3ObjectStore.class);
      assertThat(((S3ObjectStore) lake).bucket()).isEqualTo(bucket);
      assertThat(((S3ObjectStore) lake).prefix()).isEqualTo("some/prefix/");
      assertThat(lake.describe()).isEqualTo("s3://" + bucket + "/some/prefix");
    }
  }

  /** [#19] The first GET pins the listed version; a server that ignores If-Match is caught by the ETag. */
  @Test
  void openListed_sendsListedEtagAsIfMatch_andRefusesAnotherVersionEvenIfServerIgnoresIt() throws IOException {
    List<String> ifMatch = new ArrayList<>();
    try (S3ObjectStore lake = new S3ObjectStore(ignoringIfMatch(server.s3Client(), ifMatch), bucket, PREFIX, false)) {
      ObjectInfo listed = lake.put("k.csv", bytes("v1"));
      try (InputStream in = lake.open(listed)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes("v1"));
      }
      assertThat(ifMatch).containsExactly("\"" + listed.etag() + "\"");

      ObjectInfo now = lake.put("k.csv", bytes("v2"));
      assertThatThrownBy(() -> lake.open(listed).close())
          .isInstanceOf(LakeException.class)
          .hasMessageContaining("k.csv")
          .hasMessageContaining(listed.version())
          .hasMessageContaining(now.version());
    }
  }

  /** Forwards every call to {@code delegate}, but records and drops the If-Match of each GET. */
  @SuppressWarnings("unchecked")
  private static S3Client ignoringIfMatch(S3Client delegate, List<String> ifMatch) {
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getObject") && args.length == 1 && args[0] instanceof Consumer<?> c) {
            GetObjectRequest request = GetObjectRequest.builder()
                .applyMutation((Consumer<GetObjectRequest.Builder>) c).build();
            ifMatch.add(request.ifMatch());
            return delegate.getObject(request.toBuilder().ifMatch(null).build());
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static int partNumber(Object request) {
    return request instanceof UploadPartRequest r ? r.partNumber()
        : UploadPartRequest.builder().applyMutation((Consumer<UploadPartRequest.Builder>) request).build().partNumber();
  }

  /** Forwards every call to {@code delegate} but fails the upload of part 2. */
  private static S3Client failOnSecondPart(S3Client delegate) {
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().equals("uploadPart") && partNumber(args[0]) == 2) {
            throw SdkClientException.create("simulated network failure");
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
