variable "name_prefix" {
  description = "Prefix of names."
  type        = string
}

variable "lambda_jar" {
  description = "Path of insightflow-lambda.jar."
  type        = string
}

variable "runtime" {
  description = "Lambda Java runtime."
  type        = string
  default     = "java21"
}

variable "memory_size" {
  description = "Memory of the sync function in MB (COPY threads share it)."
  type        = number
  default     = 2048
}

variable "timeout" {
  description = "Timeout of the sync function in seconds; a call stops taking objects before it and reports what remains."
  type        = number
  default     = 900
}

variable "threads" {
  description = "Parallel COPY connections per call (insightflow.sync.threads)."
  type        = number
  default     = 4

  validation {
    condition     = var.threads >= 1 && var.threads <= 64
    error_message = "threads must be between 1 and 64."
  }
}

variable "reserved_concurrency" {
  description = "Most sync calls at once; with threads it bounds the database connections (threads x this)."
  type        = number
  default     = 4

  validation {
    condition     = var.reserved_concurrency >= 1
    error_message = "reserved_concurrency must be at least 1."
  }
}

variable "tables" {
  description = "Tables to sync (insightflow.tables): the batch tables and the stream table."
  type        = list(string)

  validation {
    condition     = length(var.tables) > 0 && alltrue([for t in var.tables : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", t))])
    error_message = "tables needs at least one table name, each an identifier."
  }
}

variable "external_tables" {
  description = "Tables whose objects other writers (Firehose) deliver without manifests (insightflow.sync.externalTables)."
  type        = list(string)
  default     = []
}

variable "write_modes" {
  description = "Write mode per table (insightflow.sync.writeMode.<table>): append (the default), replace (the table holds the newest complete run) or merge (upsert on the table's key, see keys)."
  type        = map(string)
  default     = {}
  validation {
    condition     = alltrue([for mode in values(var.write_modes) : contains(["append", "replace", "merge"], mode)])
    error_message = "Each write mode is append, replace or merge."
  }
}

variable "keys" {
  description = "Key columns per table, comma-separated in key order (insightflow.sync.keys.<table>), overriding the key the lake records; a merge table needs one."
  type        = map(string)
  default     = {}
}

variable "schema_changes" {
  description = "Schema change mode per table (insightflow.sync.schemaChanges.<table>): evolve (the default: new columns and safe widenings in the object's transaction) or freeze (any difference of an object's columns fails it)."
  type        = map(string)
  default     = {}
  validation {
    condition     = alltrue([for mode in values(var.schema_changes) : contains(["evolve", "freeze"], mode)])
    error_message = "Each schema change mode is evolve or freeze."
  }
}

variable "lake_bucket_name" {
  description = "The raw lake bucket."
  type        = string
}

variable "lake_bucket_arn" {
  description = "ARN of the raw lake bucket."
  type        = string
}

variable "lake_kms_key_arn" {
  description = "Key of the lake bucket when SSE-KMS, or null."
  type        = string
  default     = null
}

variable "database" {
  description = "Sync target from the rds_postgresql module: JDBC URL, user (IAM authentication), schema and the instance's resource id."
  type = object({
    jdbc_url    = string
    user        = string
    schema      = string
    resource_id = string
  })
}

variable "subnet_ids" {
  description = "Private subnets that reach the database."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0
    error_message = "The sync function runs in the VPC next to the database: give its private subnets."
  }
}

variable "security_group_ids" {
  description = "Security groups of the sync function (the vpc module's lambda group)."
  type        = list(string)
}

variable "schedule" {
  description = "EventBridge schedule of an incremental sync, e.g. rate(1 hour); null for none (S3 notifications still trigger it)."
  type        = string
  default     = "rate(1 hour)"

  validation {
    condition = var.schedule == null || can(regex("^rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)$", var.schedule)) || (
      can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.schedule)) &&
      try(split(" ", trimsuffix(trimprefix(var.schedule, "cron("), ")"))[2] == "?" || split(" ", trimsuffix(trimprefix(var.schedule, "cron("), ")"))[4] == "?", false)
    )
    error_message = "schedule must be an EventBridge expression: rate(1 hour), rate(15 minutes), or cron(minutes hours day-of-month month day-of-week year) with ? in day-of-month or day-of-week."
  }
}

variable "verify_schedule" {
  description = "EventBridge schedule of the verify (the sync function with {\"mode\":\"verify\"}), daily by default at 06:00 UTC; null for none."
  type        = string
  default     = "cron(0 6 * * ? *)"

  validation {
    condition = var.verify_schedule == null || can(regex("^rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)$", var.verify_schedule)) || (
      can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.verify_schedule)) &&
      try(split(" ", trimsuffix(trimprefix(var.verify_schedule, "cron("), ")"))[2] == "?" || split(" ", trimsuffix(trimprefix(var.verify_schedule, "cron("), ")"))[4] == "?", false)
    )
    error_message = "verify_schedule must be an EventBridge expression: rate(1 hour), rate(15 minutes), or cron(minutes hours day-of-month month day-of-week year) with ? in day-of-month or day-of-week."
  }
}

variable "freshness_thresholds" {
  description = "Freshness alarm per table: the most seconds a table's newest loaded partition may be behind now (metric insightflow.freshness.lag), e.g. { orders = 7200 }. One alarm per table; none when empty."
  type        = map(number)
  default     = {}

  validation {
    condition     = alltrue([for table, seconds in var.freshness_thresholds : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", table)) && seconds > 0])
    error_message = "freshness_thresholds maps table names (identifiers) to seconds greater than 0."
  }
}

variable "freshness_period" {
  description = "Seconds over which a freshness alarm takes the largest lag reported (a multiple of 60)."
  type        = number
  default     = 3600

  validation {
    condition     = var.freshness_period >= 60 && var.freshness_period % 60 == 0
    error_message = "freshness_period must be a multiple of 60 seconds."
  }
}

variable "notifications" {
  description = "Start a sync when a manifest lands (S3 notification on data/…json). This module then owns the bucket's notification configuration."
  type        = bool
  default     = true
}

variable "max_iterations" {
  description = "Sync loop: most calls in one execution before it fails as not converging."
  type        = number
  default     = 100
}

variable "backfill_concurrency" {
  description = "Backfill: items (tables or windows) synced at once."
  type        = number
  default     = 4

  validation {
    condition     = var.backfill_concurrency >= 1 && var.backfill_concurrency <= 1000
    error_message = "backfill_concurrency must be between 1 and 1000."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic for alarms, or null."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Retention of the state machines' log group."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
