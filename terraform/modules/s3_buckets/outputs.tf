output "raw_bucket_name" {
  description = "Raw (bronze) lake bucket."
  value       = aws_s3_bucket.this["raw"].id
}

output "raw_bucket_arn" {
  description = "ARN of the raw bucket."
  value       = aws_s3_bucket.this["raw"].arn
}

output "clean_bucket_name" {
  description = "Clean (silver) bucket."
  value       = aws_s3_bucket.this["clean"].id
}

output "clean_bucket_arn" {
  description = "ARN of the clean bucket."
  value       = aws_s3_bucket.this["clean"].arn
}

output "artifact_bucket_name" {
  description = "Bucket of the Lambda artifacts too large for a direct upload."
  value       = aws_s3_bucket.this["artifacts"].id
}

output "artifact_bucket_arn" {
  description = "ARN of the artifact bucket."
  value       = aws_s3_bucket.this["artifacts"].arn
}

output "kms_key_arn" {
  description = "Key of the buckets (readers and writers need kms:Decrypt/GenerateDataKey), or null with SSE-S3."
  value       = var.kms_encryption ? aws_kms_key.buckets[0].arn : null
}

output "error_prefixes" {
  description = "Error prefixes of the raw bucket (expired by lifecycle)."
  value       = var.error_prefixes
}
