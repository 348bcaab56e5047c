# Streaming ingest: a Kinesis data stream, delivered to the lake either by Firehose (records
# transformed to CSV lines by the transformation Lambda, partitioned by arrival time like the
# lake's batch layout) or by the consumer Lambda; plus the publisher's IAM policy.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  firehose = var.delivery == "firehose"
  region   = data.aws_region.current.region
  # Firehose evaluates !{timestamp:…} in UTC at arrival: the lake's stream layout.
  data_prefix  = "data/stream/${var.table}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hhmm=!{timestamp:HHmm}/"
  error_prefix = "${var.error_prefix}${var.table}/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"
  glue_arn     = "arn:${data.aws_partition.current.partition}:glue:${local.region}:${data.aws_caller_identity.current.account_id}"
  catalog      = var.glue_database == null ? {} : { INSIGHTFLOW_CATALOG_GLUE_DATABASE = var.glue_database }
  schema = merge(
    # partitioned: Firehose's prefix puts every object into the lake's partition folders, so
    # incremental syncs list from the watermark on.
    { table = var.table, format = "csv", header = false, partitioned = true, columns = var.columns },
    var.gzip ? { compression = "gzip" } : {},
  )
}

resource "aws_kinesis_stream" "events" {
  name             = "${var.name_prefix}-${replace(var.table, "_", "-")}"
  retention_period = var.retention_hours
  shard_count      = var.stream_mode == "PROVISIONED" ? var.shard_count : null
  encryption_type  = "KMS"
  kms_key_id       = "alias/aws/kinesis"

  stream_mode_details {
    stream_mode = var.stream_mode
  }

  tags = var.tags
}

# Publisher: what a producer (insightflow publish, an application) needs, and nothing more.

data "aws_iam_policy_document" "publisher" {
  statement {
    sid       = "PutEvents"
    actions   = ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary", "kinesis:ListShards"]
    resources = [aws_kinesis_stream.events.arn]
  }
}

resource "aws_iam_policy" "publisher" {
  name        = "${var.name_prefix}-${replace(var.table, "_", "-")}-publisher"
  description = "Put records to the ${aws_kinesis_stream.events.name} stream"
  policy      = data.aws_iam_policy_document.publisher.json
  tags        = var.tags
}

data "aws_iam_policy_document" "publisher_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = length(var.publisher_principal_arns) > 0 ? var.publisher_principal_arns : [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "publisher" {
  count              = length(var.publisher_principal_arns) > 0 ? 1 : 0
  name               = "${var.name_prefix}-${replace(var.table, "_", "-")}-publisher"
  assume_role_policy = data.aws_iam_policy_document.publisher_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "publisher" {
  count      = length(var.publisher_principal_arns) > 0 ? 1 : 0
  role       = aws_iam_role.publisher[0].name
  policy_arn = aws_iam_policy.publisher.arn
}

# Firehose delivery.

module "transform" {
  source = "../lambda_function"
  count  = local.firehose ? 1 : 0

  name            = "${var.name_prefix}-firehose-transform"
  description     = "insightflow Firehose data transformation: events to CSV lines of ${var.table}"
  handler         = "io.insightflow.lambda.FirehoseTransformHandler::handleRequest"
  runtime         = var.runtime
  memory_size     = 1024
  timeout         = 120
  jar_file        = var.lambda_jar
  alarm_topic_arn = var.alarm_topic_arn
  tags            = var.tags
}

resource "aws_cloudwatch_log_group" "firehose" {
  count             = local.firehose ? 1 : 0
  name              = "/aws/kinesisfirehose/${var.name_prefix}-${var.table}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_stream" "firehose" {
  count          = local.firehose ? 1 : 0
  name           = "delivery"
  log_group_name = aws_cloudwatch_log_group.firehose[0].name
}

data "aws_iam_policy_document" "firehose_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "firehose" {
  count              = local.firehose ? 1 : 0
  name               = "${var.name_prefix}-firehose-${replace(var.table, "_", "-")}"
  assume_role_policy = data.aws_iam_policy_document.firehose_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "firehose" {
  count = local.firehose ? 1 : 0

  statement {
    sid       = "ReadStream"
    actions   = ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]
    resources = [aws_kinesis_stream.events.arn]
  }

  statement {
    sid       = "Bucket"
    actions   = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"]
    resources = [var.lake_bucket_arn]
  }

  statement {
    sid       = "WriteObjects"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]
    resources = ["${var.lake_bucket_arn}/data/stream/${var.table}/*", "${var.lake_bucket_arn}/${var.error_prefix}${var.table}/*"]
  }

  statement {
    sid       = "Transform"
    actions   = ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"]
    resources = [module.transform[0].arn, "${module.transform[0].arn}:*"]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.firehose[0].arn}:log-stream:*"]
  }

  dynamic "statement" {
    for_each = var.lake_kms_key_arn == null ? [] : [1]
    content {
      sid       = "EncryptLake"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [var.lake_kms_key_arn]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "firehose" {
  count  = local.firehose ? 1 : 0
  name   = "deliver"
  role   = aws_iam_role.firehose[0].id
  policy = data.aws_iam_policy_document.firehose[0].json
}

resource "aws_kinesis_firehose_delivery_stream" "lake" {
  count       = local.firehose ? 1 : 0
  name        = "${var.name_prefix}-${replace(var.table, "_", "-")}"
  destination = "extended_s3"

  kinesis_source_configuration {
    kinesis_stream_arn = aws_kinesis_stream.events.arn
    role_arn           = aws_iam_role.firehose[0].arn
  }

  extended_s3_configuration {
    bucket_arn          = var.lake_bucket_arn
    role_arn            = aws_iam_role.firehose[0].arn
    prefix              = local.data_prefix
    error_output_prefix = local.error_prefix
    buffering_size      = var.buffering_size_mb
    buffering_interval  = var.buffering_interval_seconds
    compression_format  = var.gzip ? "GZIP" : "UNCOMPRESSED"
    file_extension      = var.gzip ? ".csv.gz" : ".csv"
    custom_time_zone    = "UTC"
    kms_key_arn         = var.lake_kms_key_arn

    processing_configuration {
      enabled = true

      processors {
        type = "Lambda"

        parameters {
          parameter_name  = "LambdaArn"
          parameter_value = "${module.transform[0].arn}:$LATEST"
        }

        parameters {
          parameter_name  = "BufferSizeInMBs"
          parameter_value = "1"
        }

        parameters {
          parameter_name  = "BufferIntervalInSeconds"
          parameter_value = "60"
        }
      }
    }

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.firehose[0].name
      log_stream_name = aws_cloudwatch_log_stream.firehose[0].name
    }
  }

  tags       = var.tags
  depends_on = [aws_iam_role_policy.firehose]
}

# Firehose objects carry no manifest: this schema tells sync their columns (the table is listed in
# insightflow.sync.externalTables).
resource "aws_s3_object" "schema" {
  count        = local.firehose ? 1 : 0
  bucket       = var.lake_bucket_name
  key          = "data/stream/${var.table}/_schema.json"
  content      = jsonencode(local.schema)
  content_type = "application/json"
  tags         = var.tags
}

# Lambda consumer delivery.

module "consumer" {
  source = "../lambda_function"
  count  = local.firehose ? 0 : 1

  name        = "${var.name_prefix}-stream-consumer"
  description = "insightflow Kinesis consumer: ${aws_kinesis_stream.events.name} to data/stream/${var.table}/"
  handler     = "io.insightflow.lambda.KinesisConsumerHandler::handleRequest"
  runtime     = var.runtime
  memory_size = 1024
  timeout     = 300
  jar_file    = var.lambda_jar

  environment = merge({
    INSIGHTFLOW_STREAM_NAME    = aws_kinesis_stream.events.name
    INSIGHTFLOW_STREAM_TABLE   = var.table
    INSIGHTFLOW_LAKE           = "s3://${var.lake_bucket_name}"
    INSIGHTFLOW_S3_REGION      = local.region
    INSIGHTFLOW_KINESIS_REGION = local.region
  }, local.catalog)

  dead_letter_queue = true
  alarm_topic_arn   = var.alarm_topic_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "consumer" {
  count = local.firehose ? 0 : 1

  statement {
    sid       = "ReadStream"
    actions   = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]
    resources = [aws_kinesis_stream.events.arn]
  }

  statement {
    sid       = "WriteTable"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]
    resources = ["${var.lake_bucket_arn}/data/stream/${var.table}/*"]
  }

  # The consumer writes each batch's failed records beside the table's errors, deletes that object
  # when a rewritten batch has none, and keeps shard checkpoints under _checkpoints/<stream>/.
  statement {
    sid       = "WriteErrorsAndCheckpoints"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${var.lake_bucket_arn}/errors/processing-failed/${var.table}/*", "${var.lake_bucket_arn}/_checkpoints/${aws_kinesis_stream.events.name}/*"]
  }

  statement {
    sid       = "ListTable"
    actions   = ["s3:ListBucket"]
    resources = [var.lake_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["data/stream/${var.table}/*"]
    }
  }

  dynamic "statement" {
    for_each = var.lake_kms_key_arn == null ? [] : [1]
    content {
      sid       = "EncryptLake"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [var.lake_kms_key_arn]
    }
  }

  dynamic "statement" {
    for_each = var.glue_database == null ? [] : [1]
    content {
      sid       = "RegisterInGlue"
      actions   = ["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:BatchCreatePartition"]
      resources = ["${local.glue_arn}:catalog", "${local.glue_arn}:database/${var.glue_database}", "${local.glue_arn}:table/${var.glue_database}/*"]
    }
  }
}

resource "aws_iam_role_policy" "consumer" {
  count  = local.firehose ? 0 : 1
  name   = "consume"
  role   = module.consumer[0].role_name
  policy = data.aws_iam_policy_document.consumer[0].json
}

resource "aws_lambda_event_source_mapping" "consumer" {
  count                              = local.firehose ? 0 : 1
  event_source_arn                   = aws_kinesis_stream.events.arn
  function_name                      = module.consumer[0].arn
  starting_position                  = "TRIM_HORIZON"
  batch_size                         = var.consumer_batch_size
  maximum_batching_window_in_seconds = 60
  function_response_types            = ["ReportBatchItemFailures"]
  bisect_batch_on_function_error     = true
  maximum_retry_attempts             = 5

  destination_config {
    on_failure {
      destination_arn = module.consumer[0].dead_letter_queue_arn
    }
  }

  depends_on = [aws_iam_role_policy.consumer]
}
