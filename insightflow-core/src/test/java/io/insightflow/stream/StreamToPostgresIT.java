package io.insightflow.stream;

import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.TARGET_PASSWORD;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;
import static io.insightflow.config.InsightflowProperties.TARGET_URL;
import static io.insightflow.config.InsightflowProperties.TARGET_USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import io.insightflow.connect.kinesis.KinesisConsumer.StopReason;
import io.insightflow.connect.kinesis.KinesisEmulator;
import io.insightflow.connect.kinesis.KinesisPublisher.PublishResult;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.ObjectStore;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import io.insightflow.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The streaming arm end to end, through the facade and its keys: publish N order events to the
 * Kinesis emulator, consume them into a local lake, sync the lake into the real PostgreSQL; then a
 * second consume (nothing new) and sync still leave exactly N rows. Crashes and restarts are
 * covered by {@code KinesisConsumerCrashIT}.
 */
class StreamToPostgresIT {

  private static final int N = 3_000;
  private static final String TABLE = "order_events";
  /** The facade takes credentials from the default AWS chain; the emulator accepts any. */
  private static final Map<String, String> CREDENTIALS = Map.of("aws.accessKeyId", "test",
      "aws.secretAccessKey", "test");
  private static final Map<String, String> saved = new LinkedHashMap<>();

  @TempDir
  Path lakeDir;

  @BeforeAll
  static void setCredentials() {
    CREDENTIALS.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
  }

  @AfterAll
  static void restoreCredentials() {
    saved.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }

  @Test
  void publishConsumeSync_thenConsumeAndSyncAgain_leavesExactlyNRows() throws SQLException {
    KinesisEmulator emulator = KinesisEmulator.get();
    String stream = "s2pg-" + Long.toHexString(System.nanoTime());
    try (KinesisClient client = emulator.client()) {
      KinesisEmulator.createStream(client, stream, 2);
    }
    Insightflow flow = Insightflow.configure()
        .property(InsightflowProperties.KINESIS_ENDPOINT.name(), emulator.endpoint().toString())
        .property(InsightflowProperties.STREAM_NAME.name(), stream)
        .property(InsightflowProperties.STREAM_TABLE.name(), TABLE)
        .property(InsightflowProperties.PUBLISH_COUNT.name(), Integer.toString(N))
        .property(InsightflowProperties.PUBLISH_SEED.name(), "5")
        .property(InsightflowProperties.CONSUME_FLUSH_RECORDS.name(), "700")
        .property(InsightflowProperties.CONSUME_MAX_RECORDS.name(), Integer.toString(N))
        .property(InsightflowProperties.CONSUME_IDLE_TIMEOUT.name(), "3s")
        .property(InsightflowProperties.CONSUME_POLL_INTERVAL.name(), "100ms")
        .property(InsightflowProperties.LAKE.name(), lakeDir.toString())
        .build();

    PublishResult published = flow.publish();
    ConsumeResult first = flow.consume();

    assertThat(published.records()).isEqualTo(N);
    assertThat(first.reason()).isEqualTo(StopReason.MAX_RECORDS);
    assertThat(first.read()).isEqualTo(N);
    assertThat(first.rows()).isEqualTo(N);
    assertThat(first.objects()).isGreaterThanOrEqualTo(N / 700);
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      LakeSync sync = new LakeSync(PostgresConnectionOptions.builder().set(TARGET_URL, db.url())
          .set(TARGET_USER, db.user())
          .set(TARGET_PASSWORD, db.password()).set(TARGET_SCHEMA, db.schema()).build());

      SyncResult loaded = sync(flow, sync);

      assertThat(loaded.successful()).isTrue();
      assertThat(loaded.objectsLoaded()).isEqualTo(first.objects());
      assertThat(loaded.rowsLoaded()).isEqualTo(N);
      assertThat(count(db, "count(*)")).isEqualTo(N);
      assertThat(count(db, "count(DISTINCT order_id)")).isEqualTo(N);
      assertThat(count(db, "min(order_id)")).isEqualTo(1);
      assertThat(count(db, "max(order_id)")).isEqualTo(N);

      // Again: the checkpoints say everything was read, the sync catalog that everything was loaded.
      ConsumeResult second = flow.consume();
      SyncResult reloaded = sync(flow, sync);

      assertThat(second.reason()).isEqualTo(StopReason.IDLE);
      assertThat(second.read()).isZero();
      assertThat(second.objects()).isZero();
      assertThat(reloaded.successful()).isTrue();
      assertThat(reloaded.objectsLoaded()).isZero();
      assertThat(reloaded.rowsLoaded()).isZero();
      assertThat(count(db, "count(*)")).isEqualTo(N);
      assertThat(count(db, "count(DISTINCT order_id)")).isEqualTo(N);
    }
  }

  private static SyncResult sync(Insightflow flow, LakeSync sync) {
    try (ObjectStore lake = flow.openLake()) {
      return sync.sync(lake, SyncOptions.builder().set(SYNC_THREADS, 2).build());
    }
  }

  private static long count(PostgresTestDatabase db, String aggregate) throws SQLException {
    try (Connection c = db.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + aggregate + " FROM " + TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
