output "raw_bucket" {
  description = "Raw lake bucket."
  value       = module.buckets.raw_bucket_name
}

output "source_secret_arn" {
  description = "Put the warehouse private key (or password) here: aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://rsa_key.p8"
  value       = module.ingest_batch.source_secret_arn
}

output "ingest_functions" {
  description = "Ingest function per table group (aws lambda invoke --function-name <name> out.json runs one now)."
  value       = module.ingest_batch.function_names
}

output "stream_name" {
  description = "Kinesis stream for mvn insightflow:publish -Dinsightflow.stream.name=<name>."
  value       = module.ingest_streaming.stream_name
}

output "publisher_policy_arn" {
  description = "Attach to whatever publishes events."
  value       = module.ingest_streaming.publisher_policy_arn
}

output "sync_function" {
  description = "The sync function."
  value       = module.sync.function_name
}

output "sync_loop_arn" {
  description = "State machine that syncs until nothing remains."
  value       = module.sync.sync_loop_arn
}

output "backfill_arn" {
  description = "Distributed Map backfill state machine."
  value       = module.sync.backfill_arn
}

output "database_endpoint" {
  description = "PostgreSQL host (private)."
  value       = module.database.address
}

output "database_master_secret_arn" {
  description = "Master credentials, kept by RDS in Secrets Manager."
  value       = module.database.master_user_secret_arn
}

output "bastion_instance_id" {
  description = "aws ssm start-session --target <id>"
  value       = module.bastion.instance_id
}

output "glue_database" {
  description = "Glue database of the raw lake (Athena)."
  value       = module.glue.database_name
}
