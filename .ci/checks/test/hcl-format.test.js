'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { runCheck } = require('./helpers');

const FORMATTED = `resource "aws_sqs_queue" "q" {
  name                    = "q"
  sqs_managed_sse_enabled = true
}
`;

test('formatted HCL passes', async () => {
  const { messages } = await runCheck('hcl-format', { 'terraform/m/main.tf': FORMATTED });
  assert.deepStrictEqual(messages, []);
});

test('misaligned arguments fail with the line terraform fmt would write', async () => {
  const { findings } = await runCheck('hcl-format', { 'terraform/m/main.tf': FORMATTED.replace('name                    =', 'name =') });
  assert.strictEqual(findings.length, 1);
  assert.strictEqual(findings[0].line, 2);
  assert.match(findings[0].message, /not terraform fmt-clean; expected: "  name                    = \\"q\\""/);
});

test('HCL that does not parse fails with its line', async () => {
  const { findings } = await runCheck('hcl-format', { 'terraform/m/main.tf': 'resource "aws_sqs_queue" "q" {\n  name = \n}\n' });
  assert.strictEqual(findings.length, 1);
  assert.match(findings[0].message, /does not parse: .*Invalid expression/);
  assert.strictEqual(findings[0].line, 2);
});

test('tfvars examples are checked too', async () => {
  const { messages } = await runCheck('hcl-format', { 'terraform/dev/terraform.tfvars.example': 'a = 1\nlonger = 2\n' });
  assert.strictEqual(messages.length, 1);
});
