variable "name_prefix" {
  description = "Prefix of names and Name tags."
  type        = string
}

variable "cidr_block" {
  description = "IPv4 range of the VPC; /16 to /24 (subnets are /4 smaller slices of it)."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.cidr_block)) && tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 24
    error_message = "cidr_block must be an IPv4 CIDR between /16 and /24, e.g. 10.20.0.0/16."
  }
}

variable "nat_gateways" {
  description = "NAT for the private subnets: none, single (one shared NAT, for dev) or per_az (one per AZ, for production)."
  type        = string
  default     = "single"

  validation {
    condition     = contains(["none", "single", "per_az"], var.nat_gateways)
    error_message = "nat_gateways must be none, single or per_az."
  }
}

variable "interface_endpoints" {
  description = "AWS services reached from the private subnets through interface endpoints (no NAT needed for them)."
  type        = list(string)
  default     = ["secretsmanager", "sts", "kinesis-streams", "logs", "ssm", "ssmmessages", "ec2messages"]

  validation {
    condition     = alltrue([for s in var.interface_endpoints : can(regex("^[a-z0-9-]+(\\.[a-z0-9-]+)*$", s))])
    error_message = "Each interface endpoint is a service name such as secretsmanager or kinesis-streams."
  }
}

variable "database_port" {
  description = "PostgreSQL port the database security group opens to the Lambda and bastion groups."
  type        = number
  default     = 5432
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
