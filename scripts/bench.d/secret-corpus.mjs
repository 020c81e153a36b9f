#!/usr/bin/env node
// Writes the secret-scan recall corpus: one file per sample under DIR/pos and DIR/neg.
// The samples are ours, built at run time from seeded random parts (nothing secret-shaped is committed),
// shaped after the peers' published rule catalogues: trufflehog's detector tests (`<provider> token = '…'`,
// debug-log lines, Jenkins credentials XML), gitleaks' rule families (prefixed provider tokens, curl,
// Kubernetes Secrets, Docker auth, base64-wrapped JWTs, PKCS#12), detect-secrets' keyword contexts, and
// secretlint's placeholder and template negatives. Usage: node secret-corpus.mjs DIR
import { createHmac } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
if (!out) throw new Error("usage: secret-corpus.mjs DIR");
rmSync(out, { recursive: true, force: true });

let state = 0x9e3779b9;
const next = () => {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state;
};
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[next() % alphabet.length]).join("");
const alnum = (n) => pick(ALNUM, n);
const lower = (n) => pick("abcdefghijklmnopqrstuvwxyz0123456789", n);
const hex = (n) => pick("0123456789abcdef", n);
const upper = (n) => pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n);
const digits = (n) => pick("0123456789", n);
const b64 = (n) => pick(`${ALNUM}+/`, n);
const b64url = (n) => pick(`${ALNUM}-_`, n);
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const enc = (text) => Buffer.from(text).toString("base64");
const encUrl = (text) => Buffer.from(text).toString("base64url");

// GitHub / npm: 30 random characters and their CRC-32 in base 62 (github.blog, 2021).
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (text) => {
  let crc = 0xffffffff;
  for (const ch of text) crc = CRC[(crc ^ ch.charCodeAt(0)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
};
const base62 = (n) => {
  let s = "";
  do {
    s = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(6, "0");
};
const crcToken = (prefix) => {
  const body = alnum(30);
  return prefix + body + base62(crc32(body));
};
const jwt = (header, payload, key) => {
  const body = `${encUrl(JSON.stringify(header))}.${encUrl(JSON.stringify(payload))}`;
  return `${body}.${key ? createHmac("sha256", key).update(body).digest("base64url") : b64url(43)}`;
};
const pypi = () => {
  const field = (type, data) => Buffer.concat([Buffer.from([type, data.length]), data]);
  const macaroon = Buffer.concat([Buffer.from([2]), field(1, Buffer.from("pypi.org")), field(2, Buffer.from(`{"nonce":"${hex(32)}","version":1}`)), Buffer.from([0, 0]), field(6, Buffer.from(hex(64), "hex"))]);
  return "pypi-" + macaroon.toString("base64url");
};

// Prefixed provider tokens (gitleaks' and trufflehog's catalogues both carry these).
const prefixed = {
  github: () => crcToken("ghp_"),
  "github-oauth": () => crcToken("gho_"),
  "github-fine-grained": () => "github_" + "pat_" + alnum(22) + "_" + alnum(59),
  gitlab: () => "glpat" + "-" + b64url(20),
  "slack-bot": () => "xoxb" + "-" + digits(12) + "-" + digits(13) + "-" + alnum(24),
  "slack-user": () => "xoxp" + "-" + digits(12) + "-" + digits(12) + "-" + digits(13) + "-" + hex(32),
  "slack-config": () => "xoxe.xoxp" + "-1-" + alnum(166),
  "slack-refresh": () => "xoxe" + "-1-" + alnum(146),
  "slack-webhook": () => "https://hooks.slack.com/services/T" + upper(8) + "/B" + upper(10) + "/" + alnum(24),
  stripe: () => "sk_" + "live_" + alnum(32),
  openai: () => "sk-" + "proj-" + b64url(58) + "T3Blbk" + "FJ" + b64url(58),
  anthropic: () => "sk-ant-" + "api03-" + b64url(93) + "AA",
  "aws-key-id": () => "AKIA" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
  gcp: () => "AI" + "za" + b64url(35),
  sendgrid: () => "SG." + b64url(22) + "." + b64url(43),
  npm: () => crcToken("npm_"),
  pypi,
  digitalocean: () => "dop" + "_v1_" + hex(64),
  shopify: () => "shp" + "at_" + hex(32),
  huggingface: () => "hf" + "_" + pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34),
  databricks: () => "dapi" + hex(32),
  grafana: () => "glsa" + "_" + alnum(32) + "_" + hex(8),
  newrelic: () => "NRAK" + "-" + upper(27),
  "newrelic-browser": () => "NRBR" + "-" + hex(19),
  sentry: () => "sntry" + "u_" + hex(64),
  doppler: () => "dp.pt." + alnum(43),
  vault: () => "hvs." + b64url(96),
  pulumi: () => "pul-" + hex(40),
  linear: () => "lin_" + "api_" + alnum(40),
  figma: () => "figd" + "_" + b64url(40),
  postman: () => "PMAK" + "-" + hex(24) + "-" + hex(34),
  bedrock: () => "ABSK" + enc("BedrockAPIKey-" + alnum(8) + "-at-" + digits(12) + ":" + b64(60)),
  sourcegraph: () => "sgp" + "_" + hex(16) + "_" + hex(40),
  dockerhub: () => "dckr" + "_pat_" + b64url(27),
  age: () => "AGE-SECRET" + "-KEY-1" + pick("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
};
// Provider names that trufflehog's tests put next to a random value (no prefix of their own).
const anchoredProviders = ["zipcodebase", "clockify", "aviationstack", "assemblyai", "currencylayer", "ipstack", "spoonacular", "autopilot", "alconost", "artsy", "apimetrics", "cryptocompare", "censys", "documo", "cicero", "duply", "coinlayer", "appcues", "airbrake", "amadeus"];

const positives = [];
const negatives = [];
const pos = (name, file, text) => positives.push({ name, file, text });
const neg = (name, file, text) => negatives.push({ name, file, text });

for (const [provider, make] of Object.entries(prefixed)) {
  const env = provider.toUpperCase().replace(/-/g, "_");
  pos(`${provider}-env`, "settings.conf", `${env}_TOKEN=${make()}\n`);
  pos(`${provider}-yaml`, "config.yaml", `integrations:\n  ${provider}:\n    token: "${make()}"\n`);
  pos(`${provider}-code`, "client.ts", `const client = new Client({ auth: "${make()}" });\n`);
}
for (const provider of anchoredProviders) {
  pos(`${provider}-assign`, "sample.txt", `${provider} token = '${lower(32)}'\n`);
  pos(`${provider}-log`, "app.log", `[INFO] Sending request to the ${provider} API\n[DEBUG] Using ${provider} Key=${alnum(32)}\n`);
  pos(`${provider}-go`, "main.go", `func main() {\n\t${provider}Key := "${alnum(40)}"\n\treq.Header.Set("Authorization", "Bearer "+${provider}Key)\n}\n`);
  pos(`${provider}-jenkins`, "credentials.xml", `<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n  <scope>GLOBAL</scope>\n  <id>${provider}</id>\n  <secret>{AQAAABAAAA${b64(54)}=}</secret>\n</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n`);
}
pos("docker-auth", "config.json", `{"auths":{"registry.example.net":{"auth":"${enc(`deploy:${alnum(20)}`)}"}}}\n`);
pos("docker-auth-escaped", ".gitlab-ci.yml", `variables:\n  DOCKER_AUTH_CONFIG: '{"auths": {"r.example.net": {"auth": "${enc(`ci:${alnum(16)}`)}"}}}'\n`);
pos("k8s-secret", "secret.yaml", `apiVersion: v1\nkind: Secret\nmetadata:\n  name: crm\ntype: Opaque\ndata:\n  password: ${enc(alnum(18))}\n`);
pos("curl-user", "deploy.sh", `curl -u admin:${alnum(14)} https://ci.example.net/job/build\n`);
pos("curl-header", "deploy.sh", `curl -s -H "Authorization: Bearer ${b64url(40)}" https://api.example.net/v1/me\n`);
pos("nuget", "NuGet.config", `<packageSourceCredentials><feed><add key="Username" value="ci" /><add key="ClearTextPassword" value="${alnum(16)}" /></feed></packageSourceCredentials>\n`);
pos("django-secret-key", "settings.py", `SECRET_KEY = "${pick("abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)", 50)}"\n`);
pos("provider-section", "datadog.yaml", `datadog:\n  apiKey: ${hex(32)}\n  site: datadoghq.eu\n`);
pos("jwt", "auth.http", `Authorization: Bearer ${jwt({ alg: "HS256", typ: "JWT" }, { sub: uuid(), role: "admin" })}\n`);
pos("jwt-no-alg", "token.txt", `id_token=${encUrl('{"typ":"JWT"}')}.${encUrl(`{"sub":"${uuid()}"}`)}\n`);
pos("jwt-base64", "values.yaml", `token: ${enc(jwt({ alg: "HS256", typ: "JWT" }, { sub: uuid() }))}\n`);
pos("private-key", "id_rsa", `${"-----BEGIN RSA " + "PRIVATE KEY-----"}\n${b64(64)}\n${b64(64)}\n${b64(20)}==\n${"-----END RSA " + "PRIVATE KEY-----"}\n`);
pos("postgres-url", "docker-compose.yml", `DATABASE_URL: postgresql://crm:${alnum(22)}@db.internal:5432/crm\n`);
pos("generic-password", "settings.py", `SMTP_PASSWORD = "${alnum(12)}#${digits(3)}"\n`);

// Negatives: what real repositories hold that is not a credential.
neg("placeholder-env", "settings.conf", "API_KEY=your-api-key-here\nSTRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n");
neg("template-vars", "config.yaml", "token: ${API_TOKEN}\npassword: {{ vault_db_password }}\nsecret: <SECRET>\n");
neg("argon2-hash", "users.py", `"hashed_password": "$argon2id$v=19$m=65536,t=3,p=4$${b64(22)}$${b64(43)}",\n`);
neg("bcrypt-hash", "fixtures.json", `{"password": "$2b$12$${pick(`${ALNUM}./`, 53)}"}\n`);
neg("pbkdf2-hash", "users.json", `{"password": "pbkdf2_sha256$600000$${alnum(22)}$${b64(43)}="}\n`);
neg("fstring-url", "db.py", 'DATABASE_URL = f"postgresql://{username}:{password}@{host}:5432/{db}"\n');
neg("replace-with", "docker-compose.yml", "DATABASE_URL: postgresql://REPLACE_WITH_USER:REPLACE_WITH_PASSWORD@db:5432/app\n");
neg("user-equals-password", "docker-compose.yml", "MONGO_URL: mongodb://crmapp:crmapp@mongo:27017/crm\n");
neg("changethis", ".env.example", "FIRST_SUPERUSER_PASSWORD=changethis\nSECRET_KEY=changethis\n");
neg("line-bounded", "settings.conf", `SMTP_PASSWORD=\nSMTP_HOST=smtp${digits(2)}.example.org\n`);
neg("request-id", "client.ts", `const request_token = "${uuid()}";\nconst correlationId = "${uuid()}";\n`);
neg("git-sha", "release.yaml", `commit_token: ${hex(40)}\n`);
neg("integrity", "package-lock.json", `"integrity": "sha512-${b64(86)}=="\n`);
neg("identifiers", "index.ts", "const tokenizer = createTokenizerForLanguage2(options);\nexport const apiKeyHeaderName = 'X-Api-Key';\n");
neg("csrf", "index.html", `<meta name="csrf-token" content="${alnum(40)}">\n`);
neg("public-token", "app.ts", `const credentialId = "${alnum(24)}";\nconst publicToken = "pk_${alnum(24)}";\n`);
neg("jwt-io-example", "README.md", `Example: ${jwt({ alg: "HS256", typ: "JWT" }, { sub: "1234567890", name: "John Doe", iat: 1516239022 }, "your-256-bit-secret")}\n`);
neg("aws-docs-example", "README.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
neg("bad-github-checksum", "notes.md", `token ghp_${alnum(36)}\n`);
neg("filled-in", "sentry.env.example", `SENTRY_AUTH_TOKEN=sntryu_${"a".repeat(64)}\n`);
neg("typed-sequence", "groq.md", "GROQ_API_KEY=gsk_aBcDeFgHiJkLmNoPqRsT1234567890abcdefghijklmnopqrstuv\n");
neg("cache-busted-asset", "index.html", `<link rel="icon" href="/static/favicon.ico-${hex(32)}">\n`);
neg("k8s-configmap", "configmap.yaml", `apiVersion: v1\nkind: ConfigMap\ndata:\n  region: ${enc("eu-west-2-london")}\n`);
neg("docker-auth-user-only", "config.json", `{"auths":{"r.example.net":{"auth":"${enc("user:user")}"}}}\n`);
neg("camel-identifier", "bundle.mjs", "let parseKey2 = lv >= 9 ? parsePnpmV9Key : parsePnpmV6Key;\n");
neg("data-uri", "style.css", `.logo { background: url(data:image/png;base64,${b64(400)}); }\n`);
neg("public-key", "key.pub.pem", `-----BEGIN PUBLIC KEY-----\n${b64(64)}\n${b64(40)}\n-----END PUBLIC KEY-----\n`);

let index = 0;
for (const [kind, samples] of [["pos", positives], ["neg", negatives]]) {
  for (const sample of samples) {
    const dir = join(out, kind, `${String(index++).padStart(4, "0")}-${sample.name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, sample.file), sample.text);
  }
}
console.log(JSON.stringify({ positives: positives.length, negatives: negatives.length }));
