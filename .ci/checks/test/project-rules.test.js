'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { runCheck } = require('./helpers');

const check = (tf) => runCheck('project-rules', { 'terraform/m/main.tf': tf });

const GOOD_BUCKET = `
resource "aws_s3_bucket" "b" {
  for_each = toset(["raw"])
  bucket   = each.value
}
resource "aws_s3_bucket_versioning" "b" {
  for_each = aws_s3_bucket.b
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b["raw"].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b["raw"].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
data "aws_iam_policy_document" "tls" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b["raw"].id
  policy = data.aws_iam_policy_document.tls.json
}
`;

test('a versioned, encrypted, private bucket with a deny-only wildcard passes', async () => {
  assert.deepStrictEqual((await check(GOOD_BUCKET)).messages, []);
});

test('a bucket without versioning, encryption, public access block or policy fails', async () => {
  const { messages } = await check('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n');
  assert.strictEqual(messages.length, 4);
  assert.match(messages.join('\n'), /no versioning/);
  assert.match(messages.join('\n'), /no default encryption/);
  assert.match(messages.join('\n'), /no a public access block/);
  assert.match(messages.join('\n'), /no a bucket policy/);
});

test('a companion of another bucket whose name extends this one does not count', async () => {
  const b2 = GOOD_BUCKET.replaceAll('aws_s3_bucket.b', 'aws_s3_bucket.b2').replace('resource "aws_s3_bucket" "b" {', 'resource "aws_s3_bucket" "b2" {');
  const { messages } = await check(`${b2}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n`);
  assert.strictEqual(messages.length, 4, messages.join('\n'));
  assert.ok(messages.every((m) => m.startsWith('aws_s3_bucket.b: bucket has no')), messages.join('\n'));
});

test('suspended versioning and a partial public access block fail', async () => {
  const { messages } = await check(GOOD_BUCKET.replace('status = "Enabled"', 'status = "Suspended"').replace('restrict_public_buckets = true', 'restrict_public_buckets = false'));
  assert.deepStrictEqual(messages.sort(), [
    'aws_s3_bucket.b: aws_s3_bucket_public_access_block.b must set restrict_public_buckets = true',
    'aws_s3_bucket.b: aws_s3_bucket_versioning.b must set versioning_configuration { status = "Enabled" }',
  ]);
});

test('a public, unencrypted RDS instance without IAM authentication fails', async () => {
  const { messages } = await check('resource "aws_db_instance" "d" {\n  instance_class      = "db.t4g.micro"\n  publicly_accessible = true\n}\n');
  assert.deepStrictEqual(messages.sort(), [
    'aws_db_instance.d: must set iam_database_authentication_enabled = true',
    'aws_db_instance.d: must set publicly_accessible = false',
    'aws_db_instance.d: must set storage_encrypted = true',
  ]);
});

test('Allow statements with wildcard actions or not_actions fail, also in dynamic statements', async () => {
  const { messages } = await check(`
data "aws_iam_policy_document" "p" {
  statement {
    sid       = "All"
    actions   = ["*"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:Get*", "s3:PutObject"]
    resources = ["*"]
  }
  statement {
    not_actions = ["iam:*"]
    resources   = ["*"]
  }
  dynamic "statement" {
    for_each = [1]
    content {
      actions   = ["kinesis:*"]
      resources = ["*"]
    }
  }
}
`);
  assert.deepStrictEqual(messages.sort(), [
    'data.aws_iam_policy_document.p: statement "All" allows the wildcard action "*"; name the actions',
    'data.aws_iam_policy_document.p: statement allows not_actions (everything but a list); name the actions',
    'data.aws_iam_policy_document.p: statement allows the wildcard action "kinesis:*"; name the actions',
    'data.aws_iam_policy_document.p: statement allows the wildcard action "s3:Get*"; name the actions',
  ]);
});

test('policies written as JSON strings and broad managed policies fail', async () => {
  const { messages } = await check(`
resource "aws_iam_role_policy" "p" {
  role   = "r"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = "r"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role_policy_attachment" "s3" {
  role       = "r"
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}
`);
  assert.deepStrictEqual(messages.sort(), [
    'aws_iam_role_policy.p: policy must be data.aws_iam_policy_document.<name>.json, so the wildcard rule can read it',
    'aws_iam_role_policy_attachment.a: attaches the broad managed policy arn:aws:iam::aws:policy/AdministratorAccess',
    'aws_iam_role_policy_attachment.s3: attaches the broad managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess',
  ]);
});
