/**
 * PostgreSQL connectivity for the sync target: connection options (password, TLS, AWS RDS IAM
 * tokens), identifier validation and quoting, and parsing of COPY error contexts.
 */
package io.insightflow.connect.postgres;
