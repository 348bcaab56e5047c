package io.insightflow.lambda;

import io.insightflow.Insightflow;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.ConfigKey;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.KeyRegistry;
import io.insightflow.spi.Connectors;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration of one Lambda container, read once at init: the {@code INSIGHTFLOW_*}
 * environment variables (the same keys as everywhere, see {@link InsightflowProperties}) plus the
 * secrets they name, resolved through {@link SecretResolver}.
 *
 * <p>Rules that only hold in Lambda:
 * <ul>
 *   <li>Passwords never come from a plain environment variable: {@code INSIGHTFLOW_SOURCE_PASSWORD}
 *       and {@code INSIGHTFLOW_TARGET_PASSWORD} are refused; use the {@code *_PASSWORDSECRET} keys.
 *   <li>The sync target authenticates with RDS IAM tokens by default: when no password secret and
 *       no {@code insightflow.target.iamRegion} is set, the region of {@code AWS_REGION} (set by
 *       Lambda) is used. Without {@code AWS_REGION} (outside AWS) no password is sent.
 *   <li>A Snowflake private key secret is written once to an owner-only file in the temporary
 *       directory, whose path becomes {@code insightflow.source.privateKeyFile}.
 * </ul>
 *
 * <p>{@link #settings()} never holds a secret value; {@link #sourcePassword()} and
 * {@link #targetPassword()} hold them as {@link Secret}s, which do not print. Immutable.
 */
final class LambdaConfig {

  private static final Logger LOG = LoggerFactory.getLogger(LambdaConfig.class);
  /** The log level, which log4j2.xml reads: an insightflow variable, but no key. */
  static final String LOG_LEVEL = "INSIGHTFLOW_LOG_LEVEL";

  private final Map<String, String> settings;
  private final Secret sourcePassword;
  private final Secret targetPassword;

  private LambdaConfig(Map<String, String> settings, Secret sourcePassword, Secret targetPassword) {
    this.settings = Collections.unmodifiableMap(settings);
    this.sourcePassword = sourcePassword;
    this.targetPassword = targetPassword;
  }

  /** The configuration of this process: {@link System#getenv()} and secrets from AWS. */
  static LambdaConfig fromEnvironment() {
    try (SecretResolver secrets = SecretResolver.fromEnvironment()) {
      return fromEnvironment(System.getenv(), secrets);
    }
  }

  /**
   * The configuration of an environment. {@code INSIGHTFLOW_*} variables that name no key get one
   * warning line, each with the nearest key, as the Maven goals give (a variable may belong to
   * another tool, so it is no error).
   *
   * @throws InsightflowConfigException naming the key at fault
   */
  static LambdaConfig fromEnvironment(Map<String, String> env, SecretResolver secrets) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(secrets, "secrets");
    Map<String, String> named = new LinkedHashMap<>(env);
    named.remove(LOG_LEVEL);
    KeyRegistry keys = Connectors.registry();
    List<String> unknown = keys.unknownEnvironment(named);
    if (!unknown.isEmpty()) {
      LOG.warn("Ignoring environment variables that name no insightflow key: {}", String.join(", ", unknown));
    }
    Map<String, String> layer = keys.fromEnvironment(env);
    for (ConfigKey<String> plain : List.of(InsightflowProperties.SOURCE_PASSWORD,
        InsightflowProperties.TARGET_PASSWORD)) {
      if (layer.containsKey(plain.name())) {
        throw new InsightflowConfigException(plain.name(), plain.envName() + " is a password in a plain"
            + " environment variable, readable by anyone who may read the function's configuration; store it in"
            + " Secrets Manager or SSM and set " + plain.envName() + "SECRET to its ARN, name or ssm:<name>");
      }
    }
    Map<String, String> settings = new LinkedHashMap<>(InsightflowProperties.merge(layer));
    Secret source = resolve(settings, secrets, InsightflowProperties.SOURCE_PASSWORD_SECRET, "password");
    Secret target = resolve(settings, secrets, InsightflowProperties.TARGET_PASSWORD_SECRET, "password");
    Secret privateKey = resolve(settings, secrets, InsightflowProperties.SOURCE_PRIVATE_KEY_SECRET, "privateKey");
    if (privateKey != null) {
      settings.put(InsightflowProperties.SOURCE_PRIVATE_KEY_FILE.name(), writePrivateKey(privateKey).toString());
    }
    String awsRegion = env.get("AWS_REGION");
    if (target == null && settings.get(InsightflowProperties.TARGET_IAM_REGION.name()) == null
        && awsRegion != null && !awsRegion.isBlank()) {
      settings.put(InsightflowProperties.TARGET_IAM_REGION.name(), awsRegion.trim());
    }
    if (target != null && settings.get(InsightflowProperties.TARGET_IAM_REGION.name()) != null) {
      throw new InsightflowConfigException(InsightflowProperties.TARGET_IAM_REGION.name(), "RDS IAM authentication"
          + " replaces the password: unset insightflow.target.passwordSecret or this key");
    }
    return new LambdaConfig(settings, source, target);
  }

  private static Secret resolve(Map<String, String> settings, SecretResolver secrets, ConfigKey<?> key,
      String field) {
    String reference = settings.get(key.name());
    return reference == null || reference.isBlank() ? null : secrets.resolve(key.name(), reference, field);
  }

  private static Path writePrivateKey(Secret key) {
    try {
      Path file = Files.createTempFile("insightflow-source-key", ".p8",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      char[] pem = key.chars();
      ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pem));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      try {
        Files.write(file, bytes);
      } finally {
        Arrays.fill(pem, '\0');
        Arrays.fill(bytes, (byte) 0);
      }
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the private key of "
          + InsightflowProperties.SOURCE_PRIVATE_KEY_SECRET.name() + " to the temporary directory", e);
    }
  }

  /** Every setting after defaults; no secret values (those are {@link Secret}s). */
  Map<String, String> settings() {
    return settings;
  }

  /** The value of a key, or null. */
  String get(ConfigKey<?> key) {
    return settings.get(key.name());
  }

  /** The warehouse password from {@code insightflow.source.passwordSecret}, if set. */
  Optional<Secret> sourcePassword() {
    return Optional.ofNullable(sourcePassword);
  }

  /** The PostgreSQL password from {@code insightflow.target.passwordSecret}, if set. */
  Optional<Secret> targetPassword() {
    return Optional.ofNullable(targetPassword);
  }

  /** The sync target: the password secret, else RDS IAM tokens (see the class comment), else none. */
  PostgresConnectionOptions target() {
    PostgresConnectionOptions options = PostgresConnectionOptions.fromProperties(settings);
    return targetPassword == null ? options : options.withPassword(targetPassword::chars);
  }

  /** The application layer for this container: the settings, and the secrets as password suppliers. */
  Insightflow insightflow() {
    return Insightflow.configure().properties(settings)
        .sourcePassword(sourcePassword == null ? null : () -> new String(sourcePassword.chars()))
        .targetPassword(targetPassword == null ? null : targetPassword::chars).build();
  }

  @Override
  public String toString() {
    return "LambdaConfig" + Connectors.registry().masked(settings);
  }
}
