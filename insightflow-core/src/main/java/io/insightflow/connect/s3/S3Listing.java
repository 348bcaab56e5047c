package io.insightflow.connect.s3;

import io.insightflow.api.Printable;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.spi.ObjectInfo;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link S3ObjectStore#list}: the objects under a key prefix of the lake, in key order, fetched a
 * page at a time as the stream is read. Only keys a lake key can be are listed. Thread-safe.
 */
final class S3Listing {

  // Under the store's name, as before the split: users filter the store's lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  private final S3Client client;
  private final String bucket;
  private final String lakePrefix;
  private final String lake;
  private final S3Failures failures;

  /**
   * @param lakePrefix the store's key prefix: empty, or ending with {@code /}
   * @param lake the lake as {@link S3ObjectStore#describe()} names it
   */
  S3Listing(S3Client client, String bucket, String lakePrefix, String lake, S3Failures failures) {
    this.client = client;
    this.bucket = bucket;
    this.lakePrefix = lakePrefix;
    this.lake = lake;
    this.failures = failures;
  }

  /** See {@link io.insightflow.spi.ObjectStore#list(String, String)}. */
  Stream<ObjectInfo> list(String prefix, String startAfter) {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
        .bucket(bucket)
        .prefix(lakePrefix + prefix);
    if (startAfter != null) {
      request.startAfter(lakePrefix + startAfter);
    }
    // The paginator sends a request only when the iteration needs the next page.
    Iterator<S3Object> objects = client.listObjectsV2Paginator(request.build()).contents().iterator();
    Iterator<S3Object> guarded = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pageFetch(prefix, objects::hasNext);
      }

      @Override
      public S3Object next() {
        return pageFetch(prefix, objects::next);
      }
    };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED | Spliterator.NONNULL), false)
        // Zero-byte "folder" placeholders (created by consoles) are not objects of the lake.
        .filter(o -> !o.key().endsWith("/"))
        .map(o -> new ObjectInfo(o.key().substring(lakePrefix.length()), o.size(), S3ObjectStore.unquote(o.eTag()),
            o.lastModified()))
        .filter(this::nameable);
  }

  /** {@code step} of the iteration, which may fetch the next page: its SDK failure wrapped once. */
  private <T> T pageFetch(String prefix, Supplier<T> step) {
    try {
      return step.get();
    } catch (SdkException e) {
      throw failures.object(prefix, "Cannot list objects", e);
    }
  }

  /**
   * Whether a listed key is one a lake key can be: S3 keys may hold control characters (a newline
   * that would forge log lines) or {@code ..} segments. Others are skipped with one warning, so one
   * bad name never stops the listing. [#19]
   */
  private boolean nameable(ObjectInfo listed) {
    Optional<String> problem = ObjectKeys.problem(listed.key());
    problem.ifPresent(p -> LOG.warn("Skipping {} in {}: {}", Printable.of(listed.key()), lake, p));
    return problem.isEmpty();
  }
}
