variable "name_prefix" {
  description = "Prefix of names."
  type        = string
}

variable "table_groups" {
  description = "Table groups, each its own function and EventBridge schedule: { facts = { tables = [\"orders\"], schedule = \"cron(0 2 * * ? *)\" } }."
  type = map(object({
    tables   = list(string)
    schedule = string
  }))

  validation {
    condition     = length(var.table_groups) > 0 && alltrue([for g, v in var.table_groups : can(regex("^[a-z][a-z0-9-]{0,20}$", g))])
    error_message = "table_groups needs at least one group; group names are 1-21 lower-case letters, digits or hyphens (they become part of function names)."
  }

  validation {
    condition     = alltrue([for v in values(var.table_groups) : length(v.tables) > 0 && alltrue([for t in v.tables : can(regex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}$", t))])])
    error_message = "Each group needs tables, each a SQL identifier (optionally schema.table or database.schema.table)."
  }

  validation {
    condition = alltrue([
      for v in values(var.table_groups) :
      can(regex("^rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)$", v.schedule)) ||
      (
        can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", v.schedule)) &&
        try(split(" ", trimsuffix(trimprefix(v.schedule, "cron("), ")"))[2] == "?" || split(" ", trimsuffix(trimprefix(v.schedule, "cron("), ")"))[4] == "?", false)
      )
    ])
    error_message = "Each schedule must be an EventBridge expression: rate(1 hour), rate(15 minutes), or cron(minutes hours day-of-month month day-of-week year) with ? in day-of-month or day-of-week, e.g. cron(0 2 * * ? *)."
  }
}

variable "source_url" {
  description = "Warehouse JDBC URL (insightflow.source.url); jdbc:snowflake:… deploys the Snowflake artifact."
  type        = string

  validation {
    condition     = startswith(var.source_url, "jdbc:") && !can(regex("(?i)password=", var.source_url))
    error_message = "source_url must be a JDBC URL (jdbc:snowflake://…, jdbc:postgresql://…) without a password in it; the password or key goes to the Secrets Manager secret."
  }
}

variable "source_user" {
  description = "Warehouse user (insightflow.source.user)."
  type        = string
}

variable "source_auth" {
  description = "key_pair (Snowflake key-pair authentication, preferred) or password. Either way the value lives in the Secrets Manager secret this module creates."
  type        = string
  default     = "key_pair"

  validation {
    condition     = contains(["key_pair", "password"], var.source_auth)
    error_message = "source_auth must be key_pair or password."
  }
}

variable "secret_kms_key_arn" {
  description = "KMS key of the source secret; null uses aws/secretsmanager."
  type        = string
  default     = null
}

variable "secret_recovery_days" {
  description = "Days a deleted secret can be restored (0 deletes at once)."
  type        = number
  default     = 7
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

variable "batch_size" {
  description = "Rows per lake part (insightflow.ingest.batchSize); null keeps the library default."
  type        = number
  default     = null
}

variable "glue_database" {
  description = "Glue database the functions register each run's table and partition in (insightflow.catalog.glue.database); null for none."
  type        = string
  default     = null
}

variable "lambda_jar" {
  description = "Path of insightflow-lambda.jar (direct upload; JDBC sources other than Snowflake)."
  type        = string
}

variable "snowflake_lambda_jar" {
  description = "Path of insightflow-lambda-snowflake.jar (uploaded through the artifact bucket)."
  type        = string
}

variable "artifact_bucket_name" {
  description = "Bucket for artifacts too large for a direct upload."
  type        = string
}

variable "runtime" {
  description = "Lambda Java runtime."
  type        = string
  default     = "java21"
}

variable "memory_size" {
  description = "Memory of each ingest function in MB."
  type        = number
  default     = 2048
}

variable "timeout" {
  description = "Timeout of each ingest function in seconds (≤ 900); a run stops between parts before it."
  type        = number
  default     = 900
}

variable "subnet_ids" {
  description = "Private subnets with NAT when the warehouse is reached from the VPC; empty runs outside the VPC."
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups when subnet_ids is set (HTTPS out)."
  type        = list(string)
  default     = []
}

variable "alarm_topic_arn" {
  description = "SNS topic for alarms, or null."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
