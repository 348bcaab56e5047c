/**
 * Small SQL helpers shared by every connector, such as identifier validation and quoting.
 */
package io.insightflow.sql;
