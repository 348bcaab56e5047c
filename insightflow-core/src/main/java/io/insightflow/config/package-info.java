/**
 * Configuration: typed keys declared once ({@link io.insightflow.config.ConfigKey}, core's in
 * {@link io.insightflow.config.InsightflowProperties}), their types and parsing
 * ({@link io.insightflow.config.ConfigType}), the registry that catches typos, maps the environment
 * and masks secrets ({@link io.insightflow.config.KeyRegistry}), and the precedence of the layers.
 */
package io.insightflow.config;
