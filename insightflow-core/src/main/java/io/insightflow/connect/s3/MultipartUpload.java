package io.insightflow.connect.s3;

import io.insightflow.api.LakeException;
import io.insightflow.api.Printable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Multipart uploads of staged files into one bucket, in parts read through one reused buffer, so
 * memory stays bounded whatever the size. Any failure, including an interruption or an error,
 * aborts the upload so no invisible parts keep costing storage. Thread-safe.
 */
final class MultipartUpload {

  // Under the store's name, as before the split: users filter the store's lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  private final S3Client client;
  private final String bucket;
  private final String lake;
  private final int partSize;

  /**
   * @param lake the lake as {@link S3ObjectStore#describe()} names it
   * @param partSize bytes per part (the last part may be smaller)
   */
  MultipartUpload(S3Client client, String bucket, String lake, int partSize) {
    this.client = client;
    this.bucket = bucket;
    this.lake = lake;
    this.partSize = partSize;
  }

  /**
   * Uploads {@code file} ({@code size} bytes) as {@code fullKey} and returns the ETag S3 gave the
   * object; {@link SdkException}s are left to the caller to wrap.
   *
   * @param key the lake key, for messages
   * @throws LakeException if the file cannot be read
   */
  String upload(String key, String fullKey, Path file, long size) {
    String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(fullKey)).uploadId();
    boolean completed = false;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[(int) Math.min(partSize, size)];
      List<CompletedPart> parts = new ArrayList<>();
      int length;
      while ((length = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        int partNumber = parts.size() + 1;
        long partLength = length;
        // A provider, not a stream: the SDK may read the body twice (signing, then a retry).
        RequestBody body = RequestBody.fromContentProvider(
            () -> new ByteArrayInputStream(buffer, 0, (int) partLength), partLength,
            "application/octet-stream");
        String etag = client.uploadPart(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId)
            .partNumber(partNumber).contentLength(partLength), body).eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      String etag = client.completeMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId)
          .multipartUpload(u -> u.parts(parts))).eTag();
      completed = true;
      LOG.debug("Uploaded {} to {} in {} parts ({} bytes)", Printable.of(key), lake, parts.size(), size);
      return etag;
    } catch (IOException e) {
      throw new LakeException(key, "Cannot read staged file " + file + " for " + lake, e);
    } finally {
      if (!completed) {
        abort(key, fullKey, uploadId);
      }
    }
  }

  private void abort(String key, String fullKey, String uploadId) {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId));
    } catch (SdkException e) {
      // The upload failure propagates; a bucket lifecycle rule reclaims what could not be aborted.
      LOG.warn("Cannot abort multipart upload of {} in {}: {}", Printable.of(key), lake, Printable.of(e));
    }
  }
}
