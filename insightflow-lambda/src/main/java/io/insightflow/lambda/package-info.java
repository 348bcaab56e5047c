/**
 * AWS Lambda handlers that map their events onto insightflow-core. They hold no logic of their own;
 * configuration comes from {@code INSIGHTFLOW_*} environment variables (see
 * {@link io.insightflow.config.InsightflowProperties}).
 */
package io.insightflow.lambda;
