'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { runCheck } = require('./helpers');

const check = (files) => runCheck('references', files);

test('declared names, iterators, for expressions and existing files pass', async () => {
  const { messages } = await check({
    'terraform/m/main.tf': `
variable "names" {
  type = list(string)
}
locals {
  upper = [for n in var.names : upper(n)]
}
resource "aws_sqs_queue" "q" {
  for_each = toset(local.upper)
  name     = each.value
}
resource "aws_sfn_state_machine" "s" {
  name       = "s"
  role_arn   = data.aws_iam_role.r.arn
  definition = templatefile("\${path.module}/def.asl.json", { queue = aws_sqs_queue.q["A"].arn })
  dynamic "logging_configuration" {
    for_each = var.names
    content {
      level = logging_configuration.value
    }
  }
  lifecycle {
    ignore_changes = [definition]
  }
}
data "aws_iam_role" "r" {
  name = "r"
}
module "child" {
  source = "./child"
}
output "child_out" {
  value = module.child.out
}
`,
    'terraform/m/def.asl.json': '{}',
    'terraform/m/child/main.tf': 'output "out" {\n  value = 1\n}\n',
  });
  assert.deepStrictEqual(messages, []);
});

test('undeclared variables, locals, resources, data sources and modules fail', async () => {
  const { messages } = await check({
    'terraform/m/main.tf': `
resource "aws_sqs_queue" "q" {
  name   = "\${var.prefix}-\${local.suffix}"
  policy = data.aws_iam_policy_document.p.json
  tags   = { a = aws_sns_topic.t.arn, b = module.gone.x, c = nosuch.thing }
}
`,
  });
  assert.deepStrictEqual(messages.sort(), [
    'aws_sqs_queue.q: reference to undeclared name nosuch.thing',
    'aws_sqs_queue.q: reference to undeclared resource aws_sns_topic.t',
    'aws_sqs_queue.q: undeclared data source data.aws_iam_policy_document.p',
    'aws_sqs_queue.q: undeclared local value local.suffix',
    'aws_sqs_queue.q: undeclared module module.gone',
    'aws_sqs_queue.q: undeclared variable var.prefix',
  ]);
});

test('attributes a resource type does not have fail', async () => {
  const { messages } = await check({
    'terraform/m/main.tf': 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\noutput "x" {\n  value = [aws_sqs_queue.q.arn, aws_sqs_queue.q.url, aws_sqs_queue.q.bucket_arn]\n}\n',
  });
  assert.deepStrictEqual(messages, ['output.x: aws_sqs_queue.q has no attribute "bucket_arn"']);
});

test('module outputs that do not exist fail', async () => {
  const { messages } = await check({
    'terraform/m/main.tf': 'module "child" {\n  source = "./child"\n}\noutput "x" {\n  value = module.child.missing\n}\n',
    'terraform/m/child/main.tf': 'output "out" {\n  value = 1\n}\n',
  });
  assert.deepStrictEqual(messages, ['output.x: module.child (./child) has no output "missing"']);
});

test('each without for_each, count without count, and missing template files fail', async () => {
  const { messages } = await check({
    'terraform/m/main.tf': `
resource "aws_sqs_queue" "q" {
  name   = each.key
  policy = file("\${path.module}/policy.json")
}
resource "aws_sns_topic" "t" {
  name = "t-\${count.index}"
}
`,
  });
  assert.deepStrictEqual(messages.sort(), [
    'aws_sns_topic.t: count. is used but the block has no count',
    'aws_sqs_queue.q: each. is used but the block has no for_each',
    'aws_sqs_queue.q: file policy.json does not exist in terraform/m',
  ]);
});
