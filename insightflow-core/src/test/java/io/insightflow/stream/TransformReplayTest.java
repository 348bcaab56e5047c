package io.insightflow.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformReplayTest {

  @TempDir
  Path dir;

  @Test
  void replay_jsonLines_countsEachResult() throws Exception {
    OrderEventGenerator gen = new OrderEventGenerator(1, Instant.EPOCH);
    String lines = new String(gen.event(0).toJson(), StandardCharsets.UTF_8) + "\r\n"
        + "{oops\n"
        + "\n"
        + new String(gen.event(1).toJson(), StandardCharsets.UTF_8) + "\n"
        + "{\"order_id\":1}\n";
    Path file = Files.writeString(dir.resolve("events.jsonl"), lines);

    TransformReplay.Report report = TransformReplay.replay(new OrderEventTransform(), file);

    assertThat(report.records()).isEqualTo(5);
    assertThat(report.ok()).isEqualTo(2);
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(2);
    assertThat(report.failureReasons()).hasSize(2).containsEntry("user_id: required", 1L);
    assertThat(report.responseBytes()).isEqualTo(-1);
  }

  @Test
  void replay_firehoseEvent_usesTheFirehoseContract() throws Exception {
    OrderEventGenerator gen = new OrderEventGenerator(1, Instant.EPOCH);
    List<FirehoseEvent.Record> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(FirehoseEvent.Record.of("id" + i, 1L, i == 4 ? "{".getBytes(StandardCharsets.UTF_8) : gen.event(i).toJson()));
    }
    Path file = dir.resolve("event.json");
    Files.write(file, new FirehoseEvent("inv", "arn", null, "us-east-1", records).toJson());

    TransformReplay.Report report = TransformReplay.replay(new OrderEventTransform(), file);

    assertThat(report.records()).isEqualTo(10);
    assertThat(report.ok()).isEqualTo(9);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.responseBytes()).isPositive();
    assertThat(report.outputBytes()).isPositive();
  }
}
