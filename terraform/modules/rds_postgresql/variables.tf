variable "identifier" {
  description = "DB instance identifier, e.g. insightflow-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,61}[a-z0-9]$", var.identifier)) && !strcontains(var.identifier, "--")
    error_message = "identifier must be 2-63 lower-case letters, digits or hyphens, start with a letter, and have no '--' or trailing hyphen."
  }
}

variable "engine_version" {
  description = "PostgreSQL version, major (\"16\") or major.minor (\"16.6\")."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^1[3-9](\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must be PostgreSQL 13 or newer, e.g. \"16\" or \"16.6\"."
  }
}

variable "instance_class" {
  description = "DB instance class."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS class such as db.t4g.micro."
  }
}

variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20
}

variable "max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB (0 turns autoscaling off)."
  type        = number
  default     = 100
}

variable "database_name" {
  description = "Database created on the instance; the sync target."
  type        = string
  default     = "insightflow"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be a lower-case identifier: letter first, then letters, digits or underscores."
  }
}

variable "master_username" {
  description = "Master user; its password is generated and kept in Secrets Manager by RDS."
  type        = string
  default     = "insightflow_admin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && var.master_username != "postgres"
    error_message = "master_username must be a lower-case identifier other than postgres."
  }
}

variable "sync_username" {
  description = "Database user of the sync Lambda; it logs in with IAM tokens (granted rds_iam)."
  type        = string
  default     = "insightflow_sync"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.sync_username))
    error_message = "sync_username must be a lower-case identifier."
  }
}

variable "target_schema" {
  description = "Schema the sync user owns and loads into."
  type        = string
  default     = "insightflow"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.target_schema))
    error_message = "target_schema must be a lower-case identifier."
  }
}

variable "subnet_ids" {
  description = "Private subnets in at least two availability zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs subnets in at least two availability zones."
  }
}

variable "security_group_ids" {
  description = "Security groups of the instance (the vpc module's database group)."
  type        = list(string)
}

variable "multi_az" {
  description = "Standby in a second availability zone."
  type        = bool
  default     = false
}

variable "backup_retention_days" {
  description = "Days of automated backups (1-35)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "deletion_protection" {
  description = "Refuse deletion (turn off before terraform destroy)."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Delete without a final snapshot (dev only)."
  type        = bool
  default     = false
}

variable "performance_insights" {
  description = "Performance Insights (not offered on every small instance class)."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "KMS key for storage encryption; null uses the aws/rds key."
  type        = string
  default     = null
}

variable "bootstrap_host" {
  description = "EC2 host with the SSM agent and psql (the bastion) that creates the sync user; null to run the SQL yourself (see the README)."
  type = object({
    instance_id = string
    role_name   = string
  })
  default = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
