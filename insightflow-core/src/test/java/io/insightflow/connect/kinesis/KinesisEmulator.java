package io.insightflow.connect.kinesis;

import static io.insightflow.config.InsightflowProperties.KINESIS_ENDPOINT;
import static io.insightflow.config.InsightflowProperties.KINESIS_REGION;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis protocol emulator for integration tests: the npm package {@code kinesis-local}
 * (kinesis-mock), installed with npm into a cache folder when missing and started with node on free
 * loopback ports. One instance per test JVM, stopped by a shutdown hook.
 *
 * <p>Environment: {@code INSIGHTFLOW_KINESIS_ENDPOINT} uses an already running emulator instead;
 * {@code INSIGHTFLOW_KINESIS_EMULATOR_DIR} overrides the install folder (default
 * {@code ~/.cache/insightflow/kinesis-local-0.6.2}). Needs {@code node} and {@code npm} on the PATH.
 */
public final class KinesisEmulator {

  static final String PACKAGE = "kinesis-local";
  static final String VERSION = "0.6.2";

  private static KinesisEmulator shared;

  private final URI endpoint;
  private final Process process;

  private KinesisEmulator(URI endpoint, Process process) {
    this.endpoint = endpoint;
    this.process = process;
  }

  /** The emulator of this JVM, installed and started on first use. */
  public static synchronized KinesisEmulator get() {
    if (shared == null) {
      String external = System.getenv("INSIGHTFLOW_KINESIS_ENDPOINT");
      shared = external != null && !external.isBlank()
          ? new KinesisEmulator(URI.create(external), null)
          : start();
      shared.awaitReady();
    }
    return shared;
  }

  /** The endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Client options pointing at the emulator, with dummy credentials. */
  public KinesisClientOptions clientOptions() {
    return KinesisClientOptions.builder()
        .set(KINESIS_ENDPOINT, endpoint.toString())
        .set(KINESIS_REGION, "us-east-1")
        .build().withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
  }

  /** A new client; the caller closes it. */
  public KinesisClient client() {
    return KinesisClientProvider.create(clientOptions());
  }

  /** Creates a stream and waits until it is ACTIVE. */
  public static void createStream(KinesisClient client, String name, int shards) {
    client.createStream(r -> r.streamName(name).shardCount(shards));
    awaitActive(client, name);
  }

  /** Waits until the stream is ACTIVE (after a create or a reshard). */
  public static void awaitActive(KinesisClient client, String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      StreamStatus status = client.describeStreamSummary(r -> r.streamName(name))
          .streamDescriptionSummary().streamStatus();
      if (status == StreamStatus.ACTIVE) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException("Stream " + name + " did not become ACTIVE in 30 s");
  }

  private static KinesisEmulator start() {
    Path dir = installDir();
    Path main = dir.resolve("node_modules").resolve(PACKAGE).resolve("main.js");
    if (!Files.isRegularFile(main)) {
      install(dir);
    }
    int plain = freePort();
    int tls = freePort();
    Path log = Path.of("target", "kinesis-emulator-" + plain + ".log").toAbsolutePath();
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder("node", "main.js").directory(main.getParent().toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plain));
      pb.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(tls));
      pb.environment().put("LOG_LEVEL", "WARN");
      pb.environment().put("SHARD_LIMIT", "200");
      Process process = pb.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        process.destroy();
        try {
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
        }
      }));
      return new KinesisEmulator(URI.create("http://127.0.0.1:" + plain), process);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Kinesis emulator (node " + main + ")", e);
    }
  }

  private static Path installDir() {
    String configured = System.getenv("INSIGHTFLOW_KINESIS_EMULATOR_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "insightflow", PACKAGE + "-" + VERSION);
  }

  private static void install(Path dir) {
    try {
      Files.createDirectories(dir);
      Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(),
          PACKAGE + "@" + VERSION).redirectErrorStream(true)
          .redirectOutput(dir.resolve("npm-install.log").toFile()).start();
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm install " + PACKAGE + "@" + VERSION + " failed; see "
            + dir.resolve("npm-install.log"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run npm to install the Kinesis emulator into " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while installing the Kinesis emulator", e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (KinesisClient client = client()) {
      RuntimeException last = null;
      while (System.nanoTime() < deadline) {
        if (process != null && !process.isAlive()) {
          throw new IllegalStateException("Kinesis emulator exited with " + process.exitValue()
              + "; see target/kinesis-emulator-*.log");
        }
        try {
          client.listStreams();
          return;
        } catch (RuntimeException e) {
          last = e;
          sleep(200);
        }
      }
      throw new IllegalStateException("Kinesis emulator at " + endpoint + " not ready in 60 s", last);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Unused streams are cheap in the emulator; tests use unique names instead of deleting. */
  static String uniqueName(String prefix) {
    return prefix + "-" + Long.toHexString(System.nanoTime());
  }

  static List<String> shardIds(KinesisClient client, String stream) {
    return client.listShards(r -> r.streamName(stream)).shards().stream().map(s -> s.shardId()).toList();
  }
}
