terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # State in S3 with S3-native locking (use_lockfile, Terraform 1.10+); the bucket, key and region
  # come from -backend-config at init (see the README's "Deploy on AWS").
  backend "s3" {}
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = "insightflow"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
