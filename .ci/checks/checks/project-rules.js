'use strict';
// The project's security rules, on the parsed HCL:
// - every S3 bucket has versioning "Enabled", default encryption, a public access block with all
//   four settings true, and a bucket policy (the TLS-only one), each referring to that bucket;
// - every RDS instance or cluster is explicitly not publicly accessible, encrypted and has IAM
//   database authentication on;
// - no Allow statement grants a wildcard action ("*", "s3:*", "s3:Get*") or uses not_actions;
//   every IAM policy is written with aws_iam_policy_document (so this rule sees it); no broad AWS
//   managed policy (AdministratorAccess, PowerUserAccess, *FullAccess) is attached.

const fs = require('node:fs');
const { walkStrings, lineOfArgument } = require('../lib/terraform');

const description = 'buckets versioned, encrypted, private; RDS private, encrypted, IAM auth; no wildcard IAM actions';

const BUCKET_COMPANIONS = {
  aws_s3_bucket_versioning: 'versioning (aws_s3_bucket_versioning with status "Enabled")',
  aws_s3_bucket_server_side_encryption_configuration: 'default encryption (aws_s3_bucket_server_side_encryption_configuration)',
  aws_s3_bucket_public_access_block: 'a public access block (aws_s3_bucket_public_access_block)',
  aws_s3_bucket_policy: 'a bucket policy (TLS only)',
};
const POLICY_ARGUMENTS = new Set(['policy', 'assume_role_policy']);
const POLICY_HOLDERS = /^aws_(iam_(role|user|group)?_?policy|iam_role|s3_bucket_policy|sqs_queue_policy|sns_topic_policy|kms_key|secretsmanager_secret_policy|ecr_repository_policy|cloudwatch_log_resource_policy|kinesis_resource_policy|lambda_permission|vpc_endpoint|glue_resource_policy)$/;
const BROAD_MANAGED = /:iam::aws:policy\/(.*\/)?(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;

/** Whether any expression in body names the resource address (aws_s3_bucket.raw, not .raw2). */
function refersTo(body, address) {
  const re = new RegExp(`${address.replace(/\./g, '\\.')}(?![A-Za-z0-9_-])`);
  let found = false;
  walkStrings(body, (s) => {
    if (re.test(s)) found = true;
  });
  return found;
}

function statements(body) {
  const out = [];
  for (const st of body.statement ?? []) out.push(st);
  for (const dyn of [].concat(body.dynamic?.statement ?? [])) for (const c of [].concat(dyn.content ?? [])) out.push(c);
  return out;
}

async function run(ctx) {
  const modules = await ctx.modules();
  const findings = [];
  for (const mod of modules) {
    const resources = mod.blocks.filter((b) => b.kind === 'resource');
    for (const block of mod.blocks) {
      const text = fs.readFileSync(block.file, 'utf8');
      const at = (arg) => lineOfArgument(text, arg, block.line);
      const label = `${block.kind === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
      const fail = (line, message) => findings.push({ file: block.file, line, message: `${label}: ${message}` });
      const b = block.body;

      if (block.kind === 'resource' && block.type === 'aws_s3_bucket') {
        const address = `aws_s3_bucket.${block.name}`;
        for (const [type, what] of Object.entries(BUCKET_COMPANIONS)) {
          const companions = resources.filter((r) => r.type === type && refersTo(r.body, address));
          if (companions.length === 0) fail(block.line, `bucket has no ${what} that refers to ${address}`);
          for (const c of companions) {
            if (type === 'aws_s3_bucket_versioning' && c.body.versioning_configuration?.[0]?.status !== 'Enabled') {
              fail(block.line, `${c.type}.${c.name} must set versioning_configuration { status = "Enabled" }`);
            }
            if (type === 'aws_s3_bucket_public_access_block') {
              for (const k of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
                if (c.body[k] !== true) fail(block.line, `${c.type}.${c.name} must set ${k} = true`);
              }
            }
          }
        }
        if ('acl' in b) fail(at('acl'), 'bucket ACLs are off (BucketOwnerEnforced); remove acl');
      }

      if (block.kind === 'resource' && (block.type === 'aws_db_instance' || block.type === 'aws_rds_cluster')) {
        if (b.publicly_accessible !== false && block.type === 'aws_db_instance') fail(at('publicly_accessible'), 'must set publicly_accessible = false');
        if (b.storage_encrypted !== true) fail(at('storage_encrypted'), 'must set storage_encrypted = true');
        if (b.iam_database_authentication_enabled !== true) fail(at('iam_database_authentication_enabled'), 'must set iam_database_authentication_enabled = true');
      }

      if (block.kind === 'data' && block.type === 'aws_iam_policy_document') {
        for (const st of statements(b)) {
          if ((st.effect ?? 'Allow') === 'Deny') continue;
          if (st.not_actions) fail(at('not_actions'), `statement ${st.sid ? `"${st.sid}" ` : ''}allows not_actions (everything but a list); name the actions`);
          for (const action of [].concat(st.actions ?? [])) {
            if (typeof action === 'string' && action.includes('*') && !action.startsWith('${')) {
              fail(at('actions'), `statement ${st.sid ? `"${st.sid}" ` : ''}allows the wildcard action "${action}"; name the actions`);
            }
          }
          if (typeof st.actions === 'string') fail(at('actions'), 'actions must be a literal list so it can be checked');
        }
      }

      if (block.kind === 'resource' && POLICY_HOLDERS.test(block.type)) {
        for (const arg of POLICY_ARGUMENTS) {
          if (!(arg in b)) continue;
          const value = b[arg];
          if (typeof value !== 'string' || !/^\$\{data\.aws_iam_policy_document\.[a-z0-9_]+(\[[^\]]+\])?\.json\}$/.test(value)) {
            fail(at(arg), `${arg} must be data.aws_iam_policy_document.<name>.json, so the wildcard rule can read it`);
          }
        }
      }

      if (block.kind === 'resource') {
        for (const arg of ['policy_arn', 'managed_policy_arns']) {
          for (const arn of [].concat(b[arg] ?? [])) {
            if (typeof arn === 'string' && BROAD_MANAGED.test(arn)) fail(at(arg), `attaches the broad managed policy ${arn}`);
          }
        }
      }
    }
  }
  return findings;
}

module.exports = { description, run };
