variable "name_prefix" {
  description = "Prefix of names."
  type        = string
}

variable "private_subnet_id" {
  description = "Subnet of the bastion when SSH is off (reached through Session Manager only)."
  type        = string
}

variable "public_subnet_id" {
  description = "Subnet of the bastion when SSH is on (it then gets a public IP)."
  type        = string
  default     = null
}

variable "security_group_id" {
  description = "The bastion's security group (from the vpc module)."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type (Graviton: t4g.*)."
  type        = string
  default     = "t4g.nano"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*g[a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must be a Graviton (arm64) type such as t4g.nano, because the AMI is arm64."
  }
}

variable "ssh_enabled" {
  description = "Also allow SSH from ssh_cidr_blocks (off: Session Manager only, no inbound port)."
  type        = bool
  default     = false
}

variable "ssh_key_name" {
  description = "EC2 key pair for SSH; required when ssh_enabled."
  type        = string
  default     = null
}

variable "ssh_cidr_blocks" {
  description = "IPv4 ranges allowed to SSH when ssh_enabled; never 0.0.0.0/0."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.ssh_cidr_blocks : can(cidrnetmask(c)) && c != "0.0.0.0/0"])
    error_message = "ssh_cidr_blocks must be IPv4 CIDRs, and 0.0.0.0/0 is not allowed: use Session Manager instead."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
