variable "aws_region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-central-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region code such as eu-central-1."
  }
}

variable "environment" {
  description = "Environment name; part of every resource name."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lower-case letters or digits, starting with a letter."
  }
}

variable "bucket_names" {
  description = "Globally unique bucket names: raw (bronze lake), clean (silver), artifacts (Lambda jars)."
  type = object({
    raw       = string
    clean     = string
    artifacts = string
  })
}

variable "kms_encryption" {
  description = "SSE-KMS with a customer-managed key instead of SSE-S3 for the buckets."
  type        = bool
  default     = false
}

variable "nat_gateways" {
  description = "none, single (dev) or per_az."
  type        = string
  default     = "single"
}

variable "warehouse" {
  description = "Batch ingest source: JDBC URL, user, authentication (key_pair or password) and table groups with their schedules."
  type = object({
    url  = string
    user = string
    auth = optional(string, "key_pair")
    table_groups = map(object({
      tables   = list(string)
      schedule = string
    }))
    batch_size = optional(number)
  })
}

variable "stream" {
  description = "Streaming ingest: lake table, Kinesis mode and delivery (firehose or lambda)."
  type = object({
    table       = optional(string, "order_events")
    stream_mode = optional(string, "ON_DEMAND")
    shard_count = optional(number, 1)
    delivery    = optional(string, "firehose")
    gzip        = optional(bool, false)
  })
  default = {}
}

variable "sync" {
  description = "Sync: schedule, COPY threads per call and calls at once; the daily verify's schedule and the freshness alarm thresholds per table (seconds)."
  type = object({
    schedule             = optional(string, "rate(1 hour)")
    threads              = optional(number, 4)
    reserved_concurrency = optional(number, 4)
    verify_schedule      = optional(string, "cron(0 6 * * ? *)")
    freshness_thresholds = optional(map(number), {})
  })
  default = {}
}

variable "database" {
  description = "RDS PostgreSQL settings."
  type = object({
    instance_class      = optional(string, "db.t4g.micro")
    engine_version      = optional(string, "16")
    multi_az            = optional(bool, false)
    deletion_protection = optional(bool, false)
    skip_final_snapshot = optional(bool, true)
  })
  default = {}
}

variable "glue_mode" {
  description = "crawler, projection or library (see the glue_raw module)."
  type        = string
  default     = "projection"
}

variable "glue_recrawl_behavior" {
  description = "Crawler mode: CRAWL_EVERYTHING for the first crawl, then CRAWL_NEW_FOLDERS_ONLY."
  type        = string
  default     = "CRAWL_EVERYTHING"
}

variable "glue_tables" {
  description = "Projection mode: batch tables with their columns (Hive types); the stream table is added from its columns."
  type = map(object({
    columns = list(object({
      name = string
      type = string
    }))
  }))
  default = {}
}

variable "bastion_ssh" {
  description = "SSH to the bastion besides Session Manager (off by default)."
  type = object({
    enabled     = optional(bool, false)
    key_name    = optional(string)
    cidr_blocks = optional(list(string), [])
  })
  default = {}
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (confirm the subscription mail); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address."
  }
}

variable "lambda_jar" {
  description = "insightflow-lambda.jar built by mvn package; default the build output of this repository."
  type        = string
  default     = null
}

variable "snowflake_lambda_jar" {
  description = "insightflow-lambda-snowflake.jar; default the build output of this repository."
  type        = string
  default     = null
}
