'use strict';
// Every Lambda handler string in terraform/ (package.Class::method) names a class and method that
// exist in the built artifact: insightflow-lambda.jar for all of them, and
// insightflow-lambda-snowflake.jar too for handlers of modules that can deploy it. Without the jars
// (before mvn package) the check is skipped, except in CI (--ci / CI=true), where that fails.
// The jars must also fit Lambda: 250 MB unzipped for any zip package, 50 MB for the one uploaded
// directly (insightflow-lambda.jar; the Snowflake jar goes through S3).

const fs = require('node:fs');
const path = require('node:path');
const { walkStrings } = require('../lib/terraform');
const { openJar } = require('../lib/jar');

const description = 'Lambda handler strings name classes and methods in the built jars';

const HANDLER = /^([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.[A-Z][A-Za-z0-9_$]*)::([a-z][A-Za-z0-9_]*)$/;
const LEAN = 'insightflow-lambda/target/insightflow-lambda.jar';
const SNOWFLAKE = 'insightflow-lambda/target/insightflow-lambda-snowflake.jar';
const MB = 1024 * 1024;
const LIMITS = {
  [LEAN]: { size: 50 * MB, unzipped: 250 * MB },
  [SNOWFLAKE]: { size: Infinity, unzipped: 250 * MB },
};

async function run(ctx) {
  const modules = await ctx.modules();
  const findings = [];
  const notes = [];
  const handlers = [];
  for (const mod of modules) {
    // A module that takes the Snowflake jar deploys its handlers from it as well.
    const jars = mod.blocks.some((b) => b.kind === 'variable' && b.name === 'snowflake_lambda_jar') ? [LEAN, SNOWFLAKE] : [LEAN];
    for (const block of mod.blocks) {
      walkStrings(block.body, (s, p) => {
        const m = HANDLER.exec(s);
        if (m) handlers.push({ block, className: m[1], method: m[2], jars, text: s });
        else if (p[p.length - 1] === 'handler' && !s.startsWith('${var.')) {
          findings.push({ file: block.file, line: block.line, message: `handler "${s}" is not a literal package.Class::method, so it cannot be checked against the jar` });
        }
      });
      if (block.kind === 'resource' && block.type === 'aws_lambda_function' && block.body.handler === undefined) {
        findings.push({ file: block.file, line: block.line, message: 'aws_lambda_function without handler' });
      }
    }
  }
  if (handlers.length === 0) return { findings, notes };

  const opened = new Map();
  for (const jar of [LEAN, SNOWFLAKE]) {
    const file = path.join(ctx.repo, jar);
    if (fs.existsSync(file)) {
      const j = openJar(file);
      opened.set(jar, j);
      const mb = (n) => `${(n / MB).toFixed(1)} MB`;
      if (j.size > LIMITS[jar].size) findings.push({ file, line: 1, message: `${jar} is ${mb(j.size)}: a direct Lambda upload takes at most ${mb(LIMITS[jar].size)}` });
      if (j.unzippedSize > LIMITS[jar].unzipped) findings.push({ file, line: 1, message: `${jar} unzips to ${mb(j.unzippedSize)}: a Lambda zip package may unzip to at most ${mb(LIMITS[jar].unzipped)} (a container image allows 10 GB)` });
    }
    else if (ctx.requireTools) findings.push({ file, line: 1, message: `${jar} is missing: build it first (mvn -B package -pl insightflow-lambda -am -DskipTests); the handlers cannot be checked without it` });
    else notes.push(`${jar} not built; handlers not checked against it (CI requires it)`);
  }
  for (const h of handlers) {
    for (const jar of h.jars) {
      const j = opened.get(jar);
      if (!j) continue;
      const result = j.hasMethod(h.className, h.method);
      if (result === 'no-class') findings.push({ file: h.block.file, line: h.block.line, message: `handler ${h.text}: class ${h.className} is not in ${jar}` });
      else if (result === 'no-method') findings.push({ file: h.block.file, line: h.block.line, message: `handler ${h.text}: ${h.className} has no method ${h.method} in ${jar}` });
    }
  }
  return { findings, notes };
}

module.exports = { description, run };
