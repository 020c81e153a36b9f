/** Source hosting and CI: GitHub, GitLab, Bitbucket/Atlassian, CircleCI, Buildkite, Sourcegraph… */
import { hasCrc32Suffix } from "../checksums.js";
import type { SecretRule } from "./types.js";

export const vcsRules: SecretRule[] = [
  {
    id: "github-pat",
    description: "GitHub personal access token (classic, ghp_)",
    family: "vcs",
    keywords: ["ghp_"],
    pattern: /\b(ghp_[A-Za-z0-9]{36})\b/,
    checksum: hasCrc32Suffix,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`GITHUB_TOKEN=${f.crc32Token("ghp_")}`],
      // The last one is well-formed but its checksum is wrong: made up, not issued.
      falsePositives: ["GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_", "GITHUB_TOKEN=ghp_Zq3vT8mLw2Rk9Hc5Xp1Nd7Bf4Gs6Jy0Aa1B2"],
    },
  },
  {
    id: "github-fine-grained-pat",
    description: "GitHub fine-grained personal access token",
    family: "vcs",
    keywords: ["github_pat_"],
    pattern: /\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`token: ${"github_pat_" + f.alnum(22) + "_" + f.alnum(59)}`],
      falsePositives: ["github_pat_ tokens are scoped", "github_pat_123"],
    },
  },
  {
    id: "github-oauth-token",
    description: "GitHub OAuth access token (gho_)",
    family: "vcs",
    keywords: ["gho_"],
    pattern: /\b(gho_[A-Za-z0-9]{36})\b/,
    checksum: hasCrc32Suffix,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`oauth = "${f.crc32Token("gho_")}"`],
      falsePositives: ["gho_token"],
    },
  },
  {
    id: "github-app-token",
    description: "GitHub App user-to-server or installation token (ghu_/ghs_)",
    family: "vcs",
    keywords: ["ghu_", "ghs_"],
    pattern: /\b(gh[us]_[A-Za-z0-9]{36})\b/,
    checksum: hasCrc32Suffix,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`GH_INSTALLATION_TOKEN=${f.crc32Token("ghs_")}`, `x-access-token:${f.crc32Token("ghu_")}`],
      falsePositives: ["ghs_ prefix", "ghu_short"],
    },
  },
  {
    id: "github-refresh-token",
    description: "GitHub refresh token (ghr_)",
    family: "vcs",
    keywords: ["ghr_"],
    pattern: /\b(ghr_[A-Za-z0-9]{36,76})\b/,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`refresh_token=${"ghr_" + f.alnum(76)}`],
      falsePositives: ["ghr_refresh"],
    },
  },
  {
    id: "gitlab-pat",
    description: "GitLab personal, project or group access token (glpat-)",
    family: "vcs",
    keywords: ["glpat-"],
    pattern: /\b(glpat-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`GITLAB_TOKEN=${"glpat-" + f.base64url(20)}`],
      falsePositives: ["GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx", "glpat-token"],
    },
  },
  {
    id: "gitlab-ci-token",
    description: "GitLab pipeline trigger, runner, deploy, feed or OAuth application secret",
    family: "vcs",
    keywords: ["glptt-", "glrt-", "gldt-", "glft-", "glsoat-", "gloas-", "gr1348941"],
    pattern: /\b(glptt-[a-f0-9]{40}|glrt-[A-Za-z0-9_-]{20,}|gldt-[A-Za-z0-9_-]{20}|glft-[A-Za-z0-9_-]{20}|glsoat-[A-Za-z0-9_-]{20}|gloas-[A-Za-z0-9_-]{64}|GR1348941[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`trigger: ${"glptt-" + f.hex(40)}`, `runner_token = "${"glrt-" + f.base64url(20)}"`, `DEPLOY_TOKEN=${"gldt-" + f.base64url(20)}`],
      falsePositives: ["glrt-token", "gldt-"],
    },
  },
  {
    id: "atlassian-api-token",
    description: "Atlassian (Jira, Confluence) API token",
    family: "vcs",
    keywords: ["atatt3"],
    pattern: /\b(ATATT3[A-Za-z0-9_=-]{180,200})(?![A-Za-z0-9_=-])/,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`JIRA_API_TOKEN=${"ATATT3" + f.base64url(186)}`],
      falsePositives: ["ATATT3xFfGF0"],
    },
  },
  {
    id: "bitbucket-app-password",
    description: "Bitbucket app password / access token (ATBB, ATCTT3)",
    family: "vcs",
    keywords: ["atbb", "atctt3"],
    pattern: /\b(ATBB[A-Za-z0-9_=.-]{32}|ATCTT3[A-Za-z0-9_=-]{180,200})(?![A-Za-z0-9_=.-])/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`BITBUCKET_APP_PASSWORD=${"ATBB" + f.alnum(32)}`],
      falsePositives: ["ATBB"],
    },
  },
  {
    id: "circleci-token",
    description: "CircleCI personal or project API token",
    family: "vcs",
    keywords: ["ccipat_", "ccipp_"],
    pattern: /\b(CCIP(?:AT|P)_[A-Za-z0-9]{22}_[a-f0-9]{40})\b/i,
    examples: {
      truePositives: (f) => [`CIRCLE_TOKEN=${"CCIPAT_" + f.alnum(22) + "_" + f.hex(40)}`],
      falsePositives: ["CCIPAT_token"],
    },
  },
  {
    id: "buildkite-token",
    description: "Buildkite API access token",
    family: "vcs",
    keywords: ["bkua_"],
    pattern: /\b(bkua_[a-f0-9]{40})\b/,
    examples: {
      truePositives: (f) => [`BUILDKITE_API_TOKEN=${"bkua_" + f.hex(40)}`],
      falsePositives: ["bkua_token"],
    },
  },
  {
    id: "sourcegraph-token",
    description: "Sourcegraph access token (sgp_/sgph_, instance id or `local`, hex in either case)",
    family: "vcs",
    keywords: ["sgp_", "sgph_"],
    pattern: /\b((?:sgp|sgph)_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40})\b/,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`SRC_ACCESS_TOKEN=${"sgp_" + f.hex(16) + "_" + f.hex(40)}`, `SRC_ACCESS_TOKEN=${"sgp_" + "local_" + f.hex(40).toUpperCase()}`],
      falsePositives: ["sgp_token"],
    },
  },
  {
    id: "sonarqube-token",
    description: "SonarQube / SonarCloud user, project or analysis token",
    family: "vcs",
    keywords: ["squ_", "sqp_", "sqa_"],
    pattern: /\b(sq[upa]_[a-f0-9]{40})\b/,
    examples: {
      truePositives: (f) => [`SONAR_TOKEN=${"squ_" + f.hex(40)}`],
      falsePositives: ["SONAR_TOKEN=squ_..."],
    },
  },
  {
    id: "harness-pat",
    description: "Harness personal or service-account token",
    family: "vcs",
    keywords: ["pat.", "sat."],
    pattern: /\b((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.[A-Za-z0-9]{20})\b/,
    examples: {
      truePositives: (f) => [`HARNESS_TOKEN=${"pat." + f.base64url(22) + "." + f.hex(24) + "." + f.alnum(20)}`],
      falsePositives: ["pat.token.value"],
    },
  },
];
