/**
 * The S3 lake: {@link io.insightflow.connect.s3.S3ObjectStore} over AWS S3 or any S3-compatible
 * server, configured by {@link io.insightflow.connect.s3.S3Options}.
 */
package io.insightflow.connect.s3;
