'use strict';
// [#23] The sync module's alarms on insightflow's own metrics and its daily verify: every alarm in
// namespace "insightflow" names a metric that core declares (io.insightflow.metrics.MetricNames),
// with the dimensions the Lambda's EMF lines carry; the verify schedule sends {"mode":"verify"}.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('@cdktf/hcl2json');

const REPO = path.resolve(__dirname, '..', '..', '..');
const SYNC = path.join(REPO, 'terraform', 'modules', 'sync');
const METRIC_NAMES = path.join(REPO, 'insightflow-core', 'src', 'main', 'java', 'io', 'insightflow', 'metrics', 'MetricNames.java');

async function hcl(file) {
  return parse(path.basename(file), fs.readFileSync(file, 'utf8'));
}

/** The metric names core declares: the string constants "insightflow.…" of MetricNames. */
function declaredMetrics() {
  return new Set([...fs.readFileSync(METRIC_NAMES, 'utf8').matchAll(/= "(insightflow\.[a-z.]+)";/g)].map((m) => m[1]));
}

test('alarms on insightflow metrics name declared metrics, by function (and table)', async () => {
  const declared = declaredMetrics();
  assert.ok(declared.has('insightflow.objects.failed') && declared.has('insightflow.freshness.lag'));
  const alarms = (await hcl(path.join(SYNC, 'main.tf'))).resource.aws_cloudwatch_metric_alarm;
  const own = Object.entries(alarms).map(([name, [body]]) => ({ name, ...body })).filter((a) => a.namespace === 'insightflow');
  assert.deepStrictEqual(own.map((a) => a.metric_name).sort(),
    ['insightflow.freshness.lag', 'insightflow.objects.failed', 'insightflow.verify.mismatches']);
  for (const a of own) {
    assert.ok(declared.has(a.metric_name), `${a.name}: ${a.metric_name} is not in MetricNames`);
    assert.strictEqual(a.dimensions.function, '${module.function.function_name}', a.name);
    assert.deepStrictEqual(a.alarm_actions, ['${var.alarm_topic_arn}'], `${a.name} notifies the alarm topic`);
  }
  const freshness = own.find((a) => a.metric_name === 'insightflow.freshness.lag');
  assert.strictEqual(freshness.for_each, '${var.alarm_topic_arn == null ? {} : var.freshness_thresholds}', 'one alarm per table');
  assert.strictEqual(freshness.dimensions.table, '${each.key}');
  assert.strictEqual(freshness.threshold, '${each.value}');
  for (const a of own.filter((x) => x !== freshness)) {
    assert.strictEqual(a.threshold, 0, a.name);
    assert.strictEqual(a.comparison_operator, 'GreaterThanThreshold', `${a.name}: any failure or mismatch alarms`);
  }
});

test('the verify schedule invokes the sync function with {"mode":"verify"}', async () => {
  const json = await hcl(path.join(SYNC, 'main.tf'));
  const [target] = json.resource.aws_cloudwatch_event_target.verify;
  assert.match(target.input, /^\$\{jsonencode\(\{ mode = "verify" \}\)\}$/);
  assert.strictEqual(target.arn, '${module.function.arn}');
  const [permission] = json.resource.aws_lambda_permission.verify;
  assert.strictEqual(permission.source_arn, '${aws_cloudwatch_event_rule.verify[0].arn}');
  const [rule] = json.resource.aws_cloudwatch_event_rule.verify;
  assert.strictEqual(rule.schedule_expression, '${var.verify_schedule}');
});

test('verify_schedule accepts the sync schedule\'s expressions; freshness_thresholds maps identifiers to seconds', async () => {
  const variables = (await hcl(path.join(SYNC, 'variables.tf'))).variable;
  const conditions = (name) => variables[name][0].validation.map((v) => v.condition).join('\n');
  const regexes = (name) => [...conditions(name).matchAll(/regex\("((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
  assert.deepStrictEqual(regexes('verify_schedule'), regexes('schedule'));
  assert.strictEqual(variables.verify_schedule[0].default, 'cron(0 6 * * ? *)', 'daily');
  assert.strictEqual(variables.freshness_thresholds[0].type, '${map(number)}');
  const [table] = regexes('freshness_thresholds').map((r) => new RegExp(r));
  for (const good of ['orders', 'order_events', '_t1']) assert.ok(table.test(good), good);
  for (const bad of ['Orders-2', '1orders', 'a b', '']) assert.ok(!table.test(bad), bad);
  assert.match(conditions('freshness_thresholds'), /seconds > 0/);
});
