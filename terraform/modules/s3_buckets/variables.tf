variable "name_prefix" {
  description = "Prefix of names, e.g. insightflow-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "bucket_names" {
  description = "Globally unique bucket names: raw (bronze lake), clean (silver) and artifacts (Lambda jars)."
  type = object({
    raw       = string
    clean     = string
    artifacts = string
  })

  validation {
    condition = alltrue([
      for name in values(var.bucket_names) :
      can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", name)) && !strcontains(name, "..") && !can(regex("^\\d+\\.\\d+\\.\\d+\\.\\d+$", name))
    ])
    error_message = "Each bucket name must be 3-63 characters of lower-case letters, digits, dots and hyphens, start and end with a letter or digit, have no '..' and not look like an IP address (no capitals, no underscores)."
  }

  validation {
    condition     = length(distinct(values(var.bucket_names))) == 3
    error_message = "raw, clean and artifacts must be three different buckets."
  }
}

variable "kms_encryption" {
  description = "Encrypt with a customer-managed KMS key (SSE-KMS, bucket keys on) instead of SSE-S3."
  type        = bool
  default     = false
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted object version is kept before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}

variable "error_prefixes" {
  description = "Prefixes in the raw bucket that hold error output (Firehose failures, rejected rows); they expire."
  type        = list(string)
  default     = ["errors/"]

  validation {
    condition     = alltrue([for p in var.error_prefixes : can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$", p)) && !startswith(p, "data/")])
    error_message = "Each error prefix must end with '/', not start with '/', and lie outside data/ (where the lake's tables are)."
  }
}

variable "error_expiration_days" {
  description = "Days objects under the error prefixes are kept."
  type        = number
  default     = 14

  validation {
    condition     = var.error_expiration_days >= 1
    error_message = "error_expiration_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete non-empty buckets (dev only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
