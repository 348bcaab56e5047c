package io.insightflow.ingest;

import io.insightflow.api.Internal;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.spi.ObjectStores;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkProvider;
import java.util.Map;

/** The sink {@code lake}: the lake of {@code insightflow.lake}, laid out by {@code insightflow.ingest.template}. */
@Internal
public final class LakeSinkProvider implements SinkProvider {

  @Override
  public String name() {
    return "lake";
  }

  @Override
  public Sink<?> open(Map<String, String> settings) {
    PartitionTemplate template = PartitionTemplate.of(InsightflowProperties.INGEST_TEMPLATE.value(settings));
    return new LakeSink(ObjectStores.open(settings), template, IngestOptions.compression(settings), true);
  }
}
