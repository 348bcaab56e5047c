variable "name" {
  description = "Function name; also names its role, log group and dead-letter queue."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, hyphens or underscores (a Lambda function name)."
  }
}

variable "description" {
  description = "What the function does."
  type        = string
  default     = ""
}

variable "handler" {
  description = "Java handler, e.g. io.insightflow.lambda.SyncHandler::handleRequest."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*\\.[A-Z][A-Za-z0-9_]*::[a-z][A-Za-z0-9_]*$", var.handler))
    error_message = "handler must look like package.ClassName::method (e.g. io.insightflow.lambda.SyncHandler::handleRequest)."
  }
}

variable "runtime" {
  description = "Lambda Java runtime."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java17", "java21"], var.runtime)
    error_message = "runtime must be java17 or java21 (insightflow needs Java 17 or newer)."
  }
}

variable "architecture" {
  description = "Instruction set: arm64 (Graviton, cheaper per GB-second) or x86_64."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_size" {
  description = "Memory in MB (CPU grows with it)."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout in seconds; the handlers stop taking new work before it and report what remains."
  type        = number
  default     = 900

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "jar_file" {
  description = "Local path of the jar to upload directly (≤ 50 MB). Null when s3_key is set."
  type        = string
  default     = null
}

variable "s3_bucket" {
  description = "Bucket holding the jar, for artifacts larger than a direct upload allows."
  type        = string
  default     = null
}

variable "s3_key" {
  description = "Key of the jar in s3_bucket."
  type        = string
  default     = null
}

variable "s3_object_version" {
  description = "Version of the jar object; a new version redeploys the function."
  type        = string
  default     = null
}

variable "environment" {
  description = "Environment variables: INSIGHTFLOW_* keys (insightflow.sync.threads is INSIGHTFLOW_SYNC_THREADS)."
  type        = map(string)
  default     = {}
}

variable "subnet_ids" {
  description = "Subnets to run in; empty runs the function outside any VPC."
  type        = list(string)
  default     = []
}

variable "security_group_ids" {
  description = "Security groups when subnet_ids is set."
  type        = list(string)
  default     = []
}

variable "reserved_concurrent_executions" {
  description = "Concurrency cap (-1 for none), e.g. to bound connections to the database."
  type        = number
  default     = -1
}

variable "dead_letter_queue" {
  description = "Create an SQS queue for failed asynchronous invocations (S3 notifications, schedules)."
  type        = bool
  default     = false
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed asynchronous invocation before it goes to the dead-letter queue."
  type        = number
  default     = 2

  validation {
    condition     = var.maximum_retry_attempts >= 0 && var.maximum_retry_attempts <= 2
    error_message = "maximum_retry_attempts must be 0, 1 or 2."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of the function's log group."
  type        = number
  default     = 30
}

variable "alarm_topic_arn" {
  description = "SNS topic for alarms on errors and on the dead-letter queue; null for no alarms."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
