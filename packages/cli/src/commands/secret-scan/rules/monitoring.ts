/** Monitoring and observability: Sentry, Datadog, New Relic, Grafana, Dynatrace, PostHog, Honeycomb… */
import type { SecretRule } from "./types.js";

export const monitoringRules: SecretRule[] = [
  {
    id: "sentry-auth-token",
    description: "Sentry organization or user auth token",
    family: "monitoring",
    keywords: ["sntrys_", "sntryu_"],
    pattern: /\b(sntrys_eyJ[A-Za-z0-9+/=_]{80,}|sntryu_[a-f0-9]{64})/,
    examples: {
      truePositives: (f) => [`SENTRY_AUTH_TOKEN=${"sntryu_" + f.hex(64)}`, `SENTRY_AUTH_TOKEN=${"sntrys_" + "eyJ" + f.base64(120)}`],
      falsePositives: ["SENTRY_AUTH_TOKEN=sntrys_..."],
    },
  },
  {
    id: "datadog-api-key",
    description: "Datadog API or application key next to a datadog keyword",
    family: "monitoring",
    keywords: ["datadog", "dd_api_key", "dd_app_key", "dd_application_key"],
    pattern: /(?:datadog|dd)_?(?:api|app|application)?_?key.{0,10}?[=:]\s*["']?([a-f0-9]{32}|[a-f0-9]{40})\b/i,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`DD_API_KEY=${f.hex(32)}`, `datadog_app_key: "${f.hex(40)}"`],
      falsePositives: ["DD_API_KEY=${DD_API_KEY}", "DD_API_KEY="],
    },
  },
  {
    id: "new-relic-key",
    description: "New Relic user API, license, browser or insights key",
    family: "monitoring",
    keywords: ["nrak-", "nral", "nrjs-", "nrii-"],
    pattern: /\b(NRAK-[A-Z0-9]{27}|[a-f0-9]{36}NRAL|NRJS-[a-f0-9]{19}|NRII-[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/,
    examples: {
      truePositives: (f) => [`NEW_RELIC_API_KEY=${"NRAK-" + f.chars(27, "upperDigits")}`, `NEW_RELIC_LICENSE_KEY=${f.hex(36) + "NRAL"}`],
      falsePositives: ["NRAK-key"],
    },
  },
  {
    id: "grafana-token",
    description: "Grafana Cloud token, service-account token or legacy API key",
    family: "monitoring",
    keywords: ["glc_", "glsa_", "eyjrijoi"],
    pattern: /\b(glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|eyJrIjoi[A-Za-z0-9]{70,400}={0,2})/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`GRAFANA_TOKEN=${"glsa_" + f.alnum(32) + "_" + f.hex(8)}`, `GRAFANA_CLOUD_TOKEN=${"glc_" + f.base64(80)}`],
      falsePositives: ["glsa_token"],
    },
  },
  {
    id: "dynatrace-token",
    description: "Dynatrace API token",
    family: "monitoring",
    keywords: ["dt0c01."],
    pattern: /\b(dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b/,
    examples: {
      truePositives: (f) => [`DT_API_TOKEN=${"dt0c01." + f.chars(24, "upperDigits") + "." + f.chars(64, "upperDigits")}`],
      falsePositives: ["dt0c01.TOKEN"],
    },
  },
  {
    id: "posthog-personal-api-key",
    description: "PostHog personal API key (the project key phc_ is public and not flagged)",
    family: "monitoring",
    keywords: ["phx_"],
    pattern: /\b(phx_[A-Za-z0-9]{43})\b/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`POSTHOG_PERSONAL_API_KEY=${"phx_" + f.alnum(43)}`],
      falsePositives: ["phx_key"],
    },
  },
  {
    id: "honeycomb-api-key",
    description: "Honeycomb ingest or configuration key next to a honeycomb keyword",
    family: "monitoring",
    keywords: ["honeycomb"],
    pattern: /honeycomb.{0,25}?[=:]\s*["']?(hc[a-z]{2}_[a-z0-9]{58}|[A-Za-z0-9]{22}|[a-f0-9]{32})\b/i,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`HONEYCOMB_API_KEY=${f.alnum(22)}`],
      falsePositives: ["HONEYCOMB_API_KEY=your-honeycomb-key"],
    },
  },
  {
    id: "rollbar-access-token",
    description: "Rollbar access token next to a rollbar keyword",
    family: "monitoring",
    keywords: ["rollbar"],
    pattern: /rollbar.{0,25}?[=:]\s*["']?([a-f0-9]{32})\b/i,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`ROLLBAR_ACCESS_TOKEN=${f.hex(32)}`],
      falsePositives: ["ROLLBAR_ACCESS_TOKEN=<token>"],
    },
  },
  {
    id: "pagerduty-api-key",
    description: "PagerDuty REST API key next to a pagerduty keyword",
    family: "monitoring",
    keywords: ["pagerduty"],
    pattern: /pagerduty.{0,25}?[=:]\s*["']?(u\+[A-Za-z0-9_+-]{18}|[A-Za-z0-9_+-]{20})(?![A-Za-z0-9_+-])/i,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`PAGERDUTY_API_KEY=${"u+" + f.base64url(18)}`],
      falsePositives: ["PAGERDUTY_API_KEY=${PAGERDUTY_API_KEY}"],
    },
  },
];
