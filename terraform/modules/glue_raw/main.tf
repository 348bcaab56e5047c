# The raw lake in the Glue catalog, for Athena and Spark: a crawler (objects starting with "_" -
# manifests, schemas, checkpoints - excluded), tables with partition projection derived from the
# lake's path templates, or (library) just the database that the ingest functions register into.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  crawler = var.mode == "crawler"

  # "data/batch/{table}/year={yyyy}/.../hhmm={HH}{mm}" -> prefix "data/batch" and the keys
  # [{ key = "year", pattern = "{yyyy}" }, ..., { key = "hhmm", pattern = "{HH}{mm}" }].
  templates = { batch = var.batch_template, stream = var.stream_template }
  layouts = {
    for kind, template in local.templates : kind => {
      prefix = split("/{table}", template)[0]
      keys   = [for m in regexall("([a-z_]+)=((?:\\{[A-Za-z]+\\})+)", template) : { key = m[0], pattern = m[1] }]
    }
  }
  ranges = {
    "{yyyy}"     = "${var.projection_years.first},${var.projection_years.last}"
    "{MM}"       = "1,12"
    "{dd}"       = "1,31"
    "{HH}"       = "0,23"
    "{mm}"       = "0,59"
    "{HH}{mm}"   = "0,2359"
    "{MM}{dd}"   = "101,1231"
    "{yyyy}{MM}" = "${var.projection_years.first}01,${var.projection_years.last}12"
  }
}

resource "aws_glue_catalog_database" "this" {
  name        = var.database_name
  description = "insightflow raw lake in s3://${var.bucket_name}"
}

# Crawler mode.

data "aws_iam_policy_document" "crawler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "crawler" {
  count              = local.crawler ? 1 : 0
  name               = "${var.name_prefix}-glue-crawler"
  assume_role_policy = data.aws_iam_policy_document.crawler_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "crawler" {
  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["data/*"]
    }
  }

  statement {
    sid       = "ReadLake"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/data/*"]
  }

  statement {
    sid = "Catalog"
    actions = [
      "glue:GetDatabase",
      "glue:GetTable",
      "glue:GetTables",
      "glue:CreateTable",
      "glue:UpdateTable",
      "glue:GetPartition",
      "glue:GetPartitions",
      "glue:BatchGetPartition",
      "glue:CreatePartition",
      "glue:BatchCreatePartition",
      "glue:UpdatePartition",
      "glue:BatchUpdatePartition",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:glue:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:catalog",
      aws_glue_catalog_database.this.arn,
      "arn:${data.aws_partition.current.partition}:glue:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:table/${var.database_name}/*",
    ]
  }

  statement {
    sid       = "CrawlerLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:/aws-glue/crawlers:*"]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [1]
    content {
      sid       = "DecryptLake"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]
    }
  }
}

resource "aws_iam_role_policy" "crawler" {
  count  = local.crawler ? 1 : 0
  name   = "crawl-raw-lake"
  role   = aws_iam_role.crawler[0].id
  policy = data.aws_iam_policy_document.crawler.json
}

# Batch parts start with a header line, streamed objects do not: one classifier and crawler each.
resource "aws_glue_classifier" "csv" {
  for_each = local.crawler ? { batch = "PRESENT", stream = "ABSENT" } : {}
  name     = "${var.name_prefix}-${each.key}-csv"

  csv_classifier {
    contains_header = each.value
    delimiter       = ","
    quote_symbol    = "\""
  }
}

resource "aws_glue_crawler" "this" {
  for_each      = local.crawler ? local.layouts : {}
  name          = "${var.name_prefix}-${each.key}"
  database_name = aws_glue_catalog_database.this.name
  role          = aws_iam_role.crawler[0].arn
  schedule      = var.crawler_schedule
  classifiers   = [aws_glue_classifier.csv[each.key].name]
  table_prefix  = each.key == "stream" ? "stream_" : ""

  s3_target {
    path       = "s3://${var.bucket_name}/${each.value.prefix}/"
    exclusions = ["**/_*", "**/_*/**"]
  }

  recrawl_policy {
    recrawl_behavior = var.recrawl_behavior
  }

  # Incremental crawls must not change or delete what the catalog has.
  schema_change_policy {
    update_behavior = var.recrawl_behavior == "CRAWL_EVERYTHING" ? "UPDATE_IN_DATABASE" : "LOG"
    delete_behavior = var.recrawl_behavior == "CRAWL_EVERYTHING" ? "DEPRECATE_IN_DATABASE" : "LOG"
  }

  # One table per folder under the prefix: s3://bucket/<prefix>/<table>/.
  configuration = jsonencode({
    Version  = 1
    Grouping = { TableLevelConfiguration = length(split("/", each.value.prefix)) + 2 }
  })

  tags       = var.tags
  depends_on = [aws_iam_role_policy.crawler]
}

# Projection mode.

resource "aws_glue_catalog_table" "this" {
  for_each      = var.mode == "projection" ? var.tables : {}
  name          = each.key
  database_name = aws_glue_catalog_database.this.name
  table_type    = "EXTERNAL_TABLE"
  description   = "insightflow ${each.value.kind} table ${each.key}"

  parameters = merge(
    {
      "classification"         = "csv"
      "skip.header.line.count" = each.value.kind == "batch" ? "1" : "0"
      "projection.enabled"     = "true"
      "storage.location.template" = join("/", concat(
        ["s3://${var.bucket_name}", local.layouts[each.value.kind].prefix, each.key],
        [for k in local.layouts[each.value.kind].keys : "${k.key}=$${${k.key}}"],
      ))
    },
    merge([
      for k in local.layouts[each.value.kind].keys : {
        "projection.${k.key}.type"   = "integer"
        "projection.${k.key}.range"  = local.ranges[k.pattern]
        "projection.${k.key}.digits" = tostring(length(replace(k.pattern, "/[{}]/", "")))
      }
    ]...)
  )

  dynamic "partition_keys" {
    for_each = local.layouts[each.value.kind].keys
    content {
      name = partition_keys.value.key
      type = "string"
    }
  }

  storage_descriptor {
    location      = "s3://${var.bucket_name}/${local.layouts[each.value.kind].prefix}/${each.key}/"
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.serde2.OpenCSVSerde"
      parameters = {
        "separatorChar" = ","
        "quoteChar"     = "\""
      }
    }

    dynamic "columns" {
      for_each = each.value.columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}
