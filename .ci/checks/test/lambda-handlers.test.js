'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { runCheck } = require('./helpers');

// Real jars built with javac and jar: SyncHandler inherits handleRequest from a base class,
// IngestHandler has only run(); the "snowflake" jar lacks SyncHandler.
let lean;
let snowflake;

test.before(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insightflow-jar-'));
  const src = path.join(dir, 'src', 'io', 'insightflow', 'lambda');
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, 'BaseHandler.java'), 'package io.insightflow.lambda;\npublic abstract class BaseHandler {\n  public String handleRequest(String in, Object context) { return in; }\n  static final long BIG = 1L << 40; static final double D = 2.5;\n}\n');
  fs.writeFileSync(path.join(src, 'SyncHandler.java'), 'package io.insightflow.lambda;\npublic class SyncHandler extends BaseHandler {\n  private final String label = "sync";\n}\n');
  fs.writeFileSync(path.join(src, 'IngestHandler.java'), 'package io.insightflow.lambda;\npublic class IngestHandler {\n  public void run() {}\n}\n');
  const classes = path.join(dir, 'classes');
  execFileSync('javac', ['-d', classes, ...fs.readdirSync(src).map((f) => path.join(src, f))]);
  lean = path.join(dir, 'lean.jar');
  snowflake = path.join(dir, 'snowflake.jar');
  execFileSync('jar', ['--create', '--file', lean, '-C', classes, '.']);
  fs.rmSync(path.join(classes, 'io', 'insightflow', 'lambda', 'SyncHandler.class'));
  execFileSync('jar', ['--create', '--file', snowflake, '-C', classes, '.']);
});

const function_ = (handler) => `resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role          = "r"\n  handler       = "${handler}"\n}\n`;
const jars = (withSnowflake = true) => ({
  'insightflow-lambda/target/insightflow-lambda.jar': fs.readFileSync(lean),
  ...(withSnowflake ? { 'insightflow-lambda/target/insightflow-lambda-snowflake.jar': fs.readFileSync(snowflake) } : {}),
});

test('a handler whose class inherits the method passes', async () => {
  const { messages, notes } = await runCheck('lambda-handlers', { 'terraform/m/main.tf': function_('io.insightflow.lambda.SyncHandler::handleRequest'), ...jars() });
  assert.deepStrictEqual(messages, []);
  assert.deepStrictEqual(notes, []);
});

test('a handler naming a class that is not in the jar fails', async () => {
  const { messages } = await runCheck('lambda-handlers', { 'terraform/m/main.tf': function_('io.insightflow.lambda.KinesisHandler::handleRequest'), ...jars() });
  assert.deepStrictEqual(messages, ['handler io.insightflow.lambda.KinesisHandler::handleRequest: class io.insightflow.lambda.KinesisHandler is not in insightflow-lambda/target/insightflow-lambda.jar']);
});

test('a handler naming a method the class does not have fails', async () => {
  const { messages } = await runCheck('lambda-handlers', { 'terraform/m/main.tf': function_('io.insightflow.lambda.IngestHandler::handleRequest'), ...jars() });
  assert.deepStrictEqual(messages, ['handler io.insightflow.lambda.IngestHandler::handleRequest: io.insightflow.lambda.IngestHandler has no method handleRequest in insightflow-lambda/target/insightflow-lambda.jar']);
});

test('handlers of a module that deploys the Snowflake jar must be in that jar too', async () => {
  const { messages } = await runCheck('lambda-handlers', {
    'terraform/m/main.tf': 'variable "snowflake_lambda_jar" {\n  type = string\n}\nmodule "f" {\n  source  = "./f"\n  handler = "io.insightflow.lambda.SyncHandler::handleRequest"\n}\n',
    ...jars(),
  });
  assert.deepStrictEqual(messages, ['handler io.insightflow.lambda.SyncHandler::handleRequest: class io.insightflow.lambda.SyncHandler is not in insightflow-lambda/target/insightflow-lambda-snowflake.jar']);
});

test('a missing jar fails in CI and is a note elsewhere', async () => {
  const files = { 'terraform/m/main.tf': function_('io.insightflow.lambda.SyncHandler::handleRequest') };
  const ci = await runCheck('lambda-handlers', files, { requireTools: true });
  assert.strictEqual(ci.messages.length, 2);
  assert.match(ci.messages[0], /insightflow-lambda\.jar is missing: build it first \(mvn -B package/);
  const local = await runCheck('lambda-handlers', files);
  assert.deepStrictEqual(local.messages, []);
  assert.match(local.notes[0], /not built; handlers not checked/);
});

test('a handler that is not a literal class::method fails', async () => {
  const { messages } = await runCheck('lambda-handlers', { 'terraform/m/main.tf': function_('${local.handler}'), ...jars() });
  assert.match(messages[0], /is not a literal package\.Class::method/);
});

/** A real zip with one entry of `size` zero bytes (deflated to a few hundred KB). */
function zipOfZeros(name, size) {
  const zlib = require('node:zlib');
  const data = Buffer.alloc(size);
  const deflated = zlib.deflateRawSync(data, { level: 9 });
  const crc = zlib.crc32(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralOffset = local.length + nameBytes.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}

test('a jar that unzips beyond Lambda\'s 250 MB fails, whatever its compressed size', async () => {
  const big = zipOfZeros('big.bin', 251 * 1024 * 1024);
  assert.ok(big.length < 1024 * 1024);
  const { messages } = await runCheck('lambda-handlers', {
    'terraform/m/main.tf': function_('io.insightflow.lambda.SyncHandler::handleRequest'),
    'insightflow-lambda/target/insightflow-lambda.jar': fs.readFileSync(lean),
    'insightflow-lambda/target/insightflow-lambda-snowflake.jar': big,
  });
  assert.deepStrictEqual(messages, ['insightflow-lambda/target/insightflow-lambda-snowflake.jar unzips to 251.0 MB: a Lambda zip package may unzip to at most 250.0 MB (a container image allows 10 GB)']);
});
