output "stream_name" {
  description = "Kinesis stream of the events (insightflow.stream.name for publish)."
  value       = aws_kinesis_stream.events.name
}

output "stream_arn" {
  description = "ARN of the stream."
  value       = aws_kinesis_stream.events.arn
}

output "publisher_policy_arn" {
  description = "Policy to attach to whatever publishes events."
  value       = aws_iam_policy.publisher.arn
}

output "publisher_role_arn" {
  description = "Role for publishers (when publisher_principal_arns is set), or null."
  value       = length(var.publisher_principal_arns) > 0 ? aws_iam_role.publisher[0].arn : null
}

output "table" {
  description = "Lake table of the events."
  value       = var.table
}

output "external_table" {
  description = "The table when Firehose delivers it (no manifests: sync reads data/stream/<table>/_schema.json), or null."
  value       = local.firehose ? var.table : null
}

output "delivery_stream_name" {
  description = "Firehose delivery stream, or null."
  value       = local.firehose ? aws_kinesis_firehose_delivery_stream.lake[0].name : null
}

output "columns" {
  description = "Columns of the stream table (PostgreSQL types)."
  value       = var.columns
}
