package io.insightflow.examples;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.insightflow.lambda.FirehoseTransformHandler;
import io.insightflow.lambda.IngestHandler;
import io.insightflow.lambda.KinesisConsumerHandler;
import io.insightflow.lambda.SyncHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Invokes each insightflow Lambda handler in this JVM with a sample event, as Lambda would: the
 * configuration is the process environment ({@code INSIGHTFLOW_*}, set by this example's pom), the
 * handlers are built with their public no-argument constructors, and each gets a context with a
 * 60-second deadline.
 *
 * <ol>
 *   <li>creates a small warehouse table {@code insightflow_lambda_example.orders} in PostgreSQL;
 *   <li>{@link IngestHandler}: a direct invocation naming the table and the partition time → the
 *       table into the local lake;
 *   <li>{@link SyncHandler}: a Step Functions task input → the lake into PostgreSQL;
 *   <li>{@link FirehoseTransformHandler}: a Firehose transformation event → its response;
 *   <li>{@link KinesisConsumerHandler}: a Kinesis event → a lake object, synced by an EventBridge
 *       scheduled event.
 * </ol>
 */
public final class LambdaExample {

  private LambdaExample() {}

  public static void main(String[] args) throws Exception {
    String url = System.getenv("INSIGHTFLOW_SOURCE_URL");
    try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS insightflow_lambda_example CASCADE");
      st.execute("DROP SCHEMA IF EXISTS insightflow_lambda_example_target CASCADE");
      st.execute("CREATE SCHEMA insightflow_lambda_example");
      st.execute("CREATE TABLE insightflow_lambda_example.orders AS SELECT g AS order_id, 'customer ' || (g % 97)"
          + " AS customer FROM generate_series(1, 1000) g");
    }

    String ingest = "{\"tables\":[\"insightflow_lambda_example.orders\"],\"time\":\"2024-05-07T09:30:00Z\"}";
    System.out.println("ingest   -> " + invoke(new IngestHandler(), ingest));
    System.out.println("sync     -> " + invoke(new SyncHandler(), "{\"mode\":\"incremental\"}"));

    String scheduled = "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\","
        + "\"source\":\"aws.events\",\"account\":\"123456789012\",\"time\":\"2024-05-07T09:30:00Z\","
        + "\"region\":\"us-east-1\",\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/sync\"],\"detail\":{}}";

    String order = "{\"order_id\":7,\"user_id\":42,\"eval_set\":\"prior\",\"order_number\":3,\"order_dow\":2,"
        + "\"order_hour_of_day\":9,\"event_time\":\"2024-05-07T09:30:00Z\",\"product_ids\":[196,14084]}";
    String firehose = "{\"invocationId\":\"example\",\"deliveryStreamArn\":\"arn:aws:firehose:us-east-1:123456789012:"
        + "deliverystream/orders\",\"region\":\"us-east-1\",\"records\":[{\"recordId\":\"1\","
        + "\"approximateArrivalTimestamp\":1715074200000,\"data\":\"" + base64(order) + "\"},{\"recordId\":\"2\","
        + "\"approximateArrivalTimestamp\":1715074200000,\"data\":\"" + base64("{\"order_id\":") + "\"}]}";
    System.out.println("firehose -> " + invoke(new FirehoseTransformHandler(), firehose));

    StreamsEventResponse consumed = new KinesisConsumerHandler().handleRequest(kinesisEvent(order), context());
    System.out.println("kinesis  -> batchItemFailures=" + consumed.getBatchItemFailures());
    System.out.println("sync     -> " + invoke(new SyncHandler(), scheduled));
  }

  private static String invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String event)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static KinesisEvent kinesisEvent(String payload) {
    KinesisEvent.Record record = new KinesisEvent.Record();
    record.setKinesisSchemaVersion("1.0");
    record.setPartitionKey("42");
    record.setSequenceNumber("49590338271490256608559692538361571095921575989136588898");
    record.setData(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
    record.setApproximateArrivalTimestamp(new Date());
    KinesisEvent.KinesisEventRecord r = new KinesisEvent.KinesisEventRecord();
    r.setKinesis(record);
    r.setEventSource("aws:kinesis");
    r.setEventID("shardId-000000000000:" + record.getSequenceNumber());
    r.setEventSourceARN("arn:aws:kinesis:us-east-1:123456789012:stream/orders");
    KinesisEvent event = new KinesisEvent();
    event.setRecords(List.of(r));
    return event;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** What Lambda passes a handler: here a request id and a 60-second deadline. */
  private static Context context() {
    long deadline = System.currentTimeMillis() + 60_000;
    String requestId = UUID.randomUUID().toString();
    return new Context() {
      @Override public String getAwsRequestId() { return requestId; }
      @Override public String getLogGroupName() { return "/aws/lambda/example"; }
      @Override public String getLogStreamName() { return "local"; }
      @Override public String getFunctionName() { return "example"; }
      @Override public String getFunctionVersion() { return "$LATEST"; }
      @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:example"; }
      @Override public CognitoIdentity getIdentity() { return null; }
      @Override public ClientContext getClientContext() { return null; }
      @Override public int getRemainingTimeInMillis() { return (int) (deadline - System.currentTimeMillis()); }
      @Override public int getMemoryLimitInMB() { return 1769; }
      @Override public LambdaLogger getLogger() {
        return new LambdaLogger() {
          @Override public void log(String message) { System.out.print(message); }
          @Override public void log(byte[] message) { System.out.print(new String(message, StandardCharsets.UTF_8)); }
        };
      }
    };
  }
}
