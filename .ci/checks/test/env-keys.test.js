'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { runCheck } = require('./helpers');

const DOCS = '| key | environment variable | default | description |\n|---|---|---|---|\n| `insightflow.sync.threads` | `INSIGHTFLOW_SYNC_THREADS` |  | Threads |\n| `insightflow.target.iamRegion` | `INSIGHTFLOW_TARGET_IAMREGION` |  | Region |\n';

test('variables of documented keys pass, camelCase keys included', async () => {
  const { messages } = await runCheck('env-keys', {
    'docs/configuration.md': DOCS,
    'terraform/m/main.tf': 'locals {\n  env = { INSIGHTFLOW_SYNC_THREADS = "4", INSIGHTFLOW_TARGET_IAMREGION = "eu-central-1", OTHER = "x" }\n}\n',
  });
  assert.deepStrictEqual(messages, []);
});

test('unknown variables fail, as map keys and inside expressions', async () => {
  const { messages } = await runCheck('env-keys', {
    'docs/configuration.md': DOCS,
    'terraform/m/main.tf': 'locals {\n  env  = { INSIGHTFLOW_SYNC_THREDS = "4" }\n  name = var.a ? "INSIGHTFLOW_SOURCE_PASSWORDSECRET" : "INSIGHTFLOW_SYNC_THREADS"\n}\nvariable "a" {\n  type = bool\n}\n',
  });
  assert.deepStrictEqual(messages.sort(), [
    'INSIGHTFLOW_SOURCE_PASSWORDSECRET is not a known configuration key: no key in docs/configuration.md maps to it',
    'INSIGHTFLOW_SYNC_THREDS is not a known configuration key: no key in docs/configuration.md maps to it',
  ]);
});

test('a configuration doc without keys fails', async () => {
  const { messages } = await runCheck('env-keys', { 'docs/configuration.md': '# nothing\n', 'terraform/m/main.tf': '' });
  assert.match(messages[0], /no keys found/);
});
