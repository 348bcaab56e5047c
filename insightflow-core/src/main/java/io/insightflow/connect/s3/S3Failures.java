package io.insightflow.connect.s3;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.LakeException;
import io.insightflow.config.InsightflowProperties;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The SDK's failures of one S3 lake as insightflow's: what failed, in which lake, why, and what to
 * fix (credentials, bucket, endpoint). Never echoes request headers or secrets.
 */
final class S3Failures {

  private static final Set<String> CREDENTIAL_ERRORS = Set.of("InvalidAccessKeyId",
      "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired",
      "InvalidClientTokenId", "AuthorizationHeaderMalformed");
  private static final String CREDENTIALS_HINT = "set AWS credentials (AWS_ACCESS_KEY_ID/"
      + "AWS_SECRET_ACCESS_KEY, a profile via AWS_PROFILE, or a role) that may use the bucket";

  private final S3Client client;
  private final String bucket;
  private final String lake;

  /**
   * @param lake the lake as {@link S3ObjectStore#describe()} names it
   */
  S3Failures(S3Client client, String bucket, String lake) {
    this.client = client;
    this.bucket = bucket;
    this.lake = lake;
  }

  /** The failure of {@code action} ("Cannot write object") on the object {@code key}. */
  LakeException object(String key, String action, SdkException e) {
    return new LakeException(key, action + " in " + lake + ": " + reason(e), e);
  }

  /**
   * The failure of {@link S3ObjectStore#checkAccess()}: naming {@code insightflow.s3.endpoint} when
   * the endpoint cannot be reached, otherwise {@code insightflow.lake}.
   */
  InsightflowConfigException access(SdkException e) {
    String configKey = InsightflowProperties.LAKE.name();
    String reason;
    if (e instanceof S3Exception s3 && s3.statusCode() == 404) {
      reason = "bucket '" + bucket + "' does not exist at " + endpoint()
          + "; create it or point insightflow.lake at an existing bucket";
    } else if (e instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() == 401)) {
      reason = "access to bucket '" + bucket + "' was refused (HTTP " + s3.statusCode() + "); "
          + CREDENTIALS_HINT;
    } else {
      reason = reason(e);
      if (isUnreachable(e)) {
        configKey = InsightflowProperties.S3_ENDPOINT.name();
      }
    }
    return new InsightflowConfigException(configKey, "Cannot use S3 lake " + lake + ": " + reason, e);
  }

  /** Why a call failed and what to fix, from the SDK's error. */
  private String reason(SdkException e) {
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      if (CREDENTIAL_ERRORS.contains(code)) {
        return "the credentials were rejected (" + code + "); " + CREDENTIALS_HINT;
      }
      if ("NoSuchBucket".equals(code)) {
        return "bucket '" + bucket + "' does not exist; create it or fix insightflow.lake";
      }
      if (s3.statusCode() == 403) {
        return "access denied (" + code + "); " + CREDENTIALS_HINT;
      }
      return "S3 answered HTTP " + s3.statusCode() + (code == null ? "" : " " + code);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load credentials")) {
      return "no AWS credentials found; " + CREDENTIALS_HINT;
    }
    if (e instanceof ApiCallTimeoutException) {
      return "no answer from " + endpoint() + " within " + S3ObjectStore.CHECK_TIMEOUT.toSeconds()
          + " s; check insightflow.s3.endpoint and the network";
    }
    if (isUnreachable(e)) {
      return "cannot reach " + endpoint() + " (" + rootCause(e) + "); check insightflow.s3.endpoint"
          + " (and insightflow.s3.region) and that the server is running";
    }
    return message;
  }

  /** The endpoint the client calls, as messages name it. */
  String endpoint() {
    return client.serviceClientConfiguration().endpointOverride()
        .map(URI::toString)
        .orElseGet(() -> "the AWS S3 endpoint of region " + client.serviceClientConfiguration().region());
  }

  private static boolean isUnreachable(SdkException e) {
    return e instanceof ApiCallTimeoutException
        || (e instanceof SdkClientException && rootCause(e) instanceof IOException);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
