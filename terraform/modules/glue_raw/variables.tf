variable "name_prefix" {
  description = "Prefix of names."
  type        = string
}

variable "database_name" {
  description = "Glue database of the raw lake's tables."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,254}$", var.database_name))
    error_message = "database_name must be lower-case letters, digits and underscores, starting with a letter (Athena rejects hyphens)."
  }
}

variable "bucket_name" {
  description = "The raw lake bucket."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of the raw lake bucket."
  type        = string
}

variable "kms_key_arn" {
  description = "Key of the bucket when SSE-KMS, or null."
  type        = string
  default     = null
}

variable "mode" {
  description = "crawler: a Glue crawler discovers tables and partitions; projection: tables declared here with partition projection (no crawler, no partition upkeep); library: only the database, the ingest and consumer functions register tables and partitions themselves (insightflow.catalog.glue.database)."
  type        = string
  default     = "projection"

  validation {
    condition     = contains(["crawler", "projection", "library"], var.mode)
    error_message = "mode must be crawler, projection or library."
  }
}

variable "recrawl_behavior" {
  description = "Crawler mode: CRAWL_EVERYTHING for the first crawl, then CRAWL_NEW_FOLDERS_ONLY (only new partitions are read)."
  type        = string
  default     = "CRAWL_EVERYTHING"

  validation {
    condition     = contains(["CRAWL_EVERYTHING", "CRAWL_NEW_FOLDERS_ONLY", "CRAWL_EVENT_MODE"], var.recrawl_behavior)
    error_message = "recrawl_behavior must be CRAWL_EVERYTHING, CRAWL_NEW_FOLDERS_ONLY or CRAWL_EVENT_MODE."
  }
}

variable "crawler_schedule" {
  description = "Crawler mode: Glue cron expression, e.g. cron(15 * * * ? *); null runs it on demand only."
  type        = string
  default     = null

  validation {
    condition     = var.crawler_schedule == null || can(regex("^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$", var.crawler_schedule))
    error_message = "crawler_schedule must be a six-field cron(...) expression, e.g. cron(15 * * * ? *)."
  }
}

variable "batch_template" {
  description = "Partition template of batch ingest (insightflow.ingest.template)."
  type        = string
  default     = "data/batch/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/\\{table\\}(/[a-z_]+=(\\{(yyyy|MM|dd|HH|mm)\\})+)+$", var.batch_template))
    error_message = "batch_template must be a prefix, then {table}, then key={yyyy|MM|dd|HH|mm...} segments, e.g. data/batch/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}."
  }
}

variable "stream_template" {
  description = "Partition template of streamed objects (Firehose or the consumer)."
  type        = string
  default     = "data/stream/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/\\{table\\}(/[a-z_]+=(\\{(yyyy|MM|dd|HH|mm)\\})+)+$", var.stream_template))
    error_message = "stream_template must be a prefix, then {table}, then key={yyyy|MM|dd|HH|mm...} segments."
  }
}

variable "tables" {
  description = "Projection mode: tables with their columns (Hive types) and whether they are batch (CSV with header) or stream (no header)."
  type = map(object({
    kind = optional(string, "batch")
    columns = list(object({
      name = string
      type = string
    }))
  }))
  default = {}

  validation {
    condition     = alltrue([for name, t in var.tables : can(regex("^[a-z][a-z0-9_]*$", name)) && contains(["batch", "stream"], t.kind) && length(t.columns) > 0])
    error_message = "Each table needs a lower-case identifier as name, kind batch or stream, and at least one column."
  }
}

variable "projection_years" {
  description = "Projection mode: first and last year that partitions may have."
  type = object({
    first = number
    last  = number
  })
  default = { first = 2024, last = 2035 }

  validation {
    condition     = var.projection_years.first <= var.projection_years.last
    error_message = "projection_years.first must not be after projection_years.last."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
