/** Deploy and hosting platforms: Vercel, Netlify, Render, Railway, ngrok, Expo, Okta, Auth0… */
import type { SecretRule } from "./types.js";

export const deployRules: SecretRule[] = [
  {
    id: "vercel-token",
    description: "Vercel access token (prefixed vcp_/vci_/vca_/vcr_/vck_, or 24 characters next to a vercel keyword)",
    family: "deploy",
    keywords: ["vercel", "vcp_", "vci_", "vca_", "vcr_", "vck_"],
    pattern: /\b(vc[pciark]_[A-Za-z0-9]{56})\b|vercel.{0,25}?(?:token|key|secret).{0,5}?[=:]\s*["']?([A-Za-z0-9]{24})\b/i,
    secretGroup: -1,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`VERCEL_TOKEN=${f.alnum(24)}`, `token: ${"vcp_" + f.alnum(56)}`],
      falsePositives: ["VERCEL_TOKEN=${{ secrets.VERCEL_TOKEN }}", "VERCEL_ORG_ID=team_abc", "VERCEL_TOKEN=your-vercel-token"],
    },
  },
  {
    id: "vercel-deploy-hook",
    description: "Vercel deploy hook URL (anyone with it can trigger a deployment)",
    family: "deploy",
    keywords: ["api.vercel.com/v1/integrations/deploy/"],
    pattern: /(https:\/\/api\.vercel\.com\/v1\/integrations\/deploy\/prj_[A-Za-z0-9]{20,32}\/[A-Za-z0-9]{8,12})/,
    examples: {
      truePositives: (f) => [`DEPLOY_HOOK=${"https://api.vercel.com/v1/integrations/deploy/prj_" + f.alnum(28) + "/" + f.alnum(10)}`],
      falsePositives: ["https://api.vercel.com/v1/integrations/deploy/<project>/<hook>"],
    },
  },
  {
    id: "netlify-token",
    description: "Netlify personal access token",
    family: "deploy",
    keywords: ["nfp_", "netlify"],
    pattern: /\b(nfp_[A-Za-z0-9]{36})\b|netlify.{0,25}?(?:token|key).{0,5}?[=:]\s*["']?([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/i,
    secretGroup: -1,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`NETLIFY_AUTH_TOKEN=${"nfp_" + f.alnum(36)}`, `NETLIFY_AUTH_TOKEN=${f.base64url(43)}`],
      falsePositives: ["NETLIFY_AUTH_TOKEN=${NETLIFY_AUTH_TOKEN}"],
    },
  },
  {
    id: "render-api-key",
    description: "Render API key",
    family: "deploy",
    keywords: ["rnd_"],
    pattern: /\b(rnd_[A-Za-z0-9]{32})\b/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`RENDER_API_KEY=${"rnd_" + f.alnum(32)}`],
      falsePositives: ["rnd_seed"],
    },
  },
  {
    id: "railway-token",
    description: "Railway API or project token next to a railway keyword",
    family: "deploy",
    keywords: ["railway"],
    pattern: /railway.{0,25}?token.{0,5}?[=:]\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i,
    examples: {
      truePositives: (f) => [`RAILWAY_TOKEN=${f.uuid()}`],
      falsePositives: ["RAILWAY_TOKEN=<project-token>"],
    },
  },
  {
    id: "ngrok-authtoken",
    description: "ngrok authtoken or API key",
    family: "deploy",
    keywords: ["ngrok"],
    pattern: /ngrok.{0,25}?[=:\s]\s*["']?([0-9][A-Za-z0-9]{26}_[A-Za-z0-9]{17,21})\b/i,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`NGROK_AUTHTOKEN=${"2" + f.alnum(26) + "_" + f.alnum(21)}`],
      falsePositives: ["ngrok config add-authtoken <token>"],
    },
  },
  {
    id: "expo-access-token",
    description: "Expo access token next to an expo keyword",
    family: "deploy",
    keywords: ["expo_token", "expo_access_token"],
    pattern: /expo_(?:access_)?token.{0,5}?[=:]\s*["']?([A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/i,
    minEntropy: 3.8,
    examples: {
      truePositives: (f) => [`EXPO_TOKEN=${f.base64url(40)}`],
      falsePositives: ["EXPO_TOKEN=${{ secrets.EXPO_TOKEN }}"],
    },
  },
  {
    id: "okta-api-token",
    description: "Okta API token next to an okta keyword",
    family: "deploy",
    keywords: ["okta"],
    pattern: /okta.{0,25}?(?:token|key).{0,5}?[=:]\s*["']?(00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/i,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`OKTA_API_TOKEN=${"00" + f.base64url(40)}`],
      falsePositives: ["OKTA_API_TOKEN=00your-token"],
    },
  },
  {
    id: "auth0-client-secret",
    description: "Auth0 client secret next to an auth0 keyword",
    family: "deploy",
    keywords: ["auth0"],
    pattern: /auth0.{0,25}?secret.{0,5}?[=:]\s*["']?([A-Za-z0-9_-]{64})(?![A-Za-z0-9_-])/i,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`AUTH0_CLIENT_SECRET=${f.base64url(64)}`],
      falsePositives: ["AUTH0_CLIENT_SECRET=${AUTH0_CLIENT_SECRET}"],
    },
  },
];
