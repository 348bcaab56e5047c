output "address" {
  description = "Host name of the instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the instance."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "The sync target database."
  value       = var.database_name
}

output "resource_id" {
  description = "DbiResourceId, the part of rds-db:connect ARNs that names the instance."
  value       = aws_db_instance.this.resource_id
}

output "sync_username" {
  description = "User the sync Lambda connects as with an IAM token."
  value       = var.sync_username
}

output "target_schema" {
  description = "Schema the sync user owns."
  value       = var.target_schema
}

output "jdbc_url" {
  description = "JDBC URL of the sync target."
  value       = "jdbc:postgresql://${aws_db_instance.this.address}:${aws_db_instance.this.port}/${var.database_name}"
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret with the master credentials (managed by RDS)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
