'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { runCheck } = require('./helpers');

const TF = 'resource "aws_sfn_state_machine" "s" {\n  name       = "s"\n  role_arn   = "r"\n  definition = templatefile("${path.module}/loop.asl.json", { fn = "x", max = 3 })\n}\n';
const GOOD = `{
  "StartAt": "Call",
  "States": {
    "Call": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": { "FunctionName": "\${fn}" }, "Next": "More?" },
    "More?": { "Type": "Choice", "Choices": [ { "Variable": "$.n", "NumericLessThan": \${max}, "Next": "Call" } ], "Default": "Done" },
    "Done": { "Type": "Succeed" }
  }
}`;

test('a valid definition with string and number placeholders passes', async () => {
  const { messages } = await runCheck('state-machines', { 'terraform/m/main.tf': TF, 'terraform/m/loop.asl.json': GOOD });
  assert.deepStrictEqual(messages, []);
});

test('a transition to a missing state fails asl-validator', async () => {
  const { messages } = await runCheck('state-machines', { 'terraform/m/main.tf': TF, 'terraform/m/loop.asl.json': GOOD.replace('"Default": "Done"', '"Default": "Finish"') });
  assert.ok(messages.length > 0);
  assert.match(messages.join('\n'), /asl-validator MISSING_TRANSITION_TARGET: .*target: Finish/);
});

test('an unknown state type fails asl-validator', async () => {
  const { messages } = await runCheck('state-machines', { 'terraform/m/main.tf': TF, 'terraform/m/loop.asl.json': GOOD.replace('"Type": "Succeed"', '"Type": "Success"') });
  assert.ok(messages.length > 0);
  assert.match(messages.join('\n'), /asl-validator SCHEMA_VALIDATION_FAILED: \/States\/Done\/Type is invalid/);
});

test('a placeholder that templatefile() does not pass fails', async () => {
  const { messages } = await runCheck('state-machines', { 'terraform/m/main.tf': TF, 'terraform/m/loop.asl.json': GOOD.replace('${fn}', '${function_arn}') });
  assert.deepStrictEqual(messages, ['placeholder ${function_arn} is not passed by templatefile() (it passes fn, max)']);
});

test('a definition no templatefile() renders, or broken JSON, fails', async () => {
  const { messages } = await runCheck('state-machines', { 'terraform/m/main.tf': '', 'terraform/m/loop.asl.json': '{ "StartAt": ' });
  assert.strictEqual(messages.length, 2);
  assert.match(messages[0], /no templatefile\(\) call renders this definition/);
  assert.match(messages[1], /not valid JSON once rendered/);
});
