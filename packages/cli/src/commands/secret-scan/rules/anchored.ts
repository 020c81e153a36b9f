/**
 * Providers whose keys have no prefix of their own: a value of the provider's
 * published length and alphabet, assigned within a few characters of the
 * provider's name (`asana_client_secret = …`, `kucoin: { key: … }` does not count —
 * the name must sit on the same line, before the `=` or `:`). One table row per key kind.
 */
import { fakeSecrets, type FakeSecrets } from "./fake.js";
import type { RuleFamily, SecretRule } from "./types.js";
import { escapeRegExp } from "../../../kernel/text.js";

interface AnchoredKey {
  id: string;
  description: string;
  family: RuleFamily;
  /** Lower-case provider names (also the prefilter keywords). */
  names: string[];
  /** The value's shape, without anchors (the table adds them). */
  value: string;
  /** Builds a true-positive value. */
  sample: (f: FakeSecrets) => string;
  minEntropy?: number;
}

const HEX = (n: number) => `[a-f0-9]{${n}}`;
const LOWER_ALNUM = (n: number) => `[a-z0-9]{${n}}`;
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const KEYS: AnchoredKey[] = [
  { id: "adobe-client-id", description: "Adobe client id (32 hex) next to an adobe keyword", family: "saas", names: ["adobe"], value: HEX(32), sample: (f) => f.hex(32) },
  { id: "asana-client-id", description: "Asana client id (16 digits) next to an asana keyword", family: "saas", names: ["asana"], value: "[0-9]{16}", sample: (f) => f.digits(16), minEntropy: 2.5 },
  { id: "asana-client-secret", description: "Asana client secret next to an asana keyword", family: "saas", names: ["asana"], value: LOWER_ALNUM(32), sample: (f) => f.chars(32, "lowerDigits") },
  { id: "beamer-api-token", description: "Beamer API token next to a beamer keyword", family: "saas", names: ["beamer"], value: "b_[a-z0-9=_-]{44}", sample: (f) => "b_" + f.chars(44, "lowerDigits") },
  { id: "bitbucket-client-secret", description: "Bitbucket OAuth client secret next to a bitbucket keyword", family: "vcs", names: ["bitbucket"], value: "[a-z0-9=_-]{64}", sample: (f) => f.chars(64, "lowerDigits") },
  { id: "bittrex-key", description: "Bittrex access or secret key next to a bittrex keyword", family: "payment", names: ["bittrex"], value: LOWER_ALNUM(32), sample: (f) => f.chars(32, "lowerDigits") },
  { id: "cloudflare-global-api-key", description: "Cloudflare global API key (37 hex) next to a cloudflare keyword", family: "cloud", names: ["cloudflare", "cf_api", "cf-api", "x-auth-key"], value: HEX(37), sample: (f) => f.hex(37) },
  { id: "codecov-access-token", description: "Codecov access token next to a codecov keyword", family: "deploy", names: ["codecov"], value: HEX(32), sample: (f) => f.hex(32) },
  { id: "coinbase-access-token", description: "Coinbase access token next to a coinbase keyword", family: "payment", names: ["coinbase"], value: "[a-z0-9_-]{64}", sample: (f) => f.chars(64, "lowerDigits") },
  { id: "confluent-key", description: "Confluent Cloud API key or secret next to a confluent keyword", family: "cloud", names: ["confluent"], value: "[a-z0-9]{64}|[a-z0-9]{16}", sample: (f) => f.upper(6) + f.digits(10) },
  { id: "contentful-delivery-token", description: "Contentful delivery API token next to a contentful keyword", family: "saas", names: ["contentful"], value: "[a-z0-9=_-]{43}", sample: (f) => f.base64url(43) },
  { id: "droneci-access-token", description: "Drone CI access token next to a drone keyword", family: "deploy", names: ["droneci", "drone_token", "drone-token"], value: LOWER_ALNUM(32), sample: (f) => f.chars(32, "lowerDigits") },
  { id: "etsy-access-token", description: "Etsy API key next to an etsy keyword", family: "saas", names: ["etsy"], value: LOWER_ALNUM(24), sample: (f) => f.chars(24, "lowerDigits") },
  { id: "facebook-app-secret", description: "Facebook / Meta app secret (32 hex) next to a facebook keyword", family: "saas", names: ["facebook", "fb_app", "fb-app", "fb_secret", "meta_app"], value: HEX(32), sample: (f) => f.hex(32) },
  { id: "fastly-api-token", description: "Fastly API token next to a fastly keyword", family: "cloud", names: ["fastly"], value: "[a-z0-9=_-]{32}", sample: (f) => f.base64url(32) },
  { id: "finicity-key", description: "Finicity API key or client secret next to a finicity keyword", family: "payment", names: ["finicity"], value: "[a-f0-9]{32}|[a-z0-9]{20}", sample: (f) => f.hex(32) },
  { id: "finnhub-access-token", description: "Finnhub API key next to a finnhub keyword", family: "saas", names: ["finnhub"], value: LOWER_ALNUM(20), sample: (f) => f.chars(20, "lowerDigits") },
  { id: "flickr-access-token", description: "Flickr API key next to a flickr keyword", family: "saas", names: ["flickr"], value: LOWER_ALNUM(32), sample: (f) => f.chars(32, "lowerDigits") },
  { id: "freshbooks-access-token", description: "FreshBooks access token next to a freshbooks keyword", family: "saas", names: ["freshbooks"], value: LOWER_ALNUM(64), sample: (f) => f.chars(64, "lowerDigits") },
  { id: "gitter-access-token", description: "Gitter access token next to a gitter keyword", family: "messaging", names: ["gitter"], value: "[a-z0-9_-]{40}", sample: (f) => f.chars(40, "lowerDigits") },
  { id: "heroku-api-key-legacy", description: "Heroku API key (UUID) next to a heroku keyword", family: "cloud", names: ["heroku"], value: UUID, sample: (f) => f.uuid() },
  { id: "hubspot-api-key", description: "HubSpot legacy API key (UUID) next to a hubspot/hapikey keyword", family: "saas", names: ["hubspot", "hapikey"], value: UUID, sample: (f) => f.uuid() },
  { id: "intercom-api-key", description: "Intercom access token next to an intercom keyword", family: "messaging", names: ["intercom"], value: "[a-z0-9=_-]{60}", sample: (f) => f.base64url(60) },
  { id: "jfrog-api-key", description: "JFrog / Artifactory API key or identity token next to a jfrog keyword", family: "registry", names: ["jfrog", "artifactory", "bintray", "xray"], value: "[a-z0-9]{73}|[a-z0-9]{64}", sample: (f) => f.alnum(73) },
  { id: "kraken-access-token", description: "Kraken API key next to a kraken keyword", family: "payment", names: ["kraken"], value: "[a-z0-9/=_+-]{80,90}", sample: (f) => f.base64(88) },
  { id: "kucoin-key", description: "KuCoin API key (24 hex) or secret (UUID) next to a kucoin keyword", family: "payment", names: ["kucoin"], value: `${HEX(24)}|${UUID}`, sample: (f) => f.hex(24) },
  { id: "launchdarkly-access-token", description: "LaunchDarkly access token next to a launchdarkly keyword", family: "deploy", names: ["launchdarkly"], value: "[a-z0-9=_-]{40}", sample: (f) => "api-" + f.uuid() },
  { id: "linear-client-secret", description: "Linear OAuth client secret next to a linear keyword", family: "saas", names: ["linear"], value: HEX(32), sample: (f) => f.hex(32) },
  { id: "linkedin-client-secret", description: "LinkedIn client id or secret next to a linkedin keyword", family: "saas", names: ["linkedin", "linked-in", "linked_in"], value: "[a-z0-9]{16}|[a-z0-9]{14}", sample: (f) => f.alnum(16) },
  { id: "looker-client-secret", description: "Looker API client id or secret next to a looker keyword", family: "saas", names: ["looker"], value: "[a-z0-9]{24}|[a-z0-9]{20}", sample: (f) => f.alnum(24) },
  { id: "mattermost-access-token", description: "Mattermost access token next to a mattermost keyword", family: "messaging", names: ["mattermost"], value: LOWER_ALNUM(26), sample: (f) => f.chars(26, "lowerDigits") },
  { id: "messagebird-api-token", description: "MessageBird API key or client id next to a messagebird keyword", family: "messaging", names: ["messagebird", "message-bird", "message_bird"], value: `[a-z0-9]{25}|${UUID}`, sample: (f) => f.alnum(25) },
  { id: "new-relic-user-api-id", description: "New Relic user API id next to a new relic keyword", family: "monitoring", names: ["newrelic", "new-relic", "new_relic"], value: LOWER_ALNUM(64), sample: (f) => f.chars(64, "lowerDigits") },
  { id: "nytimes-access-token", description: "New York Times API key next to an nytimes keyword", family: "saas", names: ["nytimes", "new-york-times", "newyorktimes"], value: "[a-z0-9=_-]{32}", sample: (f) => f.alnum(32) },
  { id: "plaid-client-secret", description: "Plaid client id or secret next to a plaid keyword", family: "payment", names: ["plaid"], value: "[a-z0-9]{30}|[a-z0-9]{24}", sample: (f) => f.chars(30, "lowerDigits") },
  { id: "privateai-api-token", description: "Private AI API key next to a private_ai keyword", family: "ai", names: ["private_ai", "private-ai", "privateai"], value: LOWER_ALNUM(32), sample: (f) => f.chars(32, "lowerDigits") },
  { id: "rapidapi-access-token", description: "RapidAPI key next to a rapidapi keyword", family: "saas", names: ["rapidapi", "x-rapidapi-key"], value: "[a-z0-9_-]{50}", sample: (f) => f.alnum(50) },
  { id: "sendbird-access-token", description: "Sendbird API token (40 hex) or app id (UUID) next to a sendbird keyword", family: "messaging", names: ["sendbird"], value: `${HEX(40)}|${UUID}`, sample: (f) => f.hex(40) },
  { id: "snyk-api-token", description: "Snyk API token (UUID) next to a snyk keyword", family: "vcs", names: ["snyk"], value: UUID, sample: (f) => f.uuid() },
  { id: "squarespace-access-token", description: "Squarespace API key (UUID) next to a squarespace keyword", family: "saas", names: ["squarespace"], value: UUID, sample: (f) => f.uuid() },
  { id: "sumologic-access-token", description: "Sumo Logic access key next to a sumo keyword", family: "monitoring", names: ["sumo"], value: "[a-z0-9]{64}|su[a-z0-9]{12}", sample: (f) => f.alnum(64) },
  { id: "travisci-access-token", description: "Travis CI access token next to a travis keyword", family: "deploy", names: ["travis"], value: LOWER_ALNUM(22), sample: (f) => f.chars(22, "lowerDigits") },
  { id: "twitch-api-token", description: "Twitch API token next to a twitch keyword", family: "saas", names: ["twitch"], value: LOWER_ALNUM(30), sample: (f) => f.chars(30, "lowerDigits") },
  { id: "twitter-api-secret", description: "Twitter / X API key, secret or access secret next to a twitter keyword", family: "saas", names: ["twitter"], value: "[a-z0-9]{50}|[a-z0-9]{45}|[a-z0-9]{25}", sample: (f) => f.alnum(50) },
  { id: "zendesk-secret-key", description: "Zendesk API token next to a zendesk keyword", family: "saas", names: ["zendesk"], value: LOWER_ALNUM(40), sample: (f) => f.chars(40, "lowerDigits") },
  { id: "alibaba-secret-key", description: "Alibaba Cloud AccessKey secret next to an alibaba keyword", family: "cloud", names: ["alibaba", "aliyun"], value: LOWER_ALNUM(30), sample: (f) => f.chars(30, "lowerDigits") },
  { id: "cisco-meraki-api-key", description: "Cisco Meraki API key (40 hex) next to a meraki keyword", family: "cloud", names: ["meraki"], value: HEX(40), sample: (f) => f.hex(40) },
  { id: "sourcegraph-legacy-token", description: "Sourcegraph legacy access token (40 hex, no sgp_ prefix) next to a sourcegraph keyword", family: "vcs", names: ["sourcegraph"], value: HEX(40), sample: (f) => f.hex(40) },
  { id: "adafruit-api-key", description: "Adafruit IO key next to an adafruit keyword", family: "saas", names: ["adafruit"], value: "[a-z0-9_-]{32}", sample: (f) => "aio_" + f.alnum(28) },
];

function anchoredRule(key: AnchoredKey): SecretRule {
  const names = key.names.map(escapeRegExp).join("|");
  // Name, up to 25 characters of the same line (`_client_secret`, ` api key`), an
  // assignment, then exactly the value (no longer run of the same alphabet).
  const pattern = new RegExp(`(?:${names})[\\w. -]{0,25}?["']?[ \\t]{0,3}(?:=|:=|:|=>|,)[ \\t]{0,3}["'\`]?(${key.value})(?![\\w+/=-])`, "i");
  return {
    id: key.id,
    description: key.description,
    family: key.family,
    keywords: key.names,
    pattern,
    minEntropy: key.minEntropy ?? 3,
    validateMatch: (secret, match) => {
      // `ReactNativeCameraKit`, `sumOfExposures`: the name is the middle of another camelCase word.
      const name = key.names.find((n) => match[0].toLowerCase().startsWith(n));
      if (name && /[a-z][A-Z]/.test(match[0].slice(0, name.length))) return false;
      // Hex keys are issued in one case; `acdeFf05…` is something else.
      return !/^(?:\[a-f0-9\]\{\d+\}\|?)+$/.test(key.value) || /^[0-9a-f]+$|^[0-9A-F]+$/.test(secret);
    },
    examples: {
      truePositives: (f) => [`${key.names[0]!.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_API_KEY = "${key.sample(f)}"`],
      falsePositives: [
        `${key.names[0]}_api_key = "your-${key.names[0]}-api-key"`,
        `${key.names[0]}_api_key = \${${key.names[0]!.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_API_KEY}`,
        // The name inside another camelCase word (`ReactNativeCameraKit: …` is no Meraki key).
        `x${key.names[0]!.slice(0, -1)}${key.names[0]!.slice(-1).toUpperCase()}Thing = "${key.sample(fakeSecrets(key.id))}"`,
      ],
    },
  };
}

export const anchoredRules: SecretRule[] = KEYS.map(anchoredRule);
