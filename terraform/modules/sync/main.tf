# Sync (lake -> PostgreSQL): the sync Lambda in the private subnets, started by S3 notifications on
# new manifests and by a schedule; a Step Functions loop that calls it until nothing remains, and a
# Distributed Map backfill that runs that loop per table or time window; a daily verify; alarms on
# failures, on failed objects, on verify mismatches and on each table's freshness (the metrics of the
# function's log lines, see io.insightflow.metrics.MetricNames).

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  region    = data.aws_region.current.region
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition

  sync_loop_name = "${var.name_prefix}-sync-loop"
  backfill_name  = "${var.name_prefix}-backfill"
  # Built from names, not taken from the resources, because each role must name its own machine.
  sync_loop_arn = "arn:${local.partition}:states:${local.region}:${local.account}:stateMachine:${local.sync_loop_name}"
  backfill_arn  = "arn:${local.partition}:states:${local.region}:${local.account}:stateMachine:${local.backfill_name}"

  external_tables = length(var.external_tables) == 0 ? {} : { INSIGHTFLOW_SYNC_EXTERNALTABLES = join(",", var.external_tables) }
  # insightflow.sync.writeMode.<table> as the environment names it (the table upper-cased).
  write_modes = { for table, mode in var.write_modes : "INSIGHTFLOW_SYNC_WRITEMODE_${upper(table)}" => mode }

  # insightflow.sync.keys.<table>, the same way.
  table_keys = { for table, columns in var.keys : "INSIGHTFLOW_SYNC_KEYS_${upper(table)}" => columns }
  # insightflow.sync.schemaChanges.<table>, likewise.
  schema_changes = { for table, mode in var.schema_changes : "INSIGHTFLOW_SYNC_SCHEMACHANGES_${upper(table)}" => mode }
}

module "function" {
  source = "../lambda_function"

  name        = "${var.name_prefix}-sync"
  description = "insightflow sync: lake to PostgreSQL with COPY, exactly once per object"
  handler     = "io.insightflow.lambda.SyncHandler::handleRequest"
  runtime     = var.runtime
  memory_size = var.memory_size
  timeout     = var.timeout
  jar_file    = var.lambda_jar

  environment = merge({
    INSIGHTFLOW_LAKE             = "s3://${var.lake_bucket_name}"
    INSIGHTFLOW_S3_REGION        = local.region
    INSIGHTFLOW_TABLES           = join(",", var.tables)
    INSIGHTFLOW_TARGET_URL       = var.database.jdbc_url
    INSIGHTFLOW_TARGET_USER      = var.database.user
    INSIGHTFLOW_TARGET_SCHEMA    = var.database.schema
    INSIGHTFLOW_TARGET_IAMREGION = local.region
    INSIGHTFLOW_SYNC_THREADS     = tostring(var.threads)
  }, local.external_tables, local.write_modes, local.table_keys, local.schema_changes)

  subnet_ids                     = var.subnet_ids
  security_group_ids             = var.security_group_ids
  reserved_concurrent_executions = var.reserved_concurrency
  dead_letter_queue              = true
  alarm_topic_arn                = var.alarm_topic_arn
  tags                           = var.tags
}

data "aws_iam_policy_document" "sync" {
  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [var.lake_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["data/*"]
    }
  }

  statement {
    sid       = "ReadLake"
    actions   = ["s3:GetObject"]
    resources = ["${var.lake_bucket_arn}/data/*"]
  }

  statement {
    sid       = "ConnectAsSyncUser"
    actions   = ["rds-db:connect"]
    resources = ["arn:${local.partition}:rds-db:${local.region}:${local.account}:dbuser:${var.database.resource_id}/${var.database.user}"]
  }

  dynamic "statement" {
    for_each = var.lake_kms_key_arn == null ? [] : [1]
    content {
      sid       = "DecryptLake"
      actions   = ["kms:Decrypt"]
      resources = [var.lake_kms_key_arn]
    }
  }
}

resource "aws_iam_role_policy" "sync" {
  name   = "sync"
  role   = module.function.role_name
  policy = data.aws_iam_policy_document.sync.json
}

# Triggers: new manifests (and Firehose objects' schema file) under data/, and a schedule.

resource "aws_lambda_permission" "manifests" {
  count          = var.notifications ? 1 : 0
  statement_id   = "AllowLakeNotifications"
  action         = "lambda:InvokeFunction"
  function_name  = module.function.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = var.lake_bucket_arn
  source_account = local.account
}

resource "aws_s3_bucket_notification" "manifests" {
  count  = var.notifications ? 1 : 0
  bucket = var.lake_bucket_name

  # S3 filters by prefix and suffix only; the handler ignores objects that are not _manifest*.json.
  lambda_function {
    id                  = "insightflow-sync-on-manifest"
    lambda_function_arn = module.function.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "data/"
    filter_suffix       = ".json"
  }

  depends_on = [aws_lambda_permission.manifests]
}

resource "aws_cloudwatch_event_rule" "schedule" {
  count               = var.schedule == null ? 0 : 1
  name                = "${var.name_prefix}-sync"
  description         = "insightflow incremental sync"
  schedule_expression = var.schedule
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "schedule" {
  count = var.schedule == null ? 0 : 1
  rule  = aws_cloudwatch_event_rule.schedule[0].name
  arn   = module.function.arn
}

resource "aws_lambda_permission" "schedule" {
  count         = var.schedule == null ? 0 : 1
  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = module.function.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[0].arn
}

# Step Functions: the sync loop and the backfill.

resource "aws_cloudwatch_log_group" "state_machines" {
  name              = "/aws/vendedlogs/states/${var.name_prefix}-sync"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_iam_policy_document" "states_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

# Log delivery for Step Functions is configured through these account-level calls, which take no
# resource ARNs.
data "aws_iam_policy_document" "states_logs" {
  statement {
    sid = "LogDelivery"
    actions = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role" "sync_loop" {
  name               = local.sync_loop_name
  assume_role_policy = data.aws_iam_policy_document.states_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "sync_loop" {
  source_policy_documents = [data.aws_iam_policy_document.states_logs.json]

  statement {
    sid       = "InvokeSync"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.function.arn, "${module.function.arn}:*"]
  }
}

resource "aws_iam_role_policy" "sync_loop" {
  name   = "sync-loop"
  role   = aws_iam_role.sync_loop.id
  policy = data.aws_iam_policy_document.sync_loop.json
}

resource "aws_sfn_state_machine" "sync_loop" {
  name     = local.sync_loop_name
  role_arn = aws_iam_role.sync_loop.arn
  definition = templatefile("${path.module}/statemachines/sync-loop.asl.json", {
    partition         = local.partition
    sync_function_arn = module.function.arn
    max_iterations    = var.max_iterations
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machines.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }

  tags       = var.tags
  depends_on = [aws_iam_role_policy.sync_loop]
}

resource "aws_iam_role" "backfill" {
  name               = local.backfill_name
  assume_role_policy = data.aws_iam_policy_document.states_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "backfill" {
  source_policy_documents = [data.aws_iam_policy_document.states_logs.json]

  statement {
    sid       = "RunMapChildren"
    actions   = ["states:StartExecution"]
    resources = [local.backfill_arn, local.sync_loop_arn]
  }

  statement {
    sid     = "WatchExecutions"
    actions = ["states:DescribeExecution", "states:StopExecution"]
    resources = [
      "arn:${local.partition}:states:${local.region}:${local.account}:execution:${local.backfill_name}/*",
      "arn:${local.partition}:states:${local.region}:${local.account}:execution:${local.sync_loop_name}:*",
    ]
  }

  # startExecution.sync waits for the child through this EventBridge rule of Step Functions.
  statement {
    sid       = "SyncIntegrationRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = ["arn:${local.partition}:events:${local.region}:${local.account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"]
  }
}

resource "aws_iam_role_policy" "backfill" {
  name   = "backfill"
  role   = aws_iam_role.backfill.id
  policy = data.aws_iam_policy_document.backfill.json
}

resource "aws_sfn_state_machine" "backfill" {
  name     = local.backfill_name
  role_arn = aws_iam_role.backfill.arn
  definition = templatefile("${path.module}/statemachines/backfill.asl.json", {
    partition       = local.partition
    sync_loop_arn   = aws_sfn_state_machine.sync_loop.arn
    max_concurrency = var.backfill_concurrency
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machines.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }

  tags       = var.tags
  depends_on = [aws_iam_role_policy.backfill]
}

resource "aws_cloudwatch_metric_alarm" "executions_failed" {
  for_each = var.alarm_topic_arn == null ? {} : {
    sync_loop = aws_sfn_state_machine.sync_loop.arn
    backfill  = aws_sfn_state_machine.backfill.arn
  }
  alarm_name          = "${var.name_prefix}-${replace(each.key, "_", "-")}-failed"
  alarm_description   = "An execution of ${each.value} failed, timed out or was aborted."
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  dimensions          = { StateMachineArn = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  tags                = var.tags
}

# Reconciliation: a daily verify of lake against target ({"mode":"verify"} to the sync function),
# whose mismatches the alarm below reports. [#23]

resource "aws_cloudwatch_event_rule" "verify" {
  count               = var.verify_schedule == null ? 0 : 1
  name                = "${var.name_prefix}-verify"
  description         = "insightflow verify: lake against PostgreSQL, per table and object"
  schedule_expression = var.verify_schedule
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "verify" {
  count = var.verify_schedule == null ? 0 : 1
  rule  = aws_cloudwatch_event_rule.verify[0].name
  arn   = module.function.arn
  input = jsonencode({ mode = "verify" })
}

resource "aws_lambda_permission" "verify" {
  count         = var.verify_schedule == null ? 0 : 1
  statement_id  = "AllowEventBridgeVerify"
  action        = "lambda:InvokeFunction"
  function_name = module.function.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.verify[0].arn
}

# Alarms on the metrics the function writes in its log lines (CloudWatch Embedded Metric Format,
# namespace insightflow; names as io.insightflow.metrics.MetricNames declares them). [#23]

resource "aws_cloudwatch_metric_alarm" "objects_failed" {
  count               = var.alarm_topic_arn == null ? 0 : 1
  alarm_name          = "${var.name_prefix}-sync-objects-failed"
  alarm_description   = "Objects failed to load into PostgreSQL (their keys, lines and columns are in the function's log)."
  namespace           = "insightflow"
  metric_name         = "insightflow.objects.failed"
  dimensions          = { function = module.function.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "verify_mismatches" {
  count               = var.alarm_topic_arn == null ? 0 : 1
  alarm_name          = "${var.name_prefix}-sync-verify-mismatches"
  alarm_description   = "The verify found lake and target diverged: rows missing or extra, objects changed or vanished (see its report)."
  namespace           = "insightflow"
  metric_name         = "insightflow.verify.mismatches"
  dimensions          = { function = module.function.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "freshness" {
  for_each            = var.alarm_topic_arn == null ? {} : var.freshness_thresholds
  alarm_name          = "${var.name_prefix}-sync-freshness-${each.key}"
  alarm_description   = "Table ${each.key}: its newest loaded partition is more than ${each.value} s behind now."
  namespace           = "insightflow"
  metric_name         = "insightflow.freshness.lag"
  dimensions          = { function = module.function.function_name, table = each.key }
  statistic           = "Maximum"
  period              = var.freshness_period
  evaluation_periods  = 1
  threshold           = each.value
  comparison_operator = "GreaterThanThreshold"
  # No value in a period means no run reported the table; the errors alarm covers failed runs.
  treat_missing_data = "missing"
  alarm_actions      = [var.alarm_topic_arn]
  tags               = var.tags
}
