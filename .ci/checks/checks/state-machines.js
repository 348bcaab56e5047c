'use strict';
// Every Step Functions definition under terraform/ (*.asl.json, rendered by templatefile) passes
// asl-validator after its ${placeholders} are filled with sample values; every placeholder is a
// key of the templatefile() call that renders it, as terraform would demand.

const fs = require('node:fs');
const path = require('node:path');
const aslValidator = require('asl-validator');
const { walkStrings } = require('../lib/terraform');

const description = 'Step Functions definitions pass asl-validator';

const SAMPLES = {
  partition: 'aws',
  region: 'eu-central-1',
  account: '123456789012',
};

function sampleString(name) {
  if (SAMPLES[name]) return SAMPLES[name];
  if (/state_?machine|loop/.test(name) && /arn/.test(name)) return `arn:aws:states:eu-central-1:123456789012:stateMachine:${name}`;
  if (/function/.test(name) && /arn/.test(name)) return `arn:aws:lambda:eu-central-1:123456789012:function:${name}`;
  return `sample-${name}`;
}

/** Fills ${name} placeholders: inside a JSON string with a sample string, elsewhere with 1. */
function render(template) {
  return template
    .split('\n')
    .map((line) => line.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name, offset) => {
      const quotes = (line.slice(0, offset).match(/(?<!\\)"/g) ?? []).length;
      return quotes % 2 === 1 ? sampleString(name) : '1';
    }))
    .join('\n');
}

function aslFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) out.push(...aslFiles(p));
    else if (entry.name.endsWith('.asl.json')) out.push(p);
  }
  return out.sort();
}

/** templatefile("${path.module}/x.asl.json", { a = …, b = … }) calls: Map(file -> Set(keys)). */
async function templateCalls(ctx) {
  const calls = new Map();
  for (const mod of await ctx.modules()) {
    for (const block of mod.blocks) {
      walkStrings(block.body, (s) => {
        for (const m of s.matchAll(/templatefile\(\s*"\$\{path\.module\}\/([^"]+)"\s*,\s*\{([\s\S]*?)\}\s*\)/g)) {
          const keys = new Set([...m[2].matchAll(/(?:^|[\s,{])([A-Za-z_][A-Za-z0-9_]*)\s*=/g)].map((k) => k[1]));
          calls.set(path.join(mod.dir, m[1]), keys);
        }
      });
    }
  }
  return calls;
}

async function run(ctx) {
  const findings = [];
  const calls = await templateCalls(ctx);
  for (const file of aslFiles(ctx.terraformDir)) {
    const template = fs.readFileSync(file, 'utf8');
    const keys = calls.get(file);
    if (!keys) {
      findings.push({ file, line: 1, message: 'no templatefile() call renders this definition' });
    } else {
      template.split('\n').forEach((line, i) => {
        for (const m of line.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
          if (!keys.has(m[1])) findings.push({ file, line: i + 1, message: `placeholder \${${m[1]}} is not passed by templatefile() (it passes ${[...keys].join(', ')})` });
        }
      });
    }
    let definition;
    try {
      definition = JSON.parse(render(template));
    } catch (e) {
      findings.push({ file, line: 1, message: `not valid JSON once rendered: ${e.message}` });
      continue;
    }
    const { isValid, errors } = aslValidator(definition, { checkPaths: true, checkArn: true });
    if (!isValid) {
      for (const e of errors) findings.push({ file, line: 1, message: `asl-validator ${e['Error code']}: ${e.Message}` });
    }
  }
  return findings;
}

module.exports = { description, run, render };
