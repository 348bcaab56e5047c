package io.insightflow.testing;

import java.util.Map;
import static io.insightflow.config.InsightflowProperties.S3_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.S3_MAX_ATTEMPTS;
import static io.insightflow.config.InsightflowProperties.S3_PATH_STYLE;
import static io.insightflow.config.InsightflowProperties.S3_REGION;

import io.insightflow.connect.s3.S3Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-protocol server in this JVM (S3Proxy) on a free loopback port, for tests that use the real
 * AWS SDK v2 client. It checks AWS signatures against fixed test credentials, so a client with
 * wrong credentials is refused as by S3.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *   String bucket = s3.newBucket();
 *   s3.s3Client().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
 * }
 * }</pre>
 *
 * <p>Thread-safe once started. {@link #close()} stops the server and closes the shared client.
 */
public final class S3ProxyServer implements AutoCloseable {

  /** Access key id the server accepts. */
  public static final String IDENTITY = "local-identity";
  /** Secret key the server accepts. */
  public static final String CREDENTIAL = "local-credential";

  private final BlobStore blobStore;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private S3ProxyServer(BlobStore blobStore) throws Exception {
    this.blobStore = blobStore;
    this.proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:0")) // port 0: the server picks a free port
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    // start() returns before Jetty is listening; its state says when it is.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        proxy.stop();
        throw new IllegalStateException("S3Proxy did not start within 10 s: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.client = options().newClient();
  }

  /** Starts a server that keeps objects in memory. */
  public static S3ProxyServer start() {
    return start(new TransientNio2BlobStore());
  }

  /** Starts a server that keeps buckets as folders of {@code directory} (created if missing). */
  public static S3ProxyServer start(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return start(new FilesystemNio2BlobStore(directory.toAbsolutePath().toString()));
  }

  private static S3ProxyServer start(BlobStore blobStore) {
    try {
      return new S3ProxyServer(blobStore);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start S3Proxy", e);
    }
  }

  /** The server's URL, such as {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Options that reach this server: endpoint override, path style, the test credentials, and six
   * attempts per request: under a full CI run Jetty in this JVM closed a PUT's connection three times
   * in a row (each "Error writing request body to server"), seen twice in full runs, never in 15 runs alone;
   * tests of retries set their own count.
   */
  public S3Options options() {
    return options(Map.of());
  }

  /** {@link #options()} with some keys overridden, such as the endpoint of a proxy in front of this server. */
  public S3Options options(Map<String, String> overrides) {
    return S3Options.builder()
        .set(S3_ENDPOINT, endpoint.toString())
        .set(S3_REGION, "us-east-1")
        .set(S3_PATH_STYLE, true)
        .set(S3_MAX_ATTEMPTS, 6)
        .setAll(overrides)
        .build().withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)));
  }

  /** A client of this server, shared and closed by {@link #close()}; do not close it yourself. */
  public S3Client s3Client() {
    return client;
  }

  /** Creates {@code bucket}. */
  public S3ProxyServer createBucket(String bucket) {
    client.createBucket(b -> b.bucket(Objects.requireNonNull(bucket, "bucket")));
    return this;
  }

  /** Creates a bucket with a unique name and returns the name. */
  public String newBucket() {
    String bucket = "it-" + UUID.randomUUID().toString().substring(0, 13).toLowerCase(Locale.ROOT);
    createBucket(bucket);
    return bucket;
  }

  @Override
  public void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop S3Proxy", e);
    } finally {
      blobStore.close();
    }
  }

  @Override
  public String toString() {
    return "S3ProxyServer[" + endpoint + "]";
  }
}
