/**
 * Credentials recognised by the format that holds them rather than by a prefix:
 * Docker config `auth`, Kubernetes Secret `data`, NuGet `ClearTextPassword`,
 * `curl -u` / `-H Authorization`, `docker login -p`, framework `SECRET_KEY`s,
 * and keys under a provider's section in YAML or TOML.
 */
import { isPlaceholder, shannonEntropy } from "../filters.js";
import type { SecretRule } from "./types.js";

const b64 = (text: string): string => Buffer.from(text).toString("base64");

/** A Docker `auth` value decodes to `user:password`, both printable, the password real. */
function isUserPasswordBase64(value: string): boolean {
  const decoded = Buffer.from(value, "base64").toString("latin1");
  const colon = decoded.indexOf(":");
  if (colon < 1 || !/^[\x20-\x7e]+$/.test(decoded)) return false;
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !isPlaceholder(password) && password.toLowerCase() !== decoded.slice(0, colon).toLowerCase();
}

/**
 * Inside a Kubernetes `kind: Secret` document, under `data:` (base64) or
 * `stringData:` (plain): the match's line must belong to such a block.
 */
function inKubernetesSecretData(match: RegExpExecArray): boolean {
  const text = match.input;
  const documentStart = Math.max(text.lastIndexOf("\n---", match.index), 0);
  const document = text.slice(documentStart, match.index);
  if (!/^[ \t]*kind:[ \t]*["']?Secret["']?[ \t]*$/im.test(document + text.slice(match.index, text.indexOf("\n---", match.index) >>> 0))) return false;
  // The nearest less-indented key above the value must be `data:` or `stringData:`.
  const indent = /^[ \t]*/.exec(match[1] ?? "")![0].length;
  const lines = document.split("\n").reverse();
  for (const line of lines) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const lineIndent = /^[ \t]*/.exec(line)![0].length;
    if (lineIndent < indent) return /^[ \t]*(?:data|stringData):[ \t]*$/.test(line);
  }
  return false;
}

/** A Secret's value worth reporting: decodes (for `data`) to printable text that is not a placeholder. */
function isSecretValue(value: string): boolean {
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 ? Buffer.from(value, "base64").toString("latin1") : value;
  if (!/^[\x20-\x7e]{6,}$/.test(decoded)) return false;
  return !isPlaceholder(decoded) && shannonEntropy(decoded) >= 2.5;
}

const PROVIDER_SECTION_WORDS = /^(?:config|configuration|settings|default|defaults|production|staging|development|dev|prod|test|env|environment|credentials|secrets|auth|api|keys|app|application|service|services|global|common|main|options|params|parameters|spec|data|metadata|values)$/i;

/**
 * The YAML/TOML section a key sits in: the nearest less-indented `name:` line above
 * it, or the nearest `[name]` table header. `datadog:` → `apiKey: …` names its provider.
 */
function providerSection(match: RegExpExecArray): string | undefined {
  const before = match.input.slice(0, match.index);
  const lines = before.split("\n");
  const indent = /^[ \t]*/.exec(match[0].replace(/^\n/, ""))![0].length;
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 40; i--) {
    const line = lines[i]!;
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const table = /^\s*\[+([\w.-]+)\]+\s*$/.exec(line);
    if (table) return table[1]!.split(".").pop();
    const lineIndent = /^[ \t]*/.exec(line)![0].length;
    if (lineIndent < indent) return /^[ \t]*([\w.-]+):[ \t]*$/.exec(line)?.[1];
  }
  return undefined;
}

export const configRules: SecretRule[] = [
  {
    id: "docker-config-auth",
    description: "Docker config.json `auth` (base64 user:password), also JSON-escaped in CI variables",
    family: "registry",
    keywords: ["auth"],
    pattern: /\\*"auth\\*"[ \t]*:[ \t]*\\*"([A-Za-z0-9+/]{8,}={0,2})\\*"/,
    validate: isUserPasswordBase64,
    vetoOnFail: true,
    examples: {
      truePositives: (f) => [`{"auths":{"registry.example.net":{"auth":"${b64(`deploy:${f.alnum(20)}`)}"}}}`, `DOCKER_AUTH_CONFIG={\\"auths\\":{\\"r.example.net\\":{\\"auth\\":\\"${b64(`ci:${f.alnum(16)}`)}\\"}}}`],
      falsePositives: [`{"auths":{"r.example.net":{"auth":"${b64("user:user")}"}}}`, `{"auth": "${b64("no-colon-here")}"}`],
    },
  },
  {
    id: "docker-login-password",
    description: "Password on a `docker login` command line (-p / --password)",
    family: "registry",
    keywords: ["docker login"],
    pattern: /docker login\b[^\n]*?[ \t](?:-p|--password)[ \t=]+["']?([^\s"'$]{8,})/,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`docker login acr7.azurecr.io -u acr7 -p ${f.base64(40)}`],
      falsePositives: ["docker login -u ci -p $REGISTRY_PASSWORD registry.example.net", "docker login --password-stdin"],
    },
  },
  {
    id: "kubernetes-secret-data",
    description: "Value in a Kubernetes `kind: Secret` manifest's `data` (base64) or `stringData`",
    family: "cloud",
    keywords: ["kind: secret", "kind: \"secret\"", "kind: 'secret'"],
    pattern: /\n([ \t]+[\w.-]+:[ \t]*["']?([^\s"'#][^\s"']{5,})["']?)[ \t]*(?=\r?\n|$)/,
    secretGroup: 2,
    validate: isSecretValue,
    validateMatch: (_secret, match) => inKubernetesSecretData(match),
    examples: {
      truePositives: (f) => [`apiVersion: v1\nkind: Secret\nmetadata:\n  name: crm\ntype: Opaque\ndata:\n  password: ${b64(f.alnum(18))}\n`],
      falsePositives: [
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  region: ZXUtd2VzdC0yLWxvbmRvbg==\n",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: crm-credentials\ntype: Opaque\n",
        "apiVersion: v1\nkind: Secret\nstringData:\n  password: ${DB_PASSWORD}\n",
      ],
    },
  },
  {
    id: "nuget-config-password",
    description: "NuGet.config ClearTextPassword",
    family: "registry",
    keywords: ["cleartextpassword"],
    pattern: /<add\s+key=["']ClearTextPassword["']\s+value=["']([^"'\s]{6,})["']/i,
    validate: (password) => !isPlaceholder(password),
    examples: {
      truePositives: (f) => [`<add key="ClearTextPassword" value="${f.alnum(16)}" />`],
      falsePositives: ['<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />', '<add key="ClearTextPassword" value="%FeedPassword%" />'],
    },
  },
  {
    id: "curl-auth-user",
    description: "Password on a curl command line (-u / --user user:password), continuation lines included",
    family: "generic",
    keywords: ["curl"],
    // The options may sit on continuation lines (`curl -X POST … \` newline `-u user:pass`); the user may be
    // empty (`-u ":pass"`) and each half may be quoted on its own (`--user kevin:'…'`).
    pattern: /\bcurl\b(?:[^\n\\]|\\\r?\n|\\.)*?[ \t](?:-u|--user)[ \t]+["']?([^\s:"'`]{0,64})["']?:["']?([^\s"'`@]{4,})/,
    secretGroup: 2,
    validateMatch: (password, match) => !/^\$|^\{|<|password|pass$|^(?:token|secret|api[_-]?key|key)$/i.test(password) && !isPlaceholder(password) && password !== match[1],
    examples: {
      truePositives: (f) => [
        `curl -u admin:${f.alnum(14)} https://ci.example.net/api/json`,
        `curl -k -X POST https://cache.internal:11222/rest/v2/caches/default/k \\\n  -H 'Content-type: text/plain' \\\n  -u developer:${f.alnum(16)}`,
        `curl https://api.example.net/oauth2/token --user ${f.chars(15, "lowerDigits")}:'${f.alnum(15)}' --data grant_type=authorization_code`,
        `curl -u ":${f.alnum(12)}" https://search.internal:9200`,
      ],
      falsePositives: ["curl -u username:token https://api.example.com", "Fixed: `curl -u user:token`, in Markdown prose", "curl -u user:password https://example.com", "curl -u $USER:$TOKEN https://api.example.com", "curl --user admin:admin http://localhost:8080"],
    },
  },
  {
    id: "curl-auth-header",
    description: "Token in a curl Authorization or API-key header (-H 'Authorization: Bearer …', -H 'apikey: …'), continuation lines included",
    family: "generic",
    keywords: ["curl"],
    // Authorization with or without a scheme, or an API-key header (`-H "apikey: …"`, `--header "Api-Token: …"`),
    // on the curl line or a continuation line.
    pattern:
      /\bcurl\b(?:[^\n\\]|\\\r?\n|\\.)*?(?:-H|--header)[ \t]+["'](?:Authorization|Proxy-Authorization|X-Api-Key|Api-Key|ApiKey|X-Api-Token|Api-Token|X-Auth-Token|Auth-Token|X-Access-Token|Access-Token|Private-Token|Token)[ \t]*:[ \t]*(?:(?:Bearer|Basic|Token|Bot|ApiKey|Api-Token|Key|SSWS)[ \t]+)?([A-Za-z0-9._~+/=-]{16,})["']/i,
    // 3.2, not higher: a 40-hex API token (Django REST framework's) can fall just under 3.5 bits.
    minEntropy: 3.2,
    validate: (token) => !isPlaceholder(token),
    examples: {
      truePositives: (f) => [
        `curl -s -H "Authorization: Bearer ${f.base64url(40)}" https://api.example.net/v1/me`,
        `curl -X GET \\\n     -H "apikey: ${f.uuid()}" \\\n     -H "Accept: application/json" https://api.example.net/v1/rates`,
        `curl -H "Authorization: Api-Token ${f.hex(40)}" --request PUT https://reports.example.net/api/use/635`,
        `curl --header 'Authorization:  ${f.uuid()}' https://api.example.net`,
      ],
      falsePositives: [
        'curl -H "Authorization: Bearer $API_TOKEN" https://api.example.net',
        'curl -H "Authorization: Bearer <your-token>" https://api.example.net',
        'curl -H "Content-Type: application/json" -H "Accept: application/vnd.github.v3+json" https://api.github.com',
        'curl -H "X-Api-Key: YOUR_API_KEY_GOES_HERE" https://api.example.net',
      ],
    },
  },
  {
    id: "framework-secret-key",
    description: "Framework signing key (Django/Flask SECRET_KEY, Rails secret_key_base) assigned a literal, special characters included",
    family: "generic",
    keywords: ["secret_key"],
    pattern: /\b(?:SECRET_KEY|secret_key_base|SECRET_KEY_BASE)[ \t]*(?:=|:)[ \t]*(?:os\.environ\.get\([^,\n]+,[ \t]*|env\([^,\n]+,[ \t]*(?:default=)?)?["']([^"'\s]{32,128})["']/,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`SECRET_KEY = "${f.chars(50, { from: "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)" })}"`, `SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-${f.chars(50, { from: "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)" })}")`],
      falsePositives: ['SECRET_KEY = "changethis"', 'SECRET_KEY = os.environ["SECRET_KEY"]', 'SECRET_KEY = "django-insecure-replace-me-with-a-real-key-please!!"'],
    },
  },
  {
    id: "provider-section-key",
    description: "Hex or random API/app key under a provider's section in YAML or TOML (`datadog:` → `apiKey: …`)",
    family: "generic",
    keywords: ["key", "token", "secret"],
    pattern: /\n([ \t]*["']?(?:api[_-]?key|app[_-]?key|apikey|appkey|application[_-]?key|api[_-]?token|token|secret|secret[_-]?key|access[_-]?key|license[_-]?key)["']?[ \t]*[:=][ \t]*["']?([a-f0-9]{32,64}|[A-Za-z0-9_-]{24,64}))["']?[ \t]*(?=\r?\n|$)/i,
    secretGroup: 2,
    minEntropy: 3.2,
    validate: (value) => /[0-9]/.test(value) && /[a-z]/i.test(value) && !isPlaceholder(value),
    validateMatch: (_secret, match) => {
      const section = providerSection(match);
      return section !== undefined && !PROVIDER_SECTION_WORDS.test(section);
    },
    examples: {
      truePositives: (f) => [`datadog:\n  apiKey: ${f.hex(32)}\n  site: datadoghq.eu\n`, `[sentry]\ntoken = "${f.hex(64)}"\n`],
      falsePositives: [`cache:\n  key: ${"0123456789abcdef".repeat(2)}\n`, "settings:\n  apiKey: 9f86d081884c7d659a2feaa0c55ad015\n"],
    },
  },
  {
    id: "azure-storage-key-named",
    description: "Azure storage account key (88-character base64) within a few lines of an account/storage key name",
    family: "cloud",
    keywords: ["accountkey", "account_key", "storagekey", "storage_key", "account-key", "storage-key", "storageaccountkey"],
    pattern: /(?:account|storage)[\w-]{0,20}?key[\s\S]{0,120}?(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/i,
    minEntropy: 4.5,
    examples: {
      truePositives: (f) => [`<account_key>${f.base64(86)}==</account_key>`, `-storagekey ${f.base64(86)}==`],
      falsePositives: ["storageAccountKey: ${{ secrets.AZURE_STORAGE_KEY }}"],
    },
  },
];
