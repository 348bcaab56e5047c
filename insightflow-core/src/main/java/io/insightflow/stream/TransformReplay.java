package io.insightflow.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import io.insightflow.internal.Json;
import io.insightflow.stream.TransformResult.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Replays recorded events through a transform and counts the results, so a transform can be tried
 * locally on real data before it is deployed behind Firehose.
 *
 * <p>Two input formats, detected from the content:
 * <ul>
 *   <li>a Firehose transformation event (one JSON object with a {@code records} array, as captured
 *       from a Lambda invocation): run through {@link FirehoseTransformer}, so the response limit
 *       applies exactly as on Lambda;
 *   <li>JSON lines: each line (without its line break) is one record payload, as a Kinesis
 *       producer would have sent it. A final line break ends the last record; blank lines are
 *       records with a blank payload.
 * </ul>
 *
 * <pre>{@code
 * TransformReplay.Report report = TransformReplay.replay(new OrderEventTransform(), Path.of("events.jsonl"));
 * System.out.println(report);  // records=1000 ok=990 dropped=2 failed=8 …
 * }</pre>
 */
@Evolving
public final class TransformReplay {


  private TransformReplay() {}

  /**
   * Replays the file at {@code input}.
   *
   * @throws InsightflowException if the file cannot be read
   */
  public static Report replay(RecordTransform transform, Path input) {
    Objects.requireNonNull(transform, "transform");
    Objects.requireNonNull(input, "input");
    byte[] content;
    try {
      content = Files.readAllBytes(input);
    } catch (IOException e) {
      throw new InsightflowException("Cannot read replay input " + input + ": " + e.getMessage(), e);
    }
    FirehoseEvent event = asFirehoseEvent(content);
    return event != null ? replay(new FirehoseTransformer(transform), event) : replayLines(transform, content);
  }

  /** Replays a Firehose event through {@code transformer}, exactly as the Lambda handler would. */
  public static Report replay(FirehoseTransformer transformer, FirehoseEvent event) {
    Objects.requireNonNull(transformer, "transformer");
    Objects.requireNonNull(event, "event");
    long start = System.nanoTime();
    FirehoseResponse response = transformer.handle(event);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Map<String, Long> reasons = new TreeMap<>();
    long outputBytes = 0;
    for (FirehoseResponse.Record r : response.records()) {
      if (r.result() == Status.PROCESSING_FAILED) {
        reasons.merge(String.valueOf(r.reason()), 1L, Long::sum);
      } else if (r.result() == Status.OK) {
        outputBytes += r.decodedData().length;
      }
    }
    return new Report(event.records().size(), response.count(Status.OK), response.count(Status.DROPPED),
        response.count(Status.PROCESSING_FAILED), reasons, outputBytes, response.toJson().length, elapsed);
  }

  private static Report replayLines(RecordTransform transform, byte[] content) {
    long start = System.nanoTime();
    long records = 0;
    long ok = 0;
    long dropped = 0;
    long outputBytes = 0;
    Map<String, Long> reasons = new TreeMap<>();
    int from = 0;
    while (from < content.length) {
      int end = from;
      while (end < content.length && content[end] != '\n') {
        end++;
      }
      int stop = end > from && content[end - 1] == '\r' ? end - 1 : end;
      TransformResult result = transform.transform(Arrays.copyOfRange(content, from, stop));
      records++;
      switch (result.status()) {
        case OK -> {
          ok++;
          outputBytes += result.data().length;
        }
        case DROPPED -> dropped++;
        case PROCESSING_FAILED -> reasons.merge(result.reason(), 1L, Long::sum);
      }
      from = end + 1;
    }
    long failed = reasons.values().stream().mapToLong(Long::longValue).sum();
    return new Report(records, ok, dropped, failed, reasons, outputBytes, -1,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static FirehoseEvent asFirehoseEvent(byte[] content) {
    try {
      JsonNode node = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(content);
      if (node != null && node.isObject() && node.path("records").isArray()) {
        return FirehoseEvent.fromJson(new ByteArrayInputStream(content));
      }
    } catch (IOException notASingleJsonValue) {
      // JSON lines (several values) or not JSON at all: replay line by line.
    }
    return null;
  }

  /**
   * What a replay produced.
   *
   * @param records input records
   * @param ok records transformed
   * @param dropped records dropped on purpose
   * @param failed records that failed ({@code records = ok + dropped + failed})
   * @param failureReasons number of failures per reason, sorted by reason; unmodifiable
   * @param outputBytes bytes of transformed output
   * @param responseBytes size of the Firehose response JSON, or -1 for a JSON-lines replay
   * @param elapsed time spent transforming
   */
  public record Report(long records, long ok, long dropped, long failed, Map<String, Long> failureReasons,
      long outputBytes, long responseBytes, Duration elapsed) {

    public Report {
      failureReasons = java.util.Collections.unmodifiableMap(new TreeMap<>(failureReasons));
    }
  }
}
