# Batch ingest: one Lambda function per table group, each on its own EventBridge schedule, reading
# the warehouse with credentials from Secrets Manager and writing the group's tables to the lake.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  snowflake = startswith(var.source_url, "jdbc:snowflake:")
  # The secret holds the PKCS#8 private key (key_pair) or the password.
  secret_env = var.source_auth == "key_pair" ? "INSIGHTFLOW_SOURCE_PRIVATEKEYSECRET" : "INSIGHTFLOW_SOURCE_PASSWORDSECRET"
  batch_size = var.batch_size == null ? {} : { INSIGHTFLOW_INGEST_BATCHSIZE = tostring(var.batch_size) }
  catalog    = var.glue_database == null ? {} : { INSIGHTFLOW_CATALOG_GLUE_DATABASE = var.glue_database }
  glue_arn   = "arn:${data.aws_partition.current.partition}:glue:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}"
}

resource "aws_secretsmanager_secret" "source" {
  name                    = "${var.name_prefix}/warehouse-${replace(var.source_auth, "_", "-")}"
  description             = "insightflow ingest: ${var.source_auth == "key_pair" ? "PKCS#8 private key" : "password"} of ${var.source_user}. Put the value with aws secretsmanager put-secret-value; Terraform never holds it."
  kms_key_id              = var.secret_kms_key_arn
  recovery_window_in_days = var.secret_recovery_days
  tags                    = var.tags
}

resource "aws_s3_object" "snowflake_jar" {
  count       = local.snowflake ? 1 : 0
  bucket      = var.artifact_bucket_name
  key         = "lambda/insightflow-lambda-snowflake.jar"
  source      = var.snowflake_lambda_jar
  source_hash = filebase64sha256(var.snowflake_lambda_jar)
  tags        = var.tags
}

module "function" {
  source   = "../lambda_function"
  for_each = var.table_groups

  name        = "${var.name_prefix}-ingest-${each.key}"
  description = "insightflow batch ingest of ${join(", ", each.value.tables)}"
  handler     = "io.insightflow.lambda.IngestHandler::handleRequest"
  runtime     = var.runtime
  memory_size = var.memory_size
  timeout     = var.timeout

  jar_file          = local.snowflake ? null : var.lambda_jar
  s3_bucket         = local.snowflake ? var.artifact_bucket_name : null
  s3_key            = local.snowflake ? aws_s3_object.snowflake_jar[0].key : null
  s3_object_version = local.snowflake ? aws_s3_object.snowflake_jar[0].version_id : null

  environment = merge({
    INSIGHTFLOW_SOURCE_URL  = var.source_url
    INSIGHTFLOW_SOURCE_USER = var.source_user
    (local.secret_env)      = aws_secretsmanager_secret.source.arn
    INSIGHTFLOW_TABLES      = join(",", each.value.tables)
    INSIGHTFLOW_LAKE        = "s3://${var.lake_bucket_name}"
    INSIGHTFLOW_S3_REGION   = data.aws_region.current.region
  }, local.batch_size, local.catalog)

  subnet_ids         = var.subnet_ids
  security_group_ids = var.security_group_ids
  dead_letter_queue  = true
  alarm_topic_arn    = var.alarm_topic_arn
  tags               = var.tags
}

data "aws_iam_policy_document" "ingest" {
  for_each = var.table_groups

  statement {
    sid       = "ReadSourceSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.source.arn]
  }

  statement {
    sid       = "WriteGroupTables"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]
    resources = [for t in each.value.tables : "${var.lake_bucket_arn}/data/batch/${t}/*"]
  }

  statement {
    sid       = "ListGroupTables"
    actions   = ["s3:ListBucket"]
    resources = [var.lake_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [for t in each.value.tables : "data/batch/${t}/*"]
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

  dynamic "statement" {
    for_each = var.secret_kms_key_arn == null ? [] : [1]
    content {
      sid       = "DecryptSecret"
      actions   = ["kms:Decrypt"]
      resources = [var.secret_kms_key_arn]
    }
  }
}

resource "aws_iam_role_policy" "ingest" {
  for_each = var.table_groups
  name     = "ingest"
  role     = module.function[each.key].role_name
  policy   = data.aws_iam_policy_document.ingest[each.key].json
}

resource "aws_cloudwatch_event_rule" "schedule" {
  for_each            = var.table_groups
  name                = "${var.name_prefix}-ingest-${each.key}"
  description         = "insightflow batch ingest of ${join(", ", each.value.tables)}"
  schedule_expression = each.value.schedule
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "schedule" {
  for_each = var.table_groups
  rule     = aws_cloudwatch_event_rule.schedule[each.key].name
  arn      = module.function[each.key].arn
}

resource "aws_lambda_permission" "schedule" {
  for_each      = var.table_groups
  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = module.function[each.key].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[each.key].arn
}
