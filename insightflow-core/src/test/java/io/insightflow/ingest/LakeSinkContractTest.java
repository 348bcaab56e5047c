package io.insightflow.ingest;

import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkContractTest;
import io.insightflow.spi.WriteContext;
import io.insightflow.testing.LakeObjects;
import io.insightflow.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The lake sink keeps the sink contract on a local directory and through the S3 protocol. */
class LakeSinkContractTest {

  static S3ProxyServer s3;
  static String bucket;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.start();
    bucket = s3.newBucket();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  /** What a reader sees: the lines of the parts the manifest lists, none without a manifest. */
  static List<String> visibleLines(ObjectStore lake, WriteContext context) {
    String folder = PartitionTemplate.batch().render(context.table().name(), context.triggerTime());
    String manifestKey = RunManifest.keyIn(folder);
    if (lake.stat(manifestKey).isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (RunManifest.Part part : RunManifest.fromJson(manifestKey, LakeObjects.bytes(lake, manifestKey)).parts()) {
      String[] text = new String(LakeObjects.bytes(lake, part.key()), StandardCharsets.UTF_8).split("\n");
      lines.addAll(Arrays.asList(text).subList(1, text.length));
    }
    return lines;
  }

  @Nested
  class Local extends SinkContractTest<LakeSink.Run> {
    @TempDir
    Path dir;

    @Override
    protected Sink<LakeSink.Run> openSink() {
      return new LakeSink(new LocalObjectStore(dir), PartitionTemplate.batch(), true);
    }

    @Override
    protected List<String> committedLines(WriteContext context) {
      try (ObjectStore lake = new LocalObjectStore(dir)) {
        return visibleLines(lake, context);
      }
    }
  }

  @Nested
  class S3 extends SinkContractTest<LakeSink.Run> {
    @Override
    protected Sink<LakeSink.Run> openSink() {
      return new LakeSink(new S3ObjectStore(s3.s3Client(), bucket, "contract", true), PartitionTemplate.batch(), true);
    }

    @Override
    protected List<String> committedLines(WriteContext context) {
      try (ObjectStore lake = new S3ObjectStore(s3.s3Client(), bucket, "contract", true)) {
        return visibleLines(lake, context);
      }
    }
  }
}
