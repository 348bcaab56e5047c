package io.insightflow.lambda;

import io.insightflow.testing.MotoServer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The real Secrets Manager and SSM clients, pointed at core's test {@link MotoServer}. */
final class MotoClients {

  private MotoClients() {}

  static SecretsManagerClient secretsManager(MotoServer moto) {
    return SecretsManagerClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(MotoServer.CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  static SsmClient ssm(MotoServer moto) {
    return SsmClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(MotoServer.CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }
}
