package io.insightflow.lambda;

import io.insightflow.testing.MotoServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Secrets resolved through the real Secrets Manager and SSM SDK clients against moto_server, and
 * the Lambda-only configuration rules.
 */
class LambdaConfigIT {

  static final String PASSWORD = "s3cr3t-" + UUID.randomUUID();
  static MotoServer moto;
  static SecretsManagerClient secretsManager;
  static SsmClient ssm;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    secretsManager = MotoClients.secretsManager(moto);
    ssm = MotoClients.ssm(moto);
    secretsManager.createSecret(b -> b.name("insightflow/target").secretString(PASSWORD));
    secretsManager.createSecret(b -> b.name("rds/managed")
        .secretString("{\"username\":\"loader\",\"password\":\"" + PASSWORD + "\"}"));
    secretsManager.createSecret(b -> b.name("snowflake/key")
        .secretString("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"));
    ssm.putParameter(b -> b.name("/insightflow/source-password").value(PASSWORD).type(ParameterType.SECURE_STRING));
  }

  @AfterAll
  static void stop() throws Exception {
    secretsManager.close();
    ssm.close();
    moto.close();
  }

  private static SecretResolver resolver() {
    return new SecretResolver(() -> MotoClients.secretsManager(moto), () -> MotoClients.ssm(moto));
  }

  private static LambdaConfig config(Map<String, String> env) {
    try (SecretResolver secrets = resolver()) {
      return LambdaConfig.fromEnvironment(env, secrets);
    }
  }

  @Test
  void passwordSecrets_fromSecretsManagerAndSsm_areResolvedButNeverPrinted() {
    LambdaConfig config = config(Map.of("INSIGHTFLOW_TARGET_PASSWORDSECRET", "insightflow/target",
        "INSIGHTFLOW_SOURCE_PASSWORDSECRET", "ssm:/insightflow/source-password"));

    assertThat(new String(config.targetPassword().orElseThrow().chars())).isEqualTo(PASSWORD);
    assertThat(new String(config.sourcePassword().orElseThrow().chars())).isEqualTo(PASSWORD);
    assertThat(config.settings().values()).doesNotContain(PASSWORD);
    assertThat(config.toString()).doesNotContain(PASSWORD);
    assertThat(config.targetPassword().get().toString()).doesNotContain(PASSWORD).contains("insightflow/target");
    assertThat(config.target().toString()).doesNotContain(PASSWORD).contains("password=****");
  }

  @Test
  void jsonSecret_givesItsPasswordField() {
    LambdaConfig config = config(Map.of("INSIGHTFLOW_TARGET_PASSWORDSECRET", "rds/managed"));

    assertThat(new String(config.targetPassword().orElseThrow().chars())).isEqualTo(PASSWORD);
  }

  @Test
  void resolvedPassword_connectsToPostgres() throws Exception {
    try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
      LambdaConfig config = config(Map.of("INSIGHTFLOW_TARGET_PASSWORDSECRET", "insightflow/target",
          "INSIGHTFLOW_TARGET_URL", pg.url(), "INSIGHTFLOW_TARGET_USER", pg.user()));
      PostgresConnectionOptions target = config.target();
      try (Connection c = target.connect()) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void privateKeySecret_isWrittenToAnOwnerOnlyFile() throws Exception {
    LambdaConfig config = config(Map.of("INSIGHTFLOW_SOURCE_PRIVATEKEYSECRET", "snowflake/key"));

    Path file = Path.of(config.get(io.insightflow.config.InsightflowProperties.SOURCE_PRIVATE_KEY_FILE));
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void missingSecret_failsNamingKeyAndSecret_withoutAValue() {
    assertThatThrownBy(() -> config(Map.of("INSIGHTFLOW_TARGET_PASSWORDSECRET", "no/such/secret")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.target.passwordSecret")
        .hasMessageContaining("Secrets Manager secret no/such/secret")
        .hasMessageContaining("secretsmanager:GetSecretValue");
    assertThatThrownBy(() -> config(Map.of("INSIGHTFLOW_SOURCE_PASSWORDSECRET", "ssm:/no/such")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("SSM parameter /no/such");
  }

  @Test
  void plainPasswordVariable_isRefused() {
    assertThatThrownBy(() -> config(Map.of("INSIGHTFLOW_TARGET_PASSWORD", PASSWORD)))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("INSIGHTFLOW_TARGET_PASSWORDSECRET")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }

  @Test
  void inAws_withoutPasswordSecret_usesRdsIamInTheFunctionsRegion() {
    LambdaConfig config = config(Map.of("AWS_REGION", "eu-west-1",
        "INSIGHTFLOW_TARGET_URL", "jdbc:postgresql://db.abc.eu-west-1.rds.amazonaws.com:5432/app"));

    assertThat(config.get(io.insightflow.config.InsightflowProperties.TARGET_IAM_REGION)).isEqualTo("eu-west-1");
    assertThat(config.target().sslMode()).isEqualTo("require");
    assertThat(config.target().toString()).contains("password=****");
  }

  @Test
  void outsideAws_withoutPasswordSecret_sendsNoPassword() {
    LambdaConfig config = config(Map.of());

    assertThat(config.get(io.insightflow.config.InsightflowProperties.TARGET_IAM_REGION)).isNull();
    assertThat(config.target().toString()).contains("password=none");
  }
}
