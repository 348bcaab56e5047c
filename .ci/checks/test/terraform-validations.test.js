'use strict';
// The regular expressions of the repository's own variable validations, run against good and bad
// values (terraform evaluates them with RE2; these patterns use nothing RE2 and JavaScript read
// differently). The rest of each condition (lengths, "?" in cron fields) is terraform logic that
// only terraform validate/plan in the deploy workflow evaluates.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('@cdktf/hcl2json');

const TERRAFORM = path.resolve(__dirname, '..', '..', '..', 'terraform');

/** The regex literals inside can(regex("…", …)) of a variable's validation conditions. */
async function validationRegexes(file, variable) {
  const json = await parse(path.basename(file), fs.readFileSync(path.join(TERRAFORM, file), 'utf8'));
  const conditions = json.variable[variable][0].validation.map((v) => v.condition).join('\n');
  return [...conditions.matchAll(/regex\("((?:[^"\\]|\\.)*)"/g)].map((m) => new RegExp(JSON.parse(`"${m[1]}"`)));
}

const matchesAny = (regexes, value) => regexes.some((r) => r.test(value));

test('bucket names: lower case, digits, dots and hyphens only', async () => {
  const [name, ip] = await validationRegexes('modules/s3_buckets/variables.tf', 'bucket_names');
  for (const good of ['acme-insightflow-dev-raw', 'raw.lake.acme', 'abc']) assert.ok(name.test(good) && !ip.test(good), good);
  for (const bad of ['Acme-Raw', 'raw_lake', 'ab', '-raw', 'raw-', `${'a'.repeat(64)}`]) assert.ok(!name.test(bad), bad);
  assert.ok(ip.test('192.168.1.10'));
});

test('EventBridge schedules: rate(...) with matching units, six-field cron(...)', async () => {
  const regexes = await validationRegexes('modules/ingest_batch/variables.tf', 'table_groups');
  const [rate, cron] = regexes.filter((r) => /rate|cron/.test(r.source));
  for (const good of ['rate(1 hour)', 'rate(15 minutes)', 'rate(2 days)']) assert.ok(rate.test(good), good);
  for (const bad of ['rate(1 hours)', 'rate(5 minute)', 'rate(0 minutes)', 'every 5 minutes', 'rate(5minutes)']) assert.ok(!rate.test(bad), bad);
  assert.ok(cron.test('cron(0 2 * * ? *)'));
  for (const bad of ['cron(0 2 * * *)', '0 2 * * ? *', 'cron(0 2 * * ? * *)']) assert.ok(!cron.test(bad), bad);
  const sync = await validationRegexes('modules/sync/variables.tf', 'schedule');
  assert.deepStrictEqual(sync.map(String), [rate, cron].map(String), 'sync and ingest accept the same schedules');
});

test('Lambda handler strings: package.Class::method', async () => {
  const [handler] = await validationRegexes('modules/lambda_function/variables.tf', 'handler');
  assert.ok(handler.test('io.insightflow.lambda.SyncHandler::handleRequest'));
  for (const bad of ['SyncHandler::handleRequest', 'io.insightflow.lambda.SyncHandler', 'io.insightflow.lambda.syncHandler::handleRequest', 'io.insightflow.lambda.SyncHandler::']) {
    assert.ok(!handler.test(bad), bad);
  }
});

test('lake templates: a prefix, {table}, then key={pattern} segments', async () => {
  const [template] = await validationRegexes('modules/glue_raw/variables.tf', 'batch_template');
  assert.ok(template.test('data/batch/{table}/year={yyyy}/month={MM}/day={dd}/hhmm={HH}{mm}'));
  for (const bad of ['data/batch/year={yyyy}', '{table}/year={yyyy}', 'data/batch/{table}/year={YYYY}', 'data/batch/{table}']) assert.ok(!template.test(bad), bad);
});

test('identifiers: database, user and schema names', async () => {
  const [db] = await validationRegexes('modules/rds_postgresql/variables.tf', 'database_name');
  assert.ok(db.test('insightflow'));
  for (const bad of ['Insightflow', 'insight-flow', '1db', 'db;drop']) assert.ok(!matchesAny([db], bad), bad);
});
