'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { runCheck } = require('./helpers');

const check = (tf, more = {}) => runCheck('provider-schema', { 'terraform/m/main.tf': tf, ...more });

test('a valid function with nested and dynamic blocks passes', async () => {
  const { messages } = await check(`
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "io.insightflow.lambda.SyncHandler::handleRequest"
  runtime       = "java21"
  count         = 1
  environment {
    variables = { A = "b" }
  }
  dynamic "vpc_config" {
    for_each = []
    content {
      subnet_ids         = []
      security_group_ids = []
    }
  }
  lifecycle {
    ignore_changes = [tags]
  }
}
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
`);
  assert.deepStrictEqual(messages, []);
});

test('unknown resource types and data sources fail', async () => {
  const { messages } = await check('resource "aws_s3_bukket" "b" {}\ndata "aws_no_such_thing" "d" {}\n');
  assert.strictEqual(messages.length, 2);
  assert.match(messages.join('\n'), /aws_s3_bukket\.b: unknown resource type aws_s3_bukket \(hashicorp\/aws 6\.\d+\.\d+\)/);
  assert.match(messages.join('\n'), /data\.aws_no_such_thing\.d: unknown data source/);
});

test('an unknown argument fails, also inside a nested block', async () => {
  const { messages } = await check(`
resource "aws_s3_bucket" "b" {
  bucket     = "b"
  versioning_enabled = true
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = "b"
  versioning_configuration {
    status  = "Enabled"
    enabled = true
  }
}
`);
  assert.deepStrictEqual(messages.sort(), [
    'aws_s3_bucket.b: unsupported argument or block "versioning_enabled" (not in the AWS provider schema)',
    'aws_s3_bucket_versioning.v.versioning_configuration: unsupported argument or block "enabled" (not in the AWS provider schema)',
  ]);
});

test('missing required arguments and blocks fail', async () => {
  const { messages } = await check('resource "aws_lambda_function" "f" {\n  function_name = "f"\n}\nresource "aws_s3_bucket_versioning" "v" {\n  bucket = "b"\n}\n');
  assert.ok(messages.includes('aws_lambda_function.f: required argument "role" is missing'), messages.join('\n'));
  assert.ok(messages.includes('aws_s3_bucket_versioning.v: required block "versioning_configuration" is missing'), messages.join('\n'));
});

test('a block written as an argument and an argument written as a block fail', async () => {
  const { messages } = await check(`
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "r"
  environment   = { variables = {} }
  tags {
    a = "b"
  }
}
`);
  assert.deepStrictEqual(messages.sort(), [
    'aws_lambda_function.f: environment is a block: write environment { … }, not environment = …',
    'aws_lambda_function.f: tags is an argument: write tags = …, not a tags { … } block',
  ]);
});

test('a dynamic block with a wrong name or content fails', async () => {
  const { messages } = await check(`
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "r"
  dynamic "vpc" {
    for_each = []
    content {}
  }
  dynamic "vpc_config" {
    for_each = []
    content {
      subnets = []
    }
  }
}
`);
  assert.deepStrictEqual(messages.sort(), [
    'aws_lambda_function.f.vpc_config: required argument "security_group_ids" is missing',
    'aws_lambda_function.f.vpc_config: required argument "subnet_ids" is missing',
    'aws_lambda_function.f.vpc_config: unsupported argument or block "subnets" (not in the AWS provider schema)',
    'aws_lambda_function.f: dynamic "vpc": no such block in the provider schema',
  ]);
});

test('provider arguments are checked', async () => {
  const { messages } = await check('provider "aws" {\n  region = "eu-central-1"\n  zone   = "a"\n}\n');
  assert.deepStrictEqual(messages, ['provider "aws": unsupported argument or block "zone" (not in the AWS provider schema)']);
});

test('module calls pass only declared variables and all required ones', async () => {
  const { messages } = await runCheck('provider-schema', {
    'terraform/dev/main.tf': 'module "m" {\n  source = "../modules/m"\n  extra  = 1\n}\n',
    'terraform/modules/m/variables.tf': 'variable "needed" {\n  type = string\n}\nvariable "optional" {\n  type    = string\n  default = "x"\n}\n',
  });
  assert.deepStrictEqual(messages.sort(), [
    'module.m: ../modules/m has no variable "extra"',
    'module.m: required variable "needed" of ../modules/m is not set',
  ]);
});

test('resources of other providers are flagged', async () => {
  const { messages } = await check('resource "random_id" "r" {\n  byte_length = 4\n}\n');
  assert.match(messages[0], /only the hashicorp\/aws provider/);
});
