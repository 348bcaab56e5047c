# The dev environment: the whole pipeline from the modules. Build the jars first
# (mvn -B package -DskipTests), then terraform init/plan/apply in this directory.

locals {
  name = "insightflow-${var.environment}"
  jars = "${path.root}/../../insightflow-lambda/target"

  lambda_jar           = coalesce(var.lambda_jar, "${local.jars}/insightflow-lambda.jar")
  snowflake_lambda_jar = coalesce(var.snowflake_lambda_jar, "${local.jars}/insightflow-lambda-snowflake.jar")

  batch_tables = distinct(flatten([for g in values(var.warehouse.table_groups) : g.tables]))
  # Athena reads the stream's CSV columns with these Hive types (timestamps stay text: ISO-8601).
  hive_types = { bigint = "bigint", integer = "int", text = "string" }
  stream_glue_table = {
    (var.stream.table) = {
      kind    = "stream"
      columns = [for c in module.ingest_streaming.columns : { name = c.name, type = lookup(local.hive_types, c.type, "string") }]
    }
  }
}

resource "aws_sns_topic" "alarms" {
  name = "${local.name}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == null ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

module "buckets" {
  source         = "../modules/s3_buckets"
  name_prefix    = local.name
  bucket_names   = var.bucket_names
  kms_encryption = var.kms_encryption
  force_destroy  = true
}

module "vpc" {
  source       = "../modules/vpc"
  name_prefix  = local.name
  nat_gateways = var.nat_gateways
}

module "bastion" {
  source            = "../modules/bastion"
  name_prefix       = local.name
  private_subnet_id = module.vpc.private_subnet_ids[0]
  public_subnet_id  = module.vpc.public_subnet_ids[0]
  security_group_id = module.vpc.security_group_ids.bastion
  ssh_enabled       = var.bastion_ssh.enabled
  ssh_key_name      = var.bastion_ssh.key_name
  ssh_cidr_blocks   = var.bastion_ssh.cidr_blocks
}

module "database" {
  source              = "../modules/rds_postgresql"
  identifier          = local.name
  engine_version      = var.database.engine_version
  instance_class      = var.database.instance_class
  multi_az            = var.database.multi_az
  deletion_protection = var.database.deletion_protection
  skip_final_snapshot = var.database.skip_final_snapshot
  subnet_ids          = module.vpc.private_subnet_ids
  security_group_ids  = [module.vpc.security_group_ids.database]
  bootstrap_host = {
    instance_id = module.bastion.instance_id
    role_name   = module.bastion.role_name
  }
}

module "glue" {
  source           = "../modules/glue_raw"
  name_prefix      = local.name
  database_name    = replace("${local.name}_raw", "-", "_")
  bucket_name      = module.buckets.raw_bucket_name
  bucket_arn       = module.buckets.raw_bucket_arn
  kms_key_arn      = module.buckets.kms_key_arn
  mode             = var.glue_mode
  recrawl_behavior = var.glue_recrawl_behavior
  tables           = merge({ for t, v in var.glue_tables : t => { kind = "batch", columns = v.columns } }, local.stream_glue_table)
}

module "ingest_batch" {
  source               = "../modules/ingest_batch"
  name_prefix          = local.name
  table_groups         = var.warehouse.table_groups
  source_url           = var.warehouse.url
  source_user          = var.warehouse.user
  source_auth          = var.warehouse.auth
  batch_size           = var.warehouse.batch_size
  lake_bucket_name     = module.buckets.raw_bucket_name
  lake_bucket_arn      = module.buckets.raw_bucket_arn
  lake_kms_key_arn     = module.buckets.kms_key_arn
  glue_database        = var.glue_mode == "library" ? module.glue.database_name : null
  artifact_bucket_name = module.buckets.artifact_bucket_name
  lambda_jar           = local.lambda_jar
  snowflake_lambda_jar = local.snowflake_lambda_jar
  # Snowflake is on the internet: through NAT when there is one, else outside the VPC.
  subnet_ids         = module.vpc.has_nat ? module.vpc.private_subnet_ids : []
  security_group_ids = module.vpc.has_nat ? [module.vpc.security_group_ids.internet_egress] : []
  alarm_topic_arn    = aws_sns_topic.alarms.arn
}

module "ingest_streaming" {
  source           = "../modules/ingest_streaming"
  name_prefix      = local.name
  table            = var.stream.table
  stream_mode      = var.stream.stream_mode
  shard_count      = var.stream.shard_count
  delivery         = var.stream.delivery
  gzip             = var.stream.gzip
  lake_bucket_name = module.buckets.raw_bucket_name
  lake_bucket_arn  = module.buckets.raw_bucket_arn
  lake_kms_key_arn = module.buckets.kms_key_arn
  error_prefix     = "${module.buckets.error_prefixes[0]}firehose/"
  glue_database    = var.glue_mode == "library" ? module.glue.database_name : null
  lambda_jar       = local.lambda_jar
  alarm_topic_arn  = aws_sns_topic.alarms.arn
}

module "sync" {
  source               = "../modules/sync"
  name_prefix          = local.name
  lambda_jar           = local.lambda_jar
  tables               = concat(local.batch_tables, [module.ingest_streaming.table])
  external_tables      = module.ingest_streaming.external_table == null ? [] : [module.ingest_streaming.external_table]
  threads              = var.sync.threads
  reserved_concurrency = var.sync.reserved_concurrency
  schedule             = var.sync.schedule
  verify_schedule      = var.sync.verify_schedule
  freshness_thresholds = var.sync.freshness_thresholds
  lake_bucket_name     = module.buckets.raw_bucket_name
  lake_bucket_arn      = module.buckets.raw_bucket_arn
  lake_kms_key_arn     = module.buckets.kms_key_arn
  database = {
    jdbc_url    = module.database.jdbc_url
    user        = module.database.sync_username
    schema      = module.database.target_schema
    resource_id = module.database.resource_id
  }
  subnet_ids         = module.vpc.private_subnet_ids
  security_group_ids = [module.vpc.security_group_ids.lambda]
  alarm_topic_arn    = aws_sns_topic.alarms.arn
}
