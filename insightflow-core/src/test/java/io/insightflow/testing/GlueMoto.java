package io.insightflow.testing;

import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The Glue API of a {@link MotoServer} for tests that register through the facade: a client for the
 * test's own checks, and credentials in the system properties, where the default chain of the
 * facade's client finds them. A JUnit extension for the test class:
 * {@code @RegisterExtension static final GlueMoto moto = new GlueMoto();} starts it before the
 * class's tests and stops it (clearing the properties) after them.
 */
public final class GlueMoto implements BeforeAllCallback, AfterAllCallback {

  private MotoServer moto;
  private GlueClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    moto = MotoServer.start();
    client = GlueClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(MotoServer.CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** The client for the test's checks. */
  public GlueClient client() {
    return client;
  }

  /** Where the facade's client points ({@code insightflow.catalog.glue.endpoint}). */
  public URI endpoint() {
    return moto.endpoint();
  }

  /** Creates a database of its own for one test and returns its name. */
  public String newDatabase() {
    String database = "raw_" + UUID.randomUUID().toString().substring(0, 8);
    client.createDatabase(r -> r.databaseInput(d -> d.name(database)));
    return database;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    client.close();
    moto.close();
  }
}
