output "instance_id" {
  description = "Instance ID: aws ssm start-session --target <id>."
  value       = aws_instance.this.id
}

output "role_name" {
  description = "The bastion's role, for policies other modules attach (database bootstrap)."
  value       = aws_iam_role.this.name
}
