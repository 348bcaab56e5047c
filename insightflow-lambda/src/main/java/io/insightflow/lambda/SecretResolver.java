package io.insightflow.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.api.InsightflowConfigException;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Reads secrets named by the {@code insightflow.*Secret} keys: {@code ssm:<parameter name>} from
 * SSM Parameter Store (decrypted, for SecureString parameters), anything else as a Secrets Manager
 * secret ARN or name. A JSON secret (as RDS and the Secrets Manager console store them) gives its
 * {@code field} ({@code password} or {@code privateKey}); any other secret string is the value.
 *
 * <p>Clients are built on first use, once per container, over the URLConnection HTTP client, with
 * the default region and credentials chain; {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} and
 * {@code AWS_ENDPOINT_URL_SSM} redirect them as everywhere in the AWS SDK. Errors name the key and
 * the secret's reference, never its value. Thread-safe; {@link #close()} closes the clients.
 */
final class SecretResolver implements AutoCloseable {

  static final String SSM_PREFIX = "ssm:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lazy<SecretsManagerClient> secretsManager;
  private final Lazy<SsmClient> ssm;

  SecretResolver(Supplier<SecretsManagerClient> secretsManager, Supplier<SsmClient> ssm) {
    this.secretsManager = new Lazy<>(secretsManager);
    this.ssm = new Lazy<>(ssm);
  }

  /** A resolver whose clients come from the environment (region, credentials, endpoint overrides). */
  static SecretResolver fromEnvironment() {
    return new SecretResolver(
        () -> SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
        () -> SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build());
  }

  /**
   * Resolves a reference.
   *
   * @param key the configuration key the reference came from, named in errors
   * @param reference {@code ssm:<name>}, or a Secrets Manager ARN or name
   * @param field the field to take from a JSON secret
   * @throws InsightflowConfigException naming the key when the secret cannot be read or is empty
   */
  Secret resolve(String key, String reference, String field) {
    Objects.requireNonNull(key, "key");
    String ref = Objects.requireNonNull(reference, "reference").trim();
    String value;
    try {
      if (ref.startsWith(SSM_PREFIX)) {
        String name = ref.substring(SSM_PREFIX.length());
        value = ssm.get().getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
      } else {
        value = fromSecretString(key, ref, field,
            secretsManager.get().getSecretValue(b -> b.secretId(ref)).secretString());
      }
    } catch (SdkException e) {
      throw new InsightflowConfigException(key, "Cannot read " + describe(ref) + ": " + e.getMessage()
          + "; check the name and that the function's role may read it"
          + (ref.startsWith(SSM_PREFIX) ? " (ssm:GetParameter, kms:Decrypt)" : " (secretsmanager:GetSecretValue)"), e);
    }
    if (value == null || value.isEmpty()) {
      throw new InsightflowConfigException(key, describe(ref) + " is empty");
    }
    return new Secret(ref, value.toCharArray());
  }

  private static String fromSecretString(String key, String ref, String field, String secretString) {
    if (secretString == null) {
      throw new InsightflowConfigException(key, describe(ref) + " holds binary data; store the value as a"
          + " secret string");
    }
    if (!secretString.stripLeading().startsWith("{")) {
      return secretString;
    }
    JsonNode node;
    try {
      node = JSON.readTree(secretString);
    } catch (IOException e) {
      return secretString; // starts with a brace but is no JSON: a plain value after all
    }
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InsightflowConfigException(key, describe(ref) + " is a JSON secret without a text field \""
          + field + "\"");
    }
    return value.textValue();
  }

  private static String describe(String ref) {
    return ref.startsWith(SSM_PREFIX) ? "SSM parameter " + ref.substring(SSM_PREFIX.length())
        : "Secrets Manager secret " + ref;
  }

  @Override
  public void close() {
    secretsManager.close();
    ssm.close();
  }

  /** A client built on first use; closing closes it only if it was built. */
  private static final class Lazy<T extends AutoCloseable> {
    private final Supplier<T> factory;
    private T value;

    Lazy(Supplier<T> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    synchronized T get() {
      if (value == null) {
        value = factory.get();
      }
      return value;
    }

    synchronized void close() {
      if (value != null) {
        try {
          value.close();
        } catch (Exception e) {
          // closing an SDK client releases local resources only; nothing to report
        }
        value = null;
      }
    }
  }
}
