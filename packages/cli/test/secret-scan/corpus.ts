/**
 * A realistic fake repository for secret-scan: planted secrets of many kinds in
 * the files where teams really leak them, and look-alikes that must stay quiet.
 * Every secret is built at test time from parts, so this file holds none.
 */
import { fakeSecrets } from "../../src/commands/secret-scan/rules/fake.js";

export interface Planted {
  file: string;
  /** 1-based line of the secret (0 for a file flagged by name). */
  line: number;
  rule: string;
}

export interface Corpus {
  files: Record<string, string | Buffer>;
  planted: Planted[];
}

type Line = string | { text: string; rule: string };

const f = fakeSecrets("crm-corpus");
const b64url = (text: string): string => Buffer.from(text).toString("base64url");
const upperDigits = (n: number): string => f.chars(n, "upperDigits");
const letters = (n: number): string => f.chars(n, { from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" });
const secret = (rule: string, text: string): Line => ({ text, rule });

function pem(kind: string, body: number): string[] {
  const lines = [`-----BEGIN ${kind}-----`];
  for (let i = 0; i < body; i++) lines.push(f.base64(64));
  lines.push(`-----END ${kind}-----`);
  return lines;
}

/** Files with planted secrets (each `{text, rule}` line is one expected finding). */
function plantedFiles(): Record<string, Line[]> {
  return {
    "backend/app/settings.py": [
      '"""Settings for the CRM backend."""',
      "import os",
      "",
      secret("stripe-secret-key", `STRIPE_SECRET_KEY = "${"sk_" + "live_" + f.alnum(99)}"`),
      secret("stripe-webhook-secret", `STRIPE_WEBHOOK_SECRET = "${"whsec_" + f.alnum(32)}"`),
      'DATABASE_URL = os.environ["DATABASE_URL"]',
      secret("sendgrid-api-key", `SENDGRID_API_KEY = "${"SG." + f.base64url(22) + "." + f.base64url(43)}"`),
      secret("openai-api-key", `OPENAI_API_KEY = "${"sk-proj-" + f.base64url(58) + "T3Blbk" + "FJ" + f.base64url(58)}"`),
      secret("anthropic-api-key", `ANTHROPIC_API_KEY = "${"sk-ant-" + "api03-" + f.base64url(93) + "AA"}"`),
      'PASSWORD_MIN_LENGTH = 12',
      secret("connection-string-password", `REPLICA_URL = "postgresql://crm_ro:${f.alnum(22)}@replica.db.internal:5432/crm"`),
      secret("generic-password", `SMTP_PASSWORD = "${f.alnum(12)}#${f.digits(3)}"`),
    ],
    "backend/app/integrations/slack.py": [
      "import httpx",
      secret("slack-webhook-url", `ALERTS = "${"https://hooks.slack.com/services/T" + upperDigits(8) + "/B" + upperDigits(10) + "/" + f.alnum(24)}"`),
      secret("slack-bot-token", `BOT = "${"xoxb-" + f.digits(12) + "-" + f.digits(13) + "-" + f.alnum(24)}"`),
      "def post(text: str) -> None:",
      "    httpx.post(ALERTS, json={'text': text})",
    ],
    "backend/app/integrations/ai.py": [
      secret("huggingface-token", `HF_TOKEN = "${"hf_" + letters(34)}"`),
      secret("groq-api-key", `GROQ = "${"gsk_" + f.alnum(52)}"`),
      secret("replicate-api-token", `REPLICATE = "${"r8_" + f.alnum(37)}"`),
    ],
    "frontend/src/config.ts": [
      "export const config = {",
      secret("gcp-api-key", `  mapsKey: "${"AIza" + f.base64url(35)}",`),
      '  publishableKey: "pk_live_51HxTYexamplepublishable",',
      secret("mapbox-secret-token", `  mapboxSecret: "${"sk." + "eyJ1Ijoi" + f.base64url(60) + "." + f.base64url(22)}",`),
      secret("sentry-auth-token", `  sentryUpload: "${"sntryu_" + f.hex(64)}",`),
      "};",
    ],
    "frontend/src/api/client.ts": [
      "const headers = {",
      secret("jwt", `  Authorization: "Bearer ${b64url('{"alg":"HS256","typ":"JWT"}') + "." + b64url(`{"sub":"${f.uuid()}","exp":1893456000}`) + "." + f.base64url(43)}",`),
      "};",
      secret("generic-api-key", `export const INTERNAL_API_KEY = "${f.alnum(40)}";`),
    ],
    ".github/workflows/deploy.yml": [
      "name: deploy",
      "on: push",
      "jobs:",
      "  deploy:",
      "    runs-on: ubuntu-latest",
      "    env:",
      secret("vercel-token", `      VERCEL_TOKEN: ${f.alnum(24)}`),
      secret("github-pat", `      GH_TOKEN: ${f.crc32Token("ghp_")}`),
      "      VERCEL_ORG_ID: ${{ vars.VERCEL_ORG_ID }}",
      secret("npm-access-token", `      NODE_AUTH_TOKEN: ${f.crc32Token("npm_")}`),
      secret("docker-hub-pat", `      DOCKERHUB_TOKEN: ${"dckr_pat_" + f.base64url(27)}`),
    ],
    "infra/terraform.tfvars": [
      'region = "eu-west-2"',
      secret("aws-access-key-id", `aws_access_key_id = "${"AKIA" + upperDigits(16)}"`),
      secret("aws-secret-access-key", `aws_secret_access_key = "${f.base64(40)}"`),
      secret("digitalocean-token", `do_token = "${"dop_v1_" + f.hex(64)}"`),
      secret("cloudflare-api-token", `cloudflare_api_token = "${f.base64url(40)}"`),
      secret("terraform-cloud-token", `tfc_token = "${f.alnum(14) + ".atlasv1." + f.base64url(67)}"`),
    ],
    "infra/azure.env.json": [
      "{",
      secret("azure-storage-account-key", `  "storage": "DefaultEndpointsProtocol=https;AccountName=crmdocs;AccountKey=${f.base64(86)}==;EndpointSuffix=core.windows.net",`),
      secret("azure-ad-client-secret", `  "clientSecret": "${f.alnum(3) + "8Q~" + f.alnum(34)}"`),
      "}",
    ],
    "deploy/docker-compose.prod.yml": [
      "services:",
      "  api:",
      "    environment:",
      secret("connection-string-password", `      DATABASE_URL: postgres://crm:${f.alnum(24)}@db.prod.internal:5432/crm`),
      secret("connection-string-password", `      REDIS_URL: rediss://default:${f.alnum(32)}@cache.prod.internal:6380/0`),
      secret("datadog-api-key", `      DD_API_KEY: ${f.hex(32)}`),
    ],
    "deploy/.npmrc": [
      "registry=https://registry.npmjs.org/",
      secret("npmrc-auth-token", `//npm.pkg.github.com/:_authToken=${f.base64url(40)}`),
    ],
    "deploy/keys/deploy_key": [
      ...pem("OPENSSH " + "PRIVATE KEY", 6).map((text, index) => (index === 0 ? secret("private-key", text) : text)),
    ],
    "deploy/pypirc": [
      "[pypi]",
      "username = __token__",
      secret("pypi-upload-token", `password = ${f.pypiToken()}`),
    ],
    "docs/runbooks/billing.md": [
      "# Billing runbook",
      "Rotate the Square token in the dashboard. The one in use today:",
      secret("square-access-token", `    ${"EAAA" + f.base64url(60)}`),
      secret("shopify-token", `Shopify admin token for the storefront sync: ${"shpat_" + f.hex(32)}`),
      secret("twilio-api-key", `Twilio key for SMS reminders: ${"SK" + f.hex(32)}`),
    ],
    "scripts/release.sh": [
      "#!/bin/sh",
      secret("gitlab-pat", `export GITLAB_TOKEN=${"glpat-" + f.base64url(20)}`),
      secret("telegram-bot-token", `curl "https://api.telegram.org/bot${f.digits(10) + ":AA" + f.base64url(33)}/sendMessage"`),
      secret("basic-auth-url", `git remote add mirror https://release-bot:${f.alnum(28)}@git.crm-internal.net/crm/app.git`),
      secret("discord-webhook-url", `DISCORD=${"https://discord.com/api/webhooks/" + f.digits(19) + "/" + f.base64url(68)}`),
    ],
    "ops/monitoring.yaml": [
      "newrelic:",
      secret("new-relic-key", `  api_key: ${"NRAK-" + upperDigits(27)}`),
      "grafana:",
      secret("grafana-token", `  token: ${"glsa_" + f.alnum(32) + "_" + f.hex(8)}`),
      "linear:",
      secret("linear-api-key", `  key: ${"lin_api_" + f.alnum(40)}`),
      "notion:",
      secret("notion-token", `  token: ${"ntn_" + f.digits(11) + f.alnum(35)}`),
    ],
    ".env.production": [
      "NODE_ENV=production",
      secret("github-app-token", `GH_INSTALL_TOKEN=${f.crc32Token("ghs_")}`),
      secret("hashicorp-vault-token", `VAULT_TOKEN=${"hvs." + f.base64url(120)}`),
    ],
    "backend/.env.local": ["DEBUG=true", "LOG_LEVEL=debug"],
  };
}

/** Look-alikes: the false positives users of other scanners complain about. None may be reported. */
function negativeFiles(): Record<string, string | Buffer> {
  const integrity = () => `sha512-${f.base64(86)}==`;
  return {
    ".env.example": [
      "# Copy to .env and fill in",
      "STRIPE_SECRET_KEY=sk_live_your_key_here",
      "DATABASE_URL=postgresql://crm:${DB_PASSWORD}@localhost:5432/crm",
      "OPENAI_API_KEY=",
      "JWT_SECRET=changeme",
      "SENDGRID_API_KEY=<SECRET>",
      "VERCEL_TOKEN=your-api-key-here",
    ].join("\n"),
    "backend/.env.sample": "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    "package-lock.json": JSON.stringify(
      {
        name: "crm",
        lockfileVersion: 3,
        packages: Object.fromEntries(
          Array.from({ length: 30 }, (_, index) => [
            `node_modules/dep-${index}`,
            { version: "1.0.0", resolved: `https://registry.npmjs.org/dep-${index}/-/dep-${index}-1.0.0.tgz`, integrity: integrity() },
          ]),
        ),
      },
      null,
      2,
    ),
    "frontend/yarn.lock": Array.from({ length: 10 }, (_, index) => `dep-${index}@^1.0.0:\n  version "1.0.0"\n  resolved "https://registry.yarnpkg.com/dep-${index}/-/dep-${index}-1.0.0.tgz#${f.hex(40)}"\n  integrity ${integrity()}\n`).join("\n"),
    "backend/poetry.lock": `[[package]]\nname = "fastapi"\nversion = "0.115.0"\n\n[package.files]\nhash = "sha256:${f.hex(64)}"\ntoken_hash = "${f.hex(64)}"\n`,
    "go.sum": `github.com/stretchr/testify v1.9.0 h1:${f.base64(43)}=\n`,
    "frontend/dist/app.min.js": `!function(){var e="${f.base64(60)}",t={apiKey:"${f.alnum(40)}",secret:"${f.base64(44)}"};window.__c=t}();`,
    "CHANGELOG.md": `## 1.2.0\n- fix login (commit ${f.hex(40)})\n- request id ${f.uuid()}\n- sha256 ${f.hex(64)}\n`,
    "docs/aws.md": "Use the documented example keys: `AKIAIOSFODNN7EXAMPLE` and `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`.\n",
    "frontend/src/logo.css": `.logo { background: url("data:image/png;base64,${f.base64(400)}"); }\n.secret_token_icon { background: url("data:image/svg+xml;base64,${f.base64(200)}"); }\n`,
    "deploy/certs/api.pem": [...pem("CERTIFICATE", 8), ...pem("PUBLIC KEY", 5)].join("\n"),
    "backend/app/config.py": [
      'STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]',
      'api_key = settings.OPENAI_API_KEY',
      "password = getpass.getpass()",
      'token = "${GITHUB_TOKEN}"',
      "secret = '{{ vault_secret }}'",
      'DB_PASSWORD = ""',
      'session_token = "3f7b1c2d-9e8a-4b6c-8d2e-1a2b3c4d5e6f"',
      `commit_token = "${f.hex(40)}"`,
      'api_key = "your-api-key-here"',
      'password_hint = "Password must be at least 12 characters"',
    ].join("\n"),
    ".github/workflows/ci.yml": "env:\n  VERCEL_TOKEN: ${{ secrets.VERCEL_TOKEN }}\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n  GITHUB_TOKEN: ${{ github.token }}\n",
    "deploy/docker-compose.yml": "services:\n  db:\n    environment:\n      DATABASE_URL: postgresql://postgres:postgres@localhost:5432/crm\n      REDIS_URL: redis://localhost:6379/0\n",
    "frontend/src/i18n/en.json": JSON.stringify({ password: "Password", passwordTooShort: "Password must be at least 12 characters", apiKeyLabel: "Your API key" }, null, 2),
    "frontend/src/fixtures/token.ts": `// crm-devex:allow fake token for the login form tests\nexport const TOKEN = "${f.crc32Token("ghp_")}"; // crm-devex:allow test fixture\n`,
    "assets/logo.bin": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.from(`${"sk_" + "live_" + f.alnum(30)}`)]),
    "backend/tests/test_jwt.py": `BROKEN = "eyJhbGciOi.eyJzdWIi.${f.base64url(20)}"\nNOT_A_JWT = "eyJ${f.base64url(20)}.eyJ${f.base64url(20)}.${f.base64url(20)}"\n`,
  };
}

/** Build the corpus: file contents and the expected findings with their line numbers. */
export function buildCorpus(): Corpus {
  const files: Record<string, string | Buffer> = {};
  const planted: Planted[] = [];
  for (const [file, lines] of Object.entries(plantedFiles())) {
    const text: string[] = [];
    lines.forEach((line, index) => {
      if (typeof line === "string") text.push(line);
      else {
        text.push(line.text);
        planted.push({ file, line: index + 1, rule: line.rule });
      }
    });
    files[file] = `${text.join("\n")}\n`;
    if (/(^|\/)\.env(\.|$)/.test(file)) planted.push({ file, line: 0, rule: "dotenv-file" });
  }
  Object.assign(files, negativeFiles());
  return { files, planted };
}
