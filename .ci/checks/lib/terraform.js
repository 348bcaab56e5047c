'use strict';
// Reads every Terraform module under terraform/ (a directory with .tf files) through hcl2json, the
// HCL parser that cdktf uses, and offers the walks the checks share.

const fs = require('node:fs');
const path = require('node:path');

// hcl2json starts its WebAssembly module when required: load it when first needed.
const hcl2json = () => require('@cdktf/hcl2json');

function walkDirs(dir) {
  const out = [dir];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.')) out.push(...walkDirs(path.join(dir, entry.name)));
  }
  return out;
}

/** The .tf files of one directory, parsed: [{ file, text, json }] or a parse error per file. */
async function parseDir(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  const parsed = [];
  for (const name of files) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    try {
      parsed.push({ file, text, json: await hcl2json().parse(name, text) });
    } catch (e) {
      parsed.push({ file, text, error: e.message.replace(/^parse config: /, '') });
    }
  }
  return parsed;
}

/**
 * Every module under root: [{ dir, files, blocks }] where blocks lists each top-level block as
 * { kind, type, name, body, file, line } (kind: resource, data, module, variable, output, locals,
 * provider, terraform). type is empty for kinds with a single label.
 */
async function loadModules(root) {
  if (!fs.existsSync(root)) return [];
  const modules = [];
  for (const dir of walkDirs(root)) {
    const files = await parseDir(dir);
    if (files.length === 0) continue;
    const blocks = [];
    for (const f of files) {
      if (!f.json) continue;
      for (const [kind, value] of Object.entries(f.json)) {
        if (kind === 'resource' || kind === 'data') {
          for (const [type, byName] of Object.entries(value)) {
            for (const [name, bodies] of Object.entries(byName)) {
              for (const body of bodies) blocks.push({ kind, type, name, body, file: f.file, line: lineOf(f.text, kind, type, name) });
            }
          }
        } else if (kind === 'locals' || kind === 'terraform') {
          for (const body of value) blocks.push({ kind, type: '', name: '', body, file: f.file, line: lineOf(f.text, kind) });
        } else {
          for (const [name, bodies] of Object.entries(value)) {
            for (const body of [].concat(bodies)) blocks.push({ kind, type: '', name, body, file: f.file, line: lineOf(f.text, kind, name) });
          }
        }
      }
    }
    modules.push({ dir, files, blocks });
  }
  return modules;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1-based line of a block header such as resource "aws_s3_bucket" "raw" (1 when not found). */
function lineOf(text, kind, ...labels) {
  const header = [escapeRegExp(kind), ...labels.map((l) => `"?${escapeRegExp(l)}"?`)].join('\\s+');
  const m = new RegExp(`^[ \\t]*${header}\\s*\\{`, 'm').exec(text);
  return m ? text.slice(0, m.index).split('\n').length : 1;
}

/** Line of the first "name =" or "name {" at or after a given line (for findings inside blocks). */
function lineOfArgument(text, name, fromLine) {
  const lines = text.split('\n');
  const re = new RegExp(`^\\s*"?${escapeRegExp(name)}"?\\s*(=|\\{|")`);
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) if (re.test(lines[i])) return i + 1;
  return fromLine;
}

/** Calls fn(string, path) for every string in a parsed value, and fnKey(key, path) for object keys. */
function walkStrings(value, fn, pathSoFar = [], fnKey = undefined) {
  if (typeof value === 'string') fn(value, pathSoFar);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, fn, [...pathSoFar, i], fnKey));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (fnKey) fnKey(k, pathSoFar);
      walkStrings(v, fn, [...pathSoFar, k], fnKey);
    }
  }
}

const referenceCache = new Map();

/** The references (var.x, aws_s3_bucket.b.arn, …) in one hcl2json string, split into segments. */
async function referencesIn(expression) {
  if (!expression.includes('${') && !expression.includes('%{')) return [];
  if (!referenceCache.has(expression)) {
    const refs = await hcl2json().getReferencesInExpression('expression.tf', expression);
    referenceCache.set(expression, refs.map((r) => splitReference(r.value)));
  }
  return referenceCache.get(expression);
}

/** 'aws_s3_bucket.b."x".arn' -> ['aws_s3_bucket', 'b', 'x', 'arn'] (index keys are dropped). */
function splitReference(value) {
  const segments = [];
  for (const m of value.matchAll(/"((?:[^"\\]|\\.)*)"|([^."]+)/g)) {
    if (m[2] !== undefined) segments.push(m[2]);
    else segments.push({ index: m[1] });
  }
  return segments.filter((s) => typeof s === 'string');
}

module.exports = { loadModules, lineOf, lineOfArgument, walkStrings, referencesIn };
