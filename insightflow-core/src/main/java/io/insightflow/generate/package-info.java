/**
 * Deterministic generation of the Instacart Market Basket reference data at any scale, used by
 * tests, examples and benchmarks. Start with {@link io.insightflow.generate.InstacartGenerator}.
 */
package io.insightflow.generate;
