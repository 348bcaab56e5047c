output "function_names" {
  description = "Ingest function per table group."
  value       = { for g, f in module.function : g => f.function_name }
}

output "source_secret_arn" {
  description = "Secret to fill with the warehouse private key or password."
  value       = aws_secretsmanager_secret.source.arn
}

output "artifact" {
  description = "Which jar the functions run: insightflow-lambda-snowflake.jar (through S3) or insightflow-lambda.jar."
  value       = local.snowflake ? "insightflow-lambda-snowflake.jar" : "insightflow-lambda.jar"
}
