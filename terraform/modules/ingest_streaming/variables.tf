variable "name_prefix" {
  description = "Prefix of names."
  type        = string
}

variable "table" {
  description = "Lake table the events land in: data/stream/<table>/…"
  type        = string
  default     = "order_events"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.table))
    error_message = "table must be a lower-case identifier (letters, digits, underscores)."
  }
}

variable "columns" {
  description = "Columns of the transform's CSV lines, in order (insightflow-core OrderEventTransform.COLUMNS by default); written to data/stream/<table>/_schema.json for sync."
  type = list(object({
    name = string
    type = string
  }))
  default = [
    { name = "order_id", type = "bigint" },
    { name = "user_id", type = "bigint" },
    { name = "eval_set", type = "text" },
    { name = "order_number", type = "integer" },
    { name = "order_dow", type = "integer" },
    { name = "order_hour_of_day", type = "integer" },
    { name = "days_since_prior_order", type = "integer" },
    { name = "event_time", type = "timestamp with time zone" },
    { name = "product_ids", type = "text" },
  ]

  validation {
    condition     = length(var.columns) > 0 && alltrue([for c in var.columns : can(regex("^[a-z_][a-z0-9_]*$", c.name))])
    error_message = "columns needs at least one column; names are lower-case identifiers."
  }
}

variable "stream_mode" {
  description = "Kinesis capacity: ON_DEMAND or PROVISIONED (then shard_count applies)."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.stream_mode)
    error_message = "stream_mode must be ON_DEMAND or PROVISIONED."
  }
}

variable "shard_count" {
  description = "Shards when PROVISIONED."
  type        = number
  default     = 1

  validation {
    condition     = var.shard_count >= 1
    error_message = "shard_count must be at least 1."
  }
}

variable "retention_hours" {
  description = "Hours the stream keeps records (24-8760)."
  type        = number
  default     = 24

  validation {
    condition     = var.retention_hours >= 24 && var.retention_hours <= 8760
    error_message = "retention_hours must be between 24 and 8760."
  }
}

variable "delivery" {
  description = "How events reach the lake: firehose (Firehose with the transformation Lambda) or lambda (the consumer Lambda on the stream, writing parts and manifests)."
  type        = string
  default     = "firehose"

  validation {
    condition     = contains(["firehose", "lambda"], var.delivery)
    error_message = "delivery must be firehose or lambda."
  }
}

variable "buffering_size_mb" {
  description = "Firehose: MB buffered before an object is written (1-128)."
  type        = number
  default     = 64

  validation {
    condition     = var.buffering_size_mb >= 1 && var.buffering_size_mb <= 128
    error_message = "buffering_size_mb must be between 1 and 128."
  }
}

variable "buffering_interval_seconds" {
  description = "Firehose: seconds buffered before an object is written (0-900)."
  type        = number
  default     = 300

  validation {
    condition     = var.buffering_interval_seconds >= 0 && var.buffering_interval_seconds <= 900
    error_message = "buffering_interval_seconds must be between 0 and 900."
  }
}

variable "gzip" {
  description = "Firehose: GZIP the objects (named .csv.gz; the schema file says compression gzip)."
  type        = bool
  default     = false
}

variable "consumer_batch_size" {
  description = "Consumer: records per Lambda invocation (1-10000)."
  type        = number
  default     = 1000

  validation {
    condition     = var.consumer_batch_size >= 1 && var.consumer_batch_size <= 10000
    error_message = "consumer_batch_size must be between 1 and 10000."
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

variable "error_prefix" {
  description = "Raw-bucket prefix for records Firehose could not transform or deliver (outside data/)."
  type        = string
  default     = "errors/firehose/"

  validation {
    condition     = endswith(var.error_prefix, "/") && !startswith(var.error_prefix, "data/") && !startswith(var.error_prefix, "/")
    error_message = "error_prefix must end with '/' and lie outside data/."
  }
}

variable "glue_database" {
  description = "Consumer delivery: Glue database the consumer registers the table and partitions in (insightflow.catalog.glue.database); null for none."
  type        = string
  default     = null
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

variable "publisher_principal_arns" {
  description = "IAM principals (roles, accounts) allowed to assume the publisher role; empty creates only the publisher policy."
  type        = list(string)
  default     = []
}

variable "alarm_topic_arn" {
  description = "SNS topic for alarms, or null."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Retention of the Firehose log group."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
