/** Package registries: npm, PyPI, RubyGems, NuGet, Docker Hub, Artifactory, crates.io, Clojars… */
import { hasCrc32Suffix, isPypiMacaroon } from "../checksums.js";
import type { SecretRule } from "./types.js";

export const registryRules: SecretRule[] = [
  {
    id: "npm-access-token",
    description: "npm access token (npm_)",
    family: "registry",
    keywords: ["npm_"],
    pattern: /\b(npm_[A-Za-z0-9]{36})\b/,
    checksum: hasCrc32Suffix,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`NPM_TOKEN=${f.crc32Token("npm_")}`],
      falsePositives: ["npm_config_registry", "NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
  },
  {
    id: "npmrc-auth-token",
    description: "Registry auth token in .npmrc or .yarnrc.yml (_authToken / npmAuthToken)",
    family: "registry",
    keywords: ["_authtoken", "npmauthtoken", "_auth="],
    pattern: /(?:_authToken|npmAuthToken|_auth)\s*[=:]\s*["']?([A-Za-z0-9_.+/=-]{20,})/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`//registry.npmjs.org/:_authToken=${f.base64url(40)}`, `npmAuthToken: "${f.alnum(36)}"`],
      falsePositives: ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "npmAuthToken: \"${NPM_AUTH_TOKEN}\""],
    },
  },
  {
    id: "pypi-upload-token",
    description: "PyPI API (upload) token",
    family: "registry",
    keywords: ["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
    pattern: /\b(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})/,
    checksum: isPypiMacaroon,
    examples: {
      truePositives: (f) => [`password = ${f.pypiToken()}`],
      falsePositives: ["pypi-AgEIcHlwaS5vcmc", // A macaroon cut off before its signature.
        "password = pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcC1xcnN0LXV2d3h5ejAxMjM0NQACGHsicGVybWlzc2lvbnMiOiAidXNlciJ9"],
    },
  },
  {
    id: "rubygems-api-key",
    description: "RubyGems API key",
    family: "registry",
    keywords: ["rubygems_"],
    pattern: /\b(rubygems_[a-f0-9]{48})\b/,
    examples: {
      truePositives: (f) => [`:rubygems_api_key: ${"rubygems_" + f.hex(48)}`],
      falsePositives: [":rubygems_api_key: rubygems_key"],
    },
  },
  {
    id: "nuget-api-key",
    description: "NuGet API key",
    family: "registry",
    keywords: ["oy2"],
    pattern: /\b(oy2[a-z0-9]{43})\b/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`NUGET_API_KEY=${"oy2" + f.chars(43, "lowerDigits")}`],
      falsePositives: ["oy2key"],
    },
  },
  {
    id: "docker-hub-pat",
    description: "Docker Hub personal or organization access token",
    family: "registry",
    keywords: ["dckr_pat_", "dckr_oat_"],
    pattern: /\b(dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`DOCKERHUB_TOKEN=${"dckr_pat_" + f.base64url(27)}`],
      falsePositives: ["dckr_pat_token"],
    },
  },
  {
    id: "artifactory-api-key",
    description: "JFrog Artifactory API key or reference token",
    family: "registry",
    keywords: ["akcp", "cmvmdgtu"],
    pattern: /\b(AKCp[A-Za-z0-9]{69}|cmVmdGtuOjAxOj[A-Za-z0-9]{50,})\b/,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`ARTIFACTORY_API_KEY=${"AKCp" + f.alnum(69)}`],
      falsePositives: ["AKCp-key"],
    },
  },
  {
    id: "crates-io-token",
    description: "crates.io API token",
    family: "registry",
    keywords: ["cio"],
    pattern: /\b(cio[A-Za-z0-9]{32})\b/,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`CARGO_REGISTRY_TOKEN=${"cio" + f.alnum(32)}`],
      falsePositives: ["ciosomethingshort", "CARGO_REGISTRY_TOKEN=cioxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
  },
  {
    id: "clojars-token",
    description: "Clojars deploy token",
    family: "registry",
    keywords: ["clojars_"],
    pattern: /\b(CLOJARS_[a-z0-9]{60})\b/i,
    examples: {
      truePositives: (f) => [`CLOJARS_PASSWORD=${"CLOJARS_" + f.chars(60, "lowerDigits")}`],
      falsePositives: ["CLOJARS_USERNAME"],
    },
  },
];
