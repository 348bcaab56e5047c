output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "role_name" {
  description = "Name of the function's role, for the caller's own policy."
  value       = aws_iam_role.this.name
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue, or null."
  value       = var.dead_letter_queue ? aws_sqs_queue.dead_letter[0].arn : null
}
