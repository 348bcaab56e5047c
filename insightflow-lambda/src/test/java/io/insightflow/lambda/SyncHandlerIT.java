package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.Insightflow;
import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.testing.PostgresTestDatabase;
import io.insightflow.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync handler in process, with AWS-shaped events, against S3Proxy and the local PostgreSQL. */
class SyncHandlerIT {

  static final String BUCKET = "insightflow-raw";
  static final Instant T1 = Instant.parse("2024-05-06T09:30:00Z");
  static final Instant T2 = Instant.parse("2024-05-07T09:30:00Z"); // the run the S3 fixture names
  private static final ObjectMapper JSON = new ObjectMapper();

  static S3ProxyServer s3;
  PostgresTestDatabase pg;
  S3ObjectStore lake;
  SyncHandler handler;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @BeforeEach
  void setUp() {
    s3.createBucket(BUCKET);
    pg = PostgresTestDatabase.reserve();
    lake = new S3ObjectStore(s3.options().newClient(), BUCKET, "lake", true);
    handler = handler(Duration.ofMillis(200));
  }

  @AfterEach
  void tearDown() {
    lake.list("").forEach(o -> lake.delete(o.key()));
    s3.s3Client().deleteBucket(b -> b.bucket(BUCKET));
    lake.close();
    pg.close();
  }

  private SyncHandler handler(Duration margin) {
    return new SyncHandler(Insightflow.configure().property("insightflow.target.url", pg.url())
        .property("insightflow.target.user", pg.user()).property("insightflow.target.schema", pg.schema())
        .property("insightflow.sync.threads", "2").property("insightflow.lambda.safetyMargin", margin.toMillis() + "ms")
        .targetPassword(pg.password()::toCharArray).build(), lake);
  }

  private JsonNode invoke(String fixture, Duration timeout) throws IOException {
    return invoke(LambdaProcess.resource("events/" + fixture), timeout);
  }

  private JsonNode invoke(byte[] event, Duration timeout) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, new TestContext(timeout));
    return JSON.readTree(out.toByteArray());
  }

  private long rows(String table) {
    return pg.scalar("select count(*) from \"" + pg.schema() + "\".\"" + table + "\"");
  }

  @Test
  void s3Notification_loadsJustTheNamedRun() throws Exception {
    assertThat(EventLoader.loadS3Event("events/s3-manifest-created.json").getRecords()).hasSize(1);
    TestRuns.write(lake, "orders", T1, 1, 10);
    TestRuns.write(lake, "orders", T2, 101, 20, 30);

    JsonNode response = invoke("s3-manifest-created.json", Duration.ofMinutes(1));

    assertThat(response.get("trigger").asText()).isEqualTo("s3");
    assertThat(response.get("mode").asText()).isEqualTo("runs");
    assertThat(response.get("objectsLoaded").asLong()).isEqualTo(2);
    assertThat(response.get("remaining").asLong()).isZero();
    assertThat(rows("orders")).isEqualTo(50);
    assertThat(pg.scalar("select min(id) from \"" + pg.schema() + "\".orders")).isEqualTo(101);
  }

  @Test
  void s3Notification_forAKeyOutsideTheLake_failsNamingIt() {
    assertThatThrownBy(() -> invoke("s3-outside-lake.json", Duration.ofMinutes(1)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("s3://insightflow-raw/other/data/batch/orders/year=2024/month=05/day=07/hhmm=0930/_manifest.json")
        .hasMessageContaining("outside the lake s3://insightflow-raw/lake");
  }

  @Test
  void s3Notification_ofADataPartOrTheTestEvent_loadsNothing() throws Exception {
    TestRuns.write(lake, "orders", T2, 1, 10);

    JsonNode part = invoke("s3-data-part.json", Duration.ofMinutes(1));
    JsonNode test = invoke("s3-test-event.json", Duration.ofMinutes(1));

    assertThat(part.get("objectsLoaded").asLong()).isZero();
    assertThat(part.get("note").asText()).contains("no run manifest");
    assertThat(test.get("note").asText()).contains("S3 test event");
    assertThat(pg.scalar("select count(*) from information_schema.tables where table_schema = '" + pg.schema() + "'"))
        .isZero();
  }

  @Test
  void scheduledEvent_runsTheConfiguredIncrementalSync() throws Exception {
    ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled.json");
    assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
    TestRuns.write(lake, "orders", T1, 1, 10);
    TestRuns.write(lake, "customers", T2, 1, 5);

    JsonNode first = invoke("scheduled.json", Duration.ofMinutes(1));
    JsonNode second = invoke("scheduled.json", Duration.ofMinutes(1));

    assertThat(first.get("mode").asText()).isEqualTo("incremental");
    assertThat(first.get("objectsLoaded").asLong()).isEqualTo(2);
    assertThat(second.get("objectsLoaded").asLong()).isZero();
    assertThat(rows("orders") + rows("customers")).isEqualTo(15);
  }

  @Test
  void stepFunctionsTask_reportsRemainingUntilNothingIsLeft() throws Exception {
    TestRuns.write(lake, "orders", T2, 1, 100, 100, 100);
    TestRuns.write(lake, "orders", T2.plus(Duration.ofDays(2)), 1000, 100); // outside the task's window
    byte[] task = LambdaProcess.resource("events/stepfunctions-window.json");

    // No time left: the deadline has passed before the first object, so everything remains.
    JsonNode starved = invoke(task, Duration.ZERO);
    JsonNode done = invoke(task, Duration.ofMinutes(1));

    assertThat(starved.get("trigger").asText()).isEqualTo("stepfunctions");
    assertThat(starved.get("remaining").asLong()).isEqualTo(3);
    assertThat(starved.get("complete").asBoolean()).isFalse();
    assertThat(done.get("mode").asText()).isEqualTo("window");
    assertThat(done.get("objectsLoaded").asLong()).isEqualTo(3);
    assertThat(done.get("remaining").asLong()).isZero();
    assertThat(done.get("complete").asBoolean()).isTrue();
    assertThat(rows("orders")).isEqualTo(300);
  }

  @Test
  void badRow_failsTheInvocationNamingObjectLineAndColumn_afterCommittingTheRest() {
    TestRuns.write(lake, "orders", T1, 1, 10);
    TestRuns.writeRaw(lake, "orders", T2, "id,name\n1,a\nnot-a-number,b\n", 2);

    assertThatThrownBy(() -> invoke("{\"mode\":\"full\"}".getBytes(), Duration.ofMinutes(1)))
        .isInstanceOf(SyncFailedException.class)
        .hasMessageContaining("1 objects failed")
        .hasMessageContaining("orders_part00001.csv")
        .hasMessageContaining("line 3");
    assertThat(rows("orders")).isEqualTo(10);
  }

  @Test
  void verifyMode_afterASync_answersConsistentAndWritesTheReportIntoTheS3Lake() throws Exception {
    TestRuns.write(lake, "orders", T1, 1, 10, 5);
    invoke("{\"mode\":\"full\"}".getBytes(), Duration.ofMinutes(1));
    handler = new SyncHandler(Insightflow.configure().property("insightflow.target.url", pg.url())
        .property("insightflow.target.user", pg.user()).property("insightflow.target.schema", pg.schema())
        .property("insightflow.verify.report", "_insightflow/verify.json")
        .targetPassword(pg.password()::toCharArray).build(), lake);

    JsonNode response = invoke("{\"mode\":\"verify\"}".getBytes(), Duration.ofMinutes(1));

    assertThat(response.get("trigger").asText()).isEqualTo("verify");
    assertThat(response.get("consistent").asBoolean()).isTrue();
    assertThat(response.get("divergences").asInt()).isZero();
    assertThat(response.get("freshness").get(0).get("newestLoaded").asText()).isEqualTo(T1.toString());
    JsonNode report = JSON.readTree(lake.open("_insightflow/verify.json").readAllBytes());
    assertThat(report.get("tables").get(0).get("rowsFound").asLong()).isEqualTo(15);
  }

  @Test
  void verifyMode_rowsDeletedByHand_failsTheInvocationNamingTableObjectAndFigures() throws Exception {
    TestRuns.write(lake, "orders", T1, 1, 10, 5);
    invoke("{\"mode\":\"full\"}".getBytes(), Duration.ofMinutes(1));
    pg.execute("delete from \"" + pg.schema() + "\".orders where id > 12");

    assertThatThrownBy(() -> invoke("{\"mode\":\"verify\"}".getBytes(), Duration.ofMinutes(1)))
        .isInstanceOf(VerifyFailedException.class)
        .hasMessageContaining("found 1 divergences and 0 failed objects")
        .hasMessageContaining("table orders, object data/batch/orders/year=2024/month=05/day=06/hhmm=0930/")
        .hasMessageContaining("so 5 rows should carry its object id")
        .hasMessageContaining("but 2 do");
  }

  @Test
  void malformedEvent_isAClearError() {
    assertThatThrownBy(() -> invoke("malformed.json", Duration.ofMinutes(1)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not valid JSON at line 3")
        .hasMessageContaining("accepts an S3 event notification");
    assertThatThrownBy(() -> invoke("{\"mode\":\"full\",\"tabels\":[\"x\"]}".getBytes(), Duration.ofMinutes(1)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("Unknown field 'tabels'");
    assertThatThrownBy(() -> invoke("{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}".getBytes(), Duration.ofMinutes(1)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("eventSource 'aws:sqs'");
  }
}
