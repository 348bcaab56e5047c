output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Public subnets (NAT gateways, an SSH-enabled bastion)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (Lambdas, database, bastion)."
  value       = aws_subnet.private[*].id
}

output "has_nat" {
  description = "Whether the private subnets reach the internet."
  value       = local.nat_count > 0
}

output "security_group_ids" {
  description = "Security groups by role: lambda, internet_egress, bastion, database, endpoints."
  value = {
    lambda          = aws_security_group.lambda.id
    internet_egress = aws_security_group.internet_egress.id
    bastion         = aws_security_group.bastion.id
    database        = aws_security_group.database.id
    endpoints       = aws_security_group.endpoints.id
  }
}
