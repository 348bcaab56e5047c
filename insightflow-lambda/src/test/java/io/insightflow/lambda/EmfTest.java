package io.insightflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightflow.metrics.Measurement;
import io.insightflow.metrics.Measurements;
import io.insightflow.metrics.MetricNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** [#23] The EMF members {@link Emf} makes, checked against the specification's rules ({@link EmfLines}). */
class EmfTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode document(String table, List<Measurement> values) {
    return JSON.valueToTree(Emf.document(1_765_000_000_000L, "insightflow-sync", table, values));
  }

  @Test
  void document_ofTotals_isValidWithFunctionDimension() {
    Measurements m = Measurements.empty().verifyMismatches(3)
        .with(Measurement.total(MetricNames.DURATION, io.insightflow.metrics.MetricUnit.MILLISECONDS, 812));

    JsonNode doc = document(null, m.totals());

    assertThat(EmfLines.problems(doc)).isEmpty();
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("insightflow");
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"function\"]]");
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Metrics").toString()).isEqualTo(
        "[{\"Name\":\"insightflow.verify.mismatches\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"insightflow.duration\",\"Unit\":\"Milliseconds\"}]");
    assertThat(doc.get("insightflow.verify.mismatches").asLong()).isEqualTo(3);
    assertThat(doc.get("function").asText()).isEqualTo("insightflow-sync");
  }

  @Test
  void document_ofATable_isValidWithFunctionAndTableDimensions() {
    Measurements m = Measurements.empty().freshness(Map.of("orders", Duration.ofMinutes(5)));

    JsonNode doc = document("orders", m.byTable().get("orders"));

    assertThat(EmfLines.problems(doc)).isEmpty();
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"function\",\"table\"]]");
    assertThat(doc.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("Seconds");
    assertThat(doc.get("table").asText()).isEqualTo("orders");
    assertThat(doc.get("insightflow.freshness.lag").asLong()).isEqualTo(300);
  }

  @Test
  void problems_documentsThatBreakTheSpecification_areNamed() {
    JsonNode valid = document(null, Measurements.empty().verifyMismatches(1).totals());
    ObjectNode badUnit = valid.deepCopy();
    ((ObjectNode) badUnit.at("/_aws/CloudWatchMetrics/0/Metrics/0")).put("Unit", "Rows");
    ObjectNode noTimestamp = valid.deepCopy();
    ((ObjectNode) noTimestamp.get("_aws")).remove("Timestamp");
    ObjectNode textValue = valid.deepCopy();
    textValue.put("insightflow.verify.mismatches", "1");
    ObjectNode numericDimension = valid.deepCopy();
    numericDimension.put("function", 7);

    assertThat(EmfLines.problems(badUnit)).singleElement().asString().contains("Unit");
    assertThat(EmfLines.problems(noTimestamp)).singleElement().asString().contains("Timestamp");
    assertThat(EmfLines.problems(textValue)).singleElement().asString().contains("insightflow.verify.mismatches");
    assertThat(EmfLines.problems(numericDimension)).singleElement().asString().contains("function");
  }
}
