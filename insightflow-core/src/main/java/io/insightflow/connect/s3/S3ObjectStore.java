package io.insightflow.connect.s3;

import io.insightflow.api.Internal;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A lake in an S3 bucket (or an S3-compatible server), under an optional key prefix.
 *
 * <p>Keys given to and returned by this store are relative to the prefix. Each write is one
 * PutObject or one completed multipart upload, so readers see the whole object or the previous one.
 * Files of {@value #MULTIPART_THRESHOLD_MIB} MiB or more are uploaded in parts of
 * {@value #PART_SIZE_MIB} MiB read through one buffer, so memory stays bounded whatever the size.
 *
 * <p>Thread-safe. The injected {@link S3Client} is shared; it is closed by {@link #close()} only when
 * the store was told it owns it. SDK failures are wrapped once: as {@link LakeException} for an
 * object operation, as {@link InsightflowConfigException} by {@link #checkAccess()}; messages name
 * the bucket and what to fix, never a secret.
 *
 * <pre>{@code
 * try (S3ObjectStore lake = S3ObjectStore.open(S3Options.fromProperties(Map.of()), "my-bucket", "raw")) {
 *   lake.put("data/batch/orders/_manifest.json", json);
 * }
 * }</pre>
 */
@Internal
public final class S3ObjectStore implements ObjectStore {

  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  static final int MULTIPART_THRESHOLD_MIB = 64;
  static final int PART_SIZE_MIB = 16;
  private static final long MIB = 1024 * 1024;
  /** Bound of the start-up check, whatever the retries and timeouts of the client. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

  private final S3Client client;
  private final String bucket;
  private final String prefix;
  private final boolean ownsClient;
  private final long multipartThreshold;
  private final S3Failures failures;
  private final S3Listing listing;
  private final MultipartUpload multipart;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * A store over an existing client. Does no I/O; call {@link #checkAccess()} to fail fast.
   *
   * @param client the shared client
   * @param bucket the bucket name
   * @param prefix key prefix inside the bucket, with or without a trailing {@code /}; empty for the
   *     bucket root
   * @param ownsClient whether {@link #close()} closes the client
   */
  public S3ObjectStore(S3Client client, String bucket, String prefix, boolean ownsClient) {
    this(client, bucket, prefix, ownsClient, MULTIPART_THRESHOLD_MIB * MIB, (int) (PART_SIZE_MIB * MIB));
  }

  /** For tests: a lower multipart threshold and part size keep multipart tests fast. */
  S3ObjectStore(S3Client client, String bucket, String prefix, boolean ownsClient,
      long multipartThreshold, int partSize) {
    this.client = Objects.requireNonNull(client, "client");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    if (bucket.isBlank() || bucket.contains("/")) {
      throw new InsightflowConfigException(InsightflowProperties.LAKE.name(),
          "'" + bucket + "' is not a bucket name; use s3://bucket/optional/prefix");
    }
    this.prefix = normalisePrefix(Objects.requireNonNull(prefix, "prefix"));
    this.ownsClient = ownsClient;
    this.multipartThreshold = multipartThreshold;
    String lake = describe();
    this.failures = new S3Failures(client, bucket, lake);
    this.listing = new S3Listing(client, bucket, this.prefix, lake, failures);
    this.multipart = new MultipartUpload(client, bucket, lake, partSize);
  }

  /**
   * Opens {@code s3://bucket/optional/prefix} with {@link #open(S3Options, String, String)}.
   *
   * @throws InsightflowConfigException naming {@code insightflow.lake} if the URI names no bucket
   */
  public static S3ObjectStore open(String uri, S3Options options) {
    Objects.requireNonNull(uri, "uri");
    String value = uri.trim();
    if (!value.regionMatches(true, 0, "s3://", 0, 5)) {
      throw new InsightflowConfigException(InsightflowProperties.LAKE.name(), "'" + uri
          + "' is not an S3 location; use s3://bucket/optional/prefix");
    }
    String rest = value.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    if (bucket.isEmpty()) {
      throw new InsightflowConfigException(InsightflowProperties.LAKE.name(), "'" + uri
          + "' names no bucket; use s3://bucket/optional/prefix");
    }
    return open(options, bucket, slash < 0 ? "" : rest.substring(slash + 1));
  }

  /**
   * Builds a client from {@code options}, checks that the bucket is reachable (see {@link
   * #checkAccess()}) and returns a store that owns the client.
   *
   * @throws InsightflowConfigException if the endpoint, the credentials or the bucket are unusable;
   *     the client is closed then
   */
  public static S3ObjectStore open(S3Options options, String bucket, String prefix) {
    S3Client client = Objects.requireNonNull(options, "options").newClient();
    try {
      S3ObjectStore store = new S3ObjectStore(client, bucket, prefix, true);
      store.checkAccess();
      return store;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Checks with one HeadBucket, bounded to a few seconds, that the endpoint answers, the
   * credentials are accepted and the bucket exists, so a bad setting fails at start rather than
   * after the first extract.
   *
   * @return this store
   * @throws InsightflowConfigException naming {@code insightflow.s3.endpoint} when the endpoint
   *     cannot be reached, otherwise {@code insightflow.lake} (missing bucket, refused credentials)
   */
  public S3ObjectStore checkAccess() {
    try {
      client.headBucket(b -> b.bucket(bucket)
          .overrideConfiguration(o -> o.apiCallTimeout(CHECK_TIMEOUT)));
      LOG.debug("S3 lake {} is reachable at {}", describe(), failures.endpoint());
      return this;
    } catch (SdkException e) {
      throw failures.access(e);
    }
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The key prefix inside the bucket: empty, or ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  /**
   * The lake key of the object {@code s3://bucket/key}, as an S3 event notification names it
   * (after URL-decoding), or empty when the object lies outside this lake: another bucket, or a key
   * not under the prefix.
   */
  public Optional<String> lakeKey(String bucket, String key) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    if (!bucket.equals(this.bucket) || !key.startsWith(prefix) || key.length() == prefix.length()) {
      return Optional.empty();
    }
    return Optional.of(key.substring(prefix.length()));
  }

  @Override
  public Stream<ObjectInfo> list(String prefix, String startAfter) {
    Objects.requireNonNull(prefix, "prefix");
    return listing.list(prefix, startAfter);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    String fullKey = fullKey(key);
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(fullKey));
      return Optional.of(new ObjectInfo(key, head.contentLength(), unquote(head.eTag()),
          head.lastModified()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failures.object(key, "Cannot read metadata", e);
    } catch (SdkException e) {
      throw failures.object(key, "Cannot read metadata", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A download that breaks off (reset, timed-out read, body cut short) is resumed where it stopped
   * with a ranged GET pinned to the object's ETag, so readers get every byte of the version they
   * opened or an {@link IOException}, never a silently shorter object.
   */
  @Override
  public InputStream open(String key) {
    String fullKey = fullKey(key);
    try {
      return new ResumingObjectStream(client, bucket, fullKey, key, describe(), -1,
          client.getObject(b -> b.bucket(bucket).key(fullKey)));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new LakeException(key, "Object does not exist in " + describe(), e);
      }
      throw failures.object(key, "Cannot open object", e);
    } catch (SdkException e) {
      throw failures.object(key, "Cannot open object", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The GET carries {@code If-Match} with the listed ETag, so S3 itself refuses another version
   * (412); resumes stay pinned to it (see {@link #open(String)}), and the bytes are counted against
   * the listed size.
   */
  @Override
  public InputStream open(ObjectInfo listed) {
    String key = Objects.requireNonNull(listed, "listed").key();
    String fullKey = fullKey(key);
    ResponseInputStream<GetObjectResponse> first;
    try {
      first = client.getObject(b -> b.bucket(bucket).key(fullKey)
          .ifMatch(listed.etag().isEmpty() ? null : "\"" + listed.etag() + "\""));
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 404) {
        throw notListed(listed, e);
      }
      throw failures.object(key, "Cannot open object", e);
    } catch (SdkException e) {
      throw failures.object(key, "Cannot open object", e);
    }
    String etag = unquote(first.response().eTag());
    if (!listed.etag().isEmpty() && !listed.etag().equals(etag)) { // a server that ignores If-Match
      first.abort();
      throw notListed(listed, null);
    }
    return new ResumingObjectStream(client, bucket, fullKey, key, describe(), listed.size(), first);
  }

  /** The failure of an open that found another version than {@code listed}, naming both. */
  private LakeException notListed(ObjectInfo listed, S3Exception cause) {
    String now;
    try {
      now = stat(listed.key()).map(i -> "now " + i.version()).orElse("it no longer exists");
    } catch (LakeException e) {
      now = "now another version";
    }
    return new LakeException(listed.key(), "Object is not the version listed in " + describe() + " (listed as "
        + listed.version() + ", " + now + "); it is read once it holds still", cause);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The file is deleted once the object is published; after a failure it is left for the caller.
   * {@link ObjectInfo#lastModified()} of the result is this machine's clock, not S3's.
   */
  @Override
  public ObjectInfo put(String key, Path file) {
    String fullKey = fullKey(key);
    Objects.requireNonNull(file, "file");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new LakeException(key, "Cannot read staged file " + file + " for " + describe(), e);
    }
    String etag;
    try {
      etag = size < multipartThreshold
          ? client.putObject(b -> b.bucket(bucket).key(fullKey).contentLength(size),
              RequestBody.fromFile(file)).eTag()
          : multipart.upload(key, fullKey, file, size);
    } catch (SdkException e) {
      throw failures.object(key, "Cannot write object", e);
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Published {} in {} but cannot delete staged file {}: {}", Printable.of(key), describe(), file,
          Printable.of(e));
    }
    return new ObjectInfo(key, size, unquote(etag), Instant.now());
  }

  @Override
  public ObjectInfo put(String key, byte[] content) {
    String fullKey = fullKey(key);
    Objects.requireNonNull(content, "content");
    try {
      String etag = client.putObject(b -> b.bucket(bucket).key(fullKey).contentLength((long) content.length),
          RequestBody.fromBytes(content)).eTag();
      return new ObjectInfo(key, content.length, unquote(etag), Instant.now());
    } catch (SdkException e) {
      throw failures.object(key, "Cannot write object", e);
    }
  }

  @Override
  public void delete(String key) {
    String fullKey = fullKey(key);
    try {
      client.deleteObject(b -> b.bucket(bucket).key(fullKey)); // S3 answers 204 for a missing key too
    } catch (SdkException e) {
      throw failures.object(key, "Cannot delete object", e);
    }
  }

  /** A temporary file in {@code java.io.tmpdir}; uploads read from it, so any file system will do. */
  @Override
  public Path newStagingFile() {
    try {
      return Files.createTempFile("insightflow-", ".tmp");
    } catch (IOException e) {
      throw new LakeException(System.getProperty("java.io.tmpdir"), "Cannot create a staging file in java.io.tmpdir for "
          + describe() + ": " + e.getMessage(), e);
    }
  }

  /** {@code s3://bucket/prefix}, or {@code s3://bucket} without a prefix. */
  @Override
  public String describe() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
  }

  /** Closes the client if this store owns it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + describe() + "]";
  }

  private String fullKey(String key) {
    return prefix + ObjectKeys.check(key);
  }

  private static String normalisePrefix(String prefix) {
    String p = prefix;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return "";
    }
    try {
      return ObjectKeys.check(p) + "/";
    } catch (LakeException e) {
      throw new InsightflowConfigException(InsightflowProperties.LAKE.name(),
          "'" + prefix + "' is not a usable key prefix: " + e.getMessage(), e);
    }
  }

  /** An ETag without the quotes S3 puts around it; empty when S3 sent none. */
  static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1) : etag;
  }
}
