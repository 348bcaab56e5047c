#!/usr/bin/env node
'use strict';
// terraform fmt without terraform: rewrites terraform/**/*.tf (and .tfvars) with hclwrite.Format.
//   node fmt.js            (npm run fmt)

const fs = require('node:fs');
const path = require('node:path');
const { format } = require('@cdktf/hcl-tools');

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) return files(p);
    return /\.(tf|tfvars|tfvars\.example)$/.test(e.name) ? [p] : [];
  });
}

(async () => {
  for (const file of files(path.resolve(__dirname, '..', '..', 'terraform'))) {
    const text = fs.readFileSync(file, 'utf8');
    const formatted = await format(text);
    if (formatted !== text) {
      fs.writeFileSync(file, formatted);
      console.log(`formatted ${path.relative(process.cwd(), file)}`);
    }
  }
})();
