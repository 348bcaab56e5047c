'use strict';
// HCL parses (hcl2json) and is formatted as terraform fmt would write it (hclwrite.Format through
// @cdktf/hcl-tools): the same bytes, or the first line that differs.

const fs = require('node:fs');
const path = require('node:path');
const { format } = require('@cdktf/hcl-tools');
const { parse } = require('@cdktf/hcl2json');

const description = 'HCL parses and is terraform fmt-clean';

function hclFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) out.push(...hclFiles(p));
    else if (/\.(tf|tfvars|tfvars\.example)$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

async function run(ctx) {
  const findings = [];
  for (const file of hclFiles(ctx.terraformDir)) {
    const text = fs.readFileSync(file, 'utf8');
    try {
      await parse(path.basename(file).replace(/\.example$/, ''), text);
    } catch (e) {
      const m = /:(\d+),(\d+)-/.exec(e.message);
      findings.push({ file, line: m ? Number(m[1]) : 1, message: `does not parse: ${e.message.replace(/^parse config: /, '')}` });
      continue;
    }
    const formatted = await format(text);
    if (formatted !== text) {
      const a = text.split('\n');
      const b = formatted.split('\n');
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      findings.push({ file, line: i + 1, message: `not terraform fmt-clean; expected: ${JSON.stringify(b[i] ?? '')} (run terraform fmt -recursive terraform)` });
    }
  }
  return findings;
}

module.exports = { description, run };
