# PostgreSQL on RDS: private, encrypted, TLS forced, IAM database authentication on, the master
# password generated and rotated by RDS in Secrets Manager, and a sync user that logs in with IAM
# tokens (granted rds_iam), created through SSM Run Command on the bastion.

data "aws_region" "current" {}

locals {
  major = split(".", var.engine_version)[0]
}

resource "aws_db_subnet_group" "this" {
  name       = var.identifier
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.identifier}-"
  family      = "postgres${local.major}"
  description = "insightflow: TLS only"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier                          = var.identifier
  engine                              = "postgres"
  engine_version                      = var.engine_version
  instance_class                      = var.instance_class
  allocated_storage                   = var.allocated_storage
  max_allocated_storage               = var.max_allocated_storage
  storage_type                        = "gp3"
  db_name                             = var.database_name
  username                            = var.master_username
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
  storage_encrypted                   = true
  kms_key_id                          = var.kms_key_arn
  publicly_accessible                 = false
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = var.security_group_ids
  parameter_group_name                = aws_db_parameter_group.this.name
  multi_az                            = var.multi_az
  backup_retention_period             = var.backup_retention_days
  deletion_protection                 = var.deletion_protection
  skip_final_snapshot                 = var.skip_final_snapshot
  final_snapshot_identifier           = var.skip_final_snapshot ? null : "${var.identifier}-final"
  copy_tags_to_snapshot               = true
  auto_minor_version_upgrade          = true
  performance_insights_enabled        = var.performance_insights
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  tags                                = var.tags
}

# The sync user: created once through Run Command on the bootstrap host, which reads the master
# password from the RDS-managed secret. Re-running it changes nothing.
resource "aws_ssm_document" "bootstrap" {
  count           = var.bootstrap_host == null ? 0 : 1
  name            = "${var.identifier}-create-sync-user"
  document_type   = "Command"
  document_format = "JSON"
  content = jsonencode({
    schemaVersion = "2.2"
    description   = "Create the insightflow sync user (IAM authentication) and its schema."
    parameters = {
      SecretArn = { type = "String", allowedPattern = "^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+$" }
      Host      = { type = "String", allowedPattern = "^[a-z0-9.-]+$" }
      Port      = { type = "String", allowedPattern = "^[0-9]+$" }
      Database  = { type = "String", allowedPattern = "^[a-z][a-z0-9_]*$" }
      SyncUser  = { type = "String", allowedPattern = "^[a-z][a-z0-9_]*$" }
      Schema    = { type = "String", allowedPattern = "^[a-z][a-z0-9_]*$" }
      Region    = { type = "String", allowedPattern = "^[a-z0-9-]+$" }
    }
    mainSteps = [{
      action = "aws:runShellScript"
      name   = "createSyncUser"
      inputs = {
        timeoutSeconds = "300"
        runCommand = [
          "set -euo pipefail",
          "command -v psql >/dev/null || dnf install -y postgresql16",
          "secret=$(aws secretsmanager get-secret-value --region '{{ Region }}' --secret-id '{{ SecretArn }}' --query SecretString --output text)",
          "export PGUSER=$(printf '%s' \"$secret\" | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"username\"])')",
          "export PGPASSWORD=$(printf '%s' \"$secret\" | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"password\"])')",
          "psql \"host={{ Host }} port={{ Port }} dbname={{ Database }} sslmode=require\" -v ON_ERROR_STOP=1 -v user='{{ SyncUser }}' -v schema='{{ Schema }}' -v db='{{ Database }}' <<'SQL'",
          "SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \\gexec",
          "GRANT rds_iam TO :\"user\";",
          "GRANT CONNECT ON DATABASE :\"db\" TO :\"user\";",
          "CREATE SCHEMA IF NOT EXISTS :\"schema\" AUTHORIZATION :\"user\";",
          "SQL",
        ]
      }
    }]
  })
  tags = var.tags
}

data "aws_iam_policy_document" "bootstrap" {
  count = var.bootstrap_host == null ? 0 : 1

  statement {
    sid       = "ReadMasterSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_db_instance.this.master_user_secret[0].secret_arn]
  }
}

resource "aws_iam_role_policy" "bootstrap" {
  count  = var.bootstrap_host == null ? 0 : 1
  name   = "${var.identifier}-read-master-secret"
  role   = var.bootstrap_host.role_name
  policy = data.aws_iam_policy_document.bootstrap[0].json
}

resource "aws_ssm_association" "bootstrap" {
  count            = var.bootstrap_host == null ? 0 : 1
  name             = aws_ssm_document.bootstrap[0].name
  association_name = "${var.identifier}-create-sync-user"

  targets {
    key    = "InstanceIds"
    values = [var.bootstrap_host.instance_id]
  }

  parameters = {
    SecretArn = aws_db_instance.this.master_user_secret[0].secret_arn
    Host      = aws_db_instance.this.address
    Port      = tostring(aws_db_instance.this.port)
    Database  = var.database_name
    SyncUser  = var.sync_username
    Schema    = var.target_schema
    Region    = data.aws_region.current.region
  }

  # Apply fails if the user could not be created, instead of sync failing later.
  wait_for_success_timeout_seconds = 900
  depends_on                       = [aws_iam_role_policy.bootstrap]
}
