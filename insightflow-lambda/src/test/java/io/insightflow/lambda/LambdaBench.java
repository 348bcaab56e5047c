package io.insightflow.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.stream.FirehoseEvent;
import io.insightflow.stream.OrderEvent;
import io.insightflow.stream.OrderEventGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda benchmark driver behind {@code bench/lambda-bench.sh}; not a test. Each packaged
 * handler runs under the real Runtime Interface Client in a child JVM with the heap and JIT flags
 * of a 1,769 MB Lambda, against {@link RuntimeApiServer}. Commands:
 * <ul>
 *   <li>{@code startup <artifact> <handler> <eventFile> <runs> <warm> [KEY=VALUE…]}: per run a new
 *       JVM; prints init (process start → first {@code /next}), cold (process start → first answer)
 *       and the median of {@code warm} further invocations of the same event (round trip through the
 *       Runtime API, and the handler's own time from its invocation log line), then medians over runs;
 *   <li>{@code firehose-event <file> <bytes>}: a Firehose transformation event of about that size;
 *   <li>{@code resumed-sync <timeoutSeconds> [KEY=VALUE…]}: Step Functions invocations of the sync
 *       handler until nothing remains; prints invocations, rows, wall time and the slowest margin.
 * </ul>
 */
public final class LambdaBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Extra JVM options of the function (as JAVA_TOOL_OPTIONS would add), from {@code -Dlambda.jvmOptions}. */
  private static final List<String> JVM_OPTIONS = System.getProperty("lambda.jvmOptions", "").isBlank() ? List.of()
      : List.of(System.getProperty("lambda.jvmOptions").trim().split("\\s+"));

  private LambdaBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "startup" -> startup(Path.of(args[1]), args[2], Path.of(args[3]), Integer.parseInt(args[4]),
          Integer.parseInt(args[5]), env(args, 6));
      case "firehose-event" -> firehoseEvent(Path.of(args[1]), Long.parseLong(args[2]));
      case "resumed-sync" -> resumedSync(Integer.parseInt(args[1]), env(args, 2));
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.exit(0);
  }

  private static Map<String, String> env(String[] args, int from) {
    Map<String, String> env = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      env.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    return env;
  }

  private static void startup(Path artifact, String handler, Path event, int runs, int warm, Map<String, String> env)
      throws Exception {
    byte[] body = Files.readAllBytes(event);
    Path log = Files.createTempFile("lambda-bench", ".log");
    List<Long> inits = new ArrayList<>();
    List<Long> colds = new ArrayList<>();
    List<Long> warms = new ArrayList<>();
    List<Long> handlers = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      Files.writeString(log, "");
      try (RuntimeApiServer api = new RuntimeApiServer();
          LambdaProcess lambda = LambdaProcess.start(artifact, handler, api, env, JVM_OPTIONS, log)) {
        RuntimeApiServer.Answer first = api.invoke(body, Duration.ofMinutes(5)).await(Duration.ofMinutes(5));
        check(first, lambda);
        long init = api.firstNextMillis() - lambda.startedAtMillis();
        long cold = first.answeredAtMillis() - lambda.startedAtMillis();
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < warm; i++) {
          Duration timeout = Duration.ofMinutes(5);
          RuntimeApiServer.Answer a = api.invoke(body, timeout).await(timeout);
          check(a, lambda);
          latencies.add(a.answeredAtMillis() - (a.deadlineMillis() - timeout.toMillis()));
        }
        long warmMedian = median(latencies);
        long handlerMedian = median(handlerMillis(log, warm));
        System.out.printf("run %d: init_ms=%d cold_first_answer_ms=%d warm_median_ms=%d handler_median_ms=%d (of %d)%n",
            run + 1, init, cold, warmMedian, handlerMedian, warm);
        handlers.add(handlerMedian);
        inits.add(init);
        colds.add(cold);
        warms.add(warmMedian);
      }
    }
    System.out.printf("RESULT handler=%s event_bytes=%d jvm_extra=%s init_ms=%d cold_ms=%d warm_ms=%d"
        + " warm_in_handler_ms=%d (medians of %d runs)%n", handler.substring(handler.lastIndexOf('.') + 1,
        handler.indexOf("::")), body.length, JVM_OPTIONS.isEmpty() ? "-" : String.join(" ", JVM_OPTIONS),
        median(inits), median(colds), median(warms), median(handlers), runs);
  }

  /** The "ms" of the last {@code count} invocation lines the handler logged (its own time). */
  private static List<Long> handlerMillis(Path log, int count) throws Exception {
    List<Long> millis = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.contains("\"event\":\"invocation\"")) {
        millis.add(JSON.readTree(line).at("/ms").asLong());
      }
    }
    return millis.subList(Math.max(0, millis.size() - count), millis.size());
  }

  private static void check(RuntimeApiServer.Answer answer, LambdaProcess lambda) throws Exception {
    if (answer.error()) {
      throw new IllegalStateException("Invocation failed: " + answer.body() + "\n" + lambda.output());
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /** Order events until the event's JSON reaches {@code bytes}. */
  private static void firehoseEvent(Path file, long bytes) throws Exception {
    OrderEventGenerator generator = new OrderEventGenerator(11, Instant.parse("2024-05-07T09:30:00Z"));
    List<FirehoseEvent.Record> records = new ArrayList<>();
    long size = 200;
    for (long i = 0; ; i++) {
      OrderEvent order = generator.event(i);
      FirehoseEvent.Record r = FirehoseEvent.Record.of("4954698668313554428650745793632162567570019247115" + i,
          1715074200000L + i, order.toJson());
      long recordSize = r.data().length() + r.recordId().length() + 80;
      if (size + recordSize > bytes) {
        break;
      }
      size += recordSize;
      records.add(r);
    }
    FirehoseEvent event = new FirehoseEvent("bench", "arn:aws:firehose:us-east-1:123456789012:deliverystream/orders",
        null, "us-east-1", records);
    byte[] json = event.toJson();
    Files.write(file, json);
    System.out.printf("firehose event: %d records, %d bytes%n", records.size(), json.length);
  }

  private static void resumedSync(int timeoutSeconds, Map<String, String> env) throws Exception {
    byte[] task = "{\"mode\":\"incremental\"}".getBytes(StandardCharsets.UTF_8);
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "lambda-bench-sync.log");
    long start = System.currentTimeMillis();
    int invocations = 0;
    long rows = 0;
    long objects = 0;
    long minSpareMs = Long.MAX_VALUE;
    long remaining;
    try (RuntimeApiServer api = new RuntimeApiServer();
        LambdaProcess lambda = LambdaProcess.start(LambdaProcess.ARTIFACT, "io.insightflow.lambda.SyncHandler::handleRequest",
            api, env, List.of(), log)) {
      do {
        RuntimeApiServer.Answer a = api.invoke(task, timeout).await(timeout.plusMinutes(1));
        check(a, lambda);
        JsonNode r = JSON.readTree(a.body());
        invocations++;
        rows += r.get("rowsLoaded").asLong();
        objects += r.get("objectsLoaded").asLong();
        remaining = r.get("remaining").asLong();
        minSpareMs = Math.min(minSpareMs, a.deadlineMillis() - a.answeredAtMillis());
        System.out.printf("invocation %d: objects=%d rows=%d remaining=%d spare_ms=%d%n", invocations,
            r.get("objectsLoaded").asLong(), r.get("rowsLoaded").asLong(), remaining,
            a.deadlineMillis() - a.answeredAtMillis());
      } while (remaining > 0 && invocations < 1000);
    }
    System.out.printf("RESULT resumed-sync rows=%d objects=%d invocations=%d timeout_s=%d wall_s=%.1f"
        + " least_spare_before_deadline_ms=%d%n", rows, objects, invocations, timeoutSeconds,
        (System.currentTimeMillis() - start) / 1000.0, minSpareMs);
  }
}
