output "database_name" {
  description = "Glue database of the raw lake."
  value       = aws_glue_catalog_database.this.name
}

output "crawler_names" {
  description = "Crawlers (crawler mode): aws glue start-crawler --name <name>."
  value       = [for c in aws_glue_crawler.this : c.name]
}

output "table_names" {
  description = "Tables with partition projection (projection mode)."
  value       = [for t in aws_glue_catalog_table.this : t.name]
}
