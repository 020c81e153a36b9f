/**
 * Providers whose tokens carry their own prefix, added after the first catalogue:
 * one table row each (the prefix is the prefilter keyword), so the shape and its
 * example sit side by side.
 */
import type { FakeSecrets } from "./fake.js";
import type { RuleFamily, SecretRule } from "./types.js";

interface PrefixedToken {
  id: string;
  description: string;
  family: RuleFamily;
  keywords: string[];
  /** The token, in capture group 1. */
  pattern: RegExp;
  sample: (f: FakeSecrets) => string;
  /** A near miss that must stay quiet. */
  nearMiss: string;
  minEntropy?: number;
}

const TOKENS: PrefixedToken[] = [
  {
    id: "aws-bedrock-api-key",
    description: "Amazon Bedrock API key (long-term ABSK…, or short-term bedrock-api-key-…)",
    family: "cloud",
    keywords: ["absk", "bedrock-api-key-"],
    // Long-term keys are ABSK + base64 of "BedrockAPIKey-…"; short-term ones encode "bedrock.amazonaws.com/…"
    // (a presigned URL): that encoded host only ever starts such a key, so a copy cut after it still counts —
    // but not when a character class follows (a scanner's own pattern source, like this line).
    pattern: /\b(ABSK(?:QmVkcm9ja0FQSUtleS|[A-Za-z0-9+/]{2}[A-Za-z0-9+/]*)[A-Za-z0-9+/]{100,268}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%_-]{0,2000})(?!\[)/,
    sample: (f) => "ABSK" + Buffer.from("BedrockAPIKey-" + f.alnum(8) + "-at-" + f.digits(12) + ":" + f.base64(60)).toString("base64"),
    nearMiss: "ABSKIP_TESTS=1",
  },
  {
    id: "slack-config-token",
    description: "Slack app configuration access token (xoxe.xoxp-/xoxe.xoxb-)",
    family: "messaging",
    keywords: ["xoxe.xox"],
    pattern: /\b(xoxe\.xox[bp]-\d-[A-Za-z0-9]{140,180})\b/,
    sample: (f) => "xoxe.xoxp-1-" + f.alnum(166),
    nearMiss: "xoxe.xoxp-1-token",
  },
  {
    id: "slack-refresh-token",
    description: "Slack configuration refresh token (xoxe-1-)",
    family: "messaging",
    keywords: ["xoxe-"],
    pattern: /\b(xoxe-\d-[A-Za-z0-9]{140,160})\b/,
    sample: (f) => "xoxe-1-" + f.alnum(146),
    nearMiss: "xoxe-1-refresh",
  },
  {
    id: "slack-legacy-token",
    description: "Slack legacy token (digits-only xoxb-/xoxp-/xoxa-2-/xoxo-/xoxr-/xoxs- forms)",
    family: "messaging",
    keywords: ["xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxr-", "xoxs-"],
    // The tail carries letters: `xoxp-<ids>-####…` (a masked token) must not end at its last id.
    pattern: /\b(xox[abposr]-(?:\d-)?\d{6,14}(?:-\d{6,14}){0,3}-(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{10,48})\b/,
    // 2.8, not higher: the digit-only segments (workspace, user, team ids) pull a real token's entropy down;
    // the strict shape (digit groups, then an alphanumeric tail) carries the precision.
    minEntropy: 2.8,
    sample: (f) => "xoxa-2-" + f.digits(9) + "-" + f.digits(11) + "-" + f.digits(13) + "-" + f.hex(18),
    nearMiss: "xoxp-572370529330-573807301142-572331691188-####################",
  },
  {
    id: "new-relic-browser-key",
    description: "New Relic browser API key (NRBR-) or insights insert key (NRII-)",
    family: "monitoring",
    keywords: ["nrbr-"],
    pattern: /\b(NRBR-[a-f0-9]{19})\b/,
    sample: (f) => "NRBR-" + f.hex(19),
    nearMiss: "NRBR-key",
  },
  {
    id: "facebook-app-access-token",
    description: "Facebook / Meta app access token (app id|secret) or page token (EAAM…/EAAC…)",
    family: "saas",
    keywords: ["facebook", "fb_", "fb-", "graph.", "eaam", "eaac"],
    // Case-sensitive: `eaac4cf9…` (a lockfile checksum) is hex, not a page token.
    pattern: /\b(\d{15,16}(?:\||%7[Cc])[A-Za-z0-9_-]{27,40}|EAA[MC][A-Za-z0-9]{100,})(?![\w-])/,
    minEntropy: 3.5,
    sample: (f) => "fb_" + "token: " + f.digits(16) + "|" + f.base64url(27),
    nearMiss: "1234567890123456|token",
  },
  {
    id: "yandex-token",
    description: "Yandex Cloud IAM token (t1.), API key (AQVN…) or static access key (YC…)",
    family: "cloud",
    keywords: ["t1.", "aqvn", "yandex"],
    pattern: /\b(t1\.[A-Z0-9a-z_-]+={0,2}\.[A-Z0-9a-z_-]{86}={0,2}|AQVN[A-Za-z0-9_-]{35,38}|YC[A-Za-z0-9_-]{38})(?![\w-])/,
    minEntropy: 3.8,
    sample: (f) => "AQVN" + f.alnum(36),
    nearMiss: "YCSB benchmark",
  },
  {
    id: "settlemint-token",
    description: "SettleMint access token (sm_aat_/sm_pat_/sm_sat_)",
    family: "cloud",
    keywords: ["sm_aat_", "sm_pat_", "sm_sat_"],
    pattern: /\b(sm_(?:aat|pat|sat)_[A-Za-z0-9]{16})\b/,
    sample: (f) => "sm_pat_" + f.alnum(16),
    nearMiss: "sm_pat_token",
  },
  {
    id: "scalingo-api-token",
    description: "Scalingo API token",
    family: "deploy",
    keywords: ["tk-us-"],
    pattern: /\b(tk-us-[\w-]{48})(?![\w-])/,
    sample: (f) => "tk-us-" + f.base64url(48),
    nearMiss: "tk-us-east",
  },
  {
    id: "maxmind-license-key",
    description: "MaxMind license key",
    family: "saas",
    keywords: ["_mmk"],
    pattern: /\b([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)\b/,
    sample: (f) => f.alnum(6) + "_" + f.alnum(29) + "_mmk",
    nearMiss: "license_mmk",
  },
  {
    id: "octopus-deploy-api-key",
    description: "Octopus Deploy API key",
    family: "deploy",
    keywords: ["api-"],
    pattern: /\b(API-[A-Z0-9]{26})\b/,
    minEntropy: 3.5,
    sample: (f) => "API-" + f.chars(26, "upperDigits"),
    nearMiss: "API-VERSION",
  },
  {
    id: "authress-access-key",
    description: "Authress service client access key",
    family: "saas",
    keywords: ["sc_", "ext_", "scauth_", "authress_"],
    pattern: /\b((?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_-][a-z0-9-]{10,32}\.[a-z0-9+/_=-]{30,120})(?![\w+/=-])/i,
    sample: (f) => "authress_" + f.chars(12, "lowerDigits") + "." + f.chars(5, "lowerDigits") + ".acc_" + f.chars(20, "lowerDigits") + "." + f.base64url(60),
    nearMiss: "sc_abc.def",
  },
  {
    id: "defined-networking-api-token",
    description: "Defined Networking (Nebula) API token",
    family: "cloud",
    keywords: ["dnkey-"],
    pattern: /\b(dnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52})(?![\w=-])/i,
    sample: (f) => "dnkey-" + f.chars(26, "lowerDigits") + "-" + f.chars(52, "lowerDigits"),
    nearMiss: "dnkey-example",
  },
  {
    id: "intra42-client-secret",
    description: "42 Intra client secret",
    family: "saas",
    keywords: ["s-s4t2"],
    pattern: /\b(s-s4t2(?:ud|af)-[a-f0-9]{64})\b/,
    sample: (f) => "s-s4t2ud-" + f.hex(64),
    nearMiss: "s-s4t2ud-secret",
  },
  {
    id: "clickhouse-cloud-api-secret",
    description: "ClickHouse Cloud API secret key",
    family: "cloud",
    keywords: ["4b1d"],
    pattern: /\b(4b1d[A-Za-z0-9]{38})\b/,
    minEntropy: 4,
    sample: (f) => "4b1d" + f.alnum(38),
    nearMiss: "4b1d0000",
  },
  {
    id: "easypost-test-api-key",
    description: "EasyPost test API key",
    family: "payment",
    keywords: ["eztk"],
    pattern: /\b(EZTK[a-f0-9]{54})\b/i,
    sample: (f) => "EZTK" + f.hex(54),
    nearMiss: "EZTK-key",
  },
  {
    id: "lob-api-key",
    description: "Lob secret API key (live_/test_ + 35 hex; publishable live_pub_ keys are not secrets)",
    family: "saas",
    keywords: ["live_", "test_"],
    pattern: /(?<![\w-])((?:live|test)_[a-f0-9]{35})(?![\w-])/,
    minEntropy: 3.3,
    sample: (f) => "live_" + f.hex(35),
    nearMiss: "live_preview",
  },
  {
    id: "mailgun-signing-key",
    description: "Mailgun webhook signing key or public validation key (pubkey-)",
    family: "messaging",
    keywords: ["pubkey-", "mailgun"],
    pattern: /\b(pubkey-[a-f0-9]{32}|[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8})\b/,
    minEntropy: 3.3,
    sample: (f) => "pubkey-" + f.hex(32),
    nearMiss: "pubkey-file",
  },
  {
    id: "gitlab-other-token",
    description: "GitLab CI build, feature-flag, incoming-mail, agent or SCIM token (glcbt-, glffct-, glimt-, glagent-)",
    family: "vcs",
    keywords: ["glcbt-", "glffct-", "glimt-", "glagent-"],
    pattern: /\b(glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20}|glffct-[0-9a-zA-Z_-]{20}|glimt-[0-9a-zA-Z_-]{25}|glagent-[0-9a-zA-Z_-]{50})(?![\w-])/,
    sample: (f) => "glagent-" + f.base64url(50),
    nearMiss: "glagent-config",
  },
  {
    id: "sidekiq-credentials",
    description: "Sidekiq Pro/Enterprise gem source credentials (BUNDLE_…__CONTRIBSYS__COM or in the source URL)",
    family: "registry",
    keywords: ["contribsys"],
    pattern: /(?:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM["']?[ \t]*[=:][ \t]*["']?|https?:\/\/)([a-f0-9]{8}:[a-f0-9]{8})(?:@(?:gems|enterprise)\.contribsys\.com|["'\s]|$)/im,
    sample: (f) => "BUNDLE_ENTERPRISE__CONTRIBSYS__COM=" + f.hex(8) + ":" + f.hex(8),
    nearMiss: "BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${SIDEKIQ_CREDENTIALS}",
  },
];

function prefixedRule(token: PrefixedToken): SecretRule {
  return {
    id: token.id,
    description: token.description,
    family: token.family,
    keywords: token.keywords,
    pattern: token.pattern,
    ...(token.minEntropy !== undefined ? { minEntropy: token.minEntropy } : {}),
    examples: {
      truePositives: (f) => [`${token.id.toUpperCase().replace(/-/g, "_")}=${token.sample(f)}`],
      falsePositives: [token.nearMiss],
    },
  };
}

export const prefixedRules: SecretRule[] = TOKENS.map(prefixedRule);
