/** Payments and commerce: Stripe, Square, PayPal/Braintree, Shopify, Plaid, Razorpay, Flutterwave… */
import type { SecretRule } from "./types.js";

export const paymentRules: SecretRule[] = [
  {
    id: "stripe-secret-key",
    description: "Stripe live secret or restricted key",
    family: "payment",
    keywords: ["sk_live_", "rk_live_", "sk_prod_", "rk_prod_"],
    // Stripe keys are alphanumeric: a `-` or `_` right after means something else.
    pattern: /\b([sr]k_(?:live|prod)_[A-Za-z0-9]{24,247})(?![\w-])/,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`STRIPE_SECRET_KEY=${"sk_" + "live_" + f.alnum(99)}`, `stripe.api_key = "${"rk_" + "live_" + f.alnum(24)}"`, `STRIPE_KEY=${"rk_" + "prod_" + f.alnum(99)}`],
      falsePositives: ["STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "sk_live_...", "STRIPE_SECRET_KEY=sk_live_your_key_here"],
    },
  },
  {
    id: "stripe-test-secret-key",
    description: "Stripe test-mode secret key (reads test data, and shows the live key is likely nearby)",
    family: "payment",
    keywords: ["sk_test_", "rk_test_"],
    pattern: /\b([sr]k_test_[A-Za-z0-9]{24,247})\b/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`stripe_key: ${"sk_" + "test_" + f.alnum(40)}`],
      falsePositives: ["pk_test_ is publishable", "sk_test_0000000000000000000000"],
    },
  },
  {
    id: "stripe-webhook-secret",
    description: "Stripe webhook signing secret",
    family: "payment",
    keywords: ["whsec_"],
    pattern: /\b(whsec_[A-Za-z0-9+/]{32,})/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`STRIPE_WEBHOOK_SECRET=${"whsec_" + f.alnum(32)}`],
      falsePositives: ["STRIPE_WEBHOOK_SECRET=whsec_..."],
    },
  },
  {
    id: "square-access-token",
    description: "Square access token",
    family: "payment",
    keywords: ["eaaa", "sq0atp-"],
    pattern: /\b(EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`SQUARE_ACCESS_TOKEN=${"EAAA" + f.base64url(60)}`, `square = "${"sq0atp-" + f.base64url(22)}"`],
      falsePositives: ["SQUARE_ACCESS_TOKEN=EAAA...", "EAAAAA"],
    },
  },
  {
    id: "square-oauth-secret",
    description: "Square OAuth application secret",
    family: "payment",
    keywords: ["sq0csp-"],
    pattern: /\b(sq0csp-[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    examples: {
      truePositives: (f) => [`oauth_secret: ${"sq0csp-" + f.base64url(43)}`],
      falsePositives: ["sq0csp-secret"],
    },
  },
  {
    id: "braintree-access-token",
    description: "PayPal Braintree production access token",
    family: "payment",
    keywords: ["access_token$production$"],
    pattern: /\b(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})\b/,
    examples: {
      truePositives: (f) => [`BRAINTREE_TOKEN=${"access_token$" + "production$" + f.chars(16, "lowerDigits") + "$" + f.hex(32)}`],
      falsePositives: ["access_token$production$<merchant>$<token>"],
    },
  },
  {
    id: "shopify-token",
    description: "Shopify admin, custom-app or private-app access token, or shared secret",
    family: "payment",
    keywords: ["shpat_", "shpca_", "shppa_", "shpss_"],
    pattern: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/,
    examples: {
      truePositives: (f) => [`SHOPIFY_ACCESS_TOKEN=${"shpat_" + f.hex(32)}`, `shared_secret = "${"shpss_" + f.hex(32)}"`],
      falsePositives: ["shpat_token"],
    },
  },
  {
    id: "plaid-access-token",
    description: "Plaid item access token",
    family: "payment",
    keywords: ["access-production-", "access-development-", "access-sandbox-"],
    pattern: /\b(access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/,
    examples: {
      truePositives: (f) => [`plaid_token = "${"access-" + "production-" + f.uuid()}"`],
      falsePositives: ["access-production-token"],
    },
  },
  {
    id: "razorpay-key",
    description: "Razorpay live key id",
    family: "payment",
    keywords: ["rzp_live_"],
    pattern: /\b(rzp_live_[A-Za-z0-9]{14})\b/,
    examples: {
      truePositives: (f) => [`RAZORPAY_KEY_ID=${"rzp_" + "live_" + f.alnum(14)}`],
      falsePositives: ["rzp_live_key"],
    },
  },
  {
    id: "flutterwave-secret-key",
    description: "Flutterwave secret or encryption key",
    family: "payment",
    keywords: ["flwseck", "flwseck_test"],
    pattern: /\b(FLWSECK(?:_TEST)?-[a-h0-9]{32}-X)(?![A-Za-z0-9])/,
    examples: {
      truePositives: (f) => [`FLW_SECRET_KEY=${"FLWSECK-" + f.chars(32, { from: "abcdefgh0123456789" }) + "-X"}`],
      falsePositives: ["FLWSECK-xxxx-X"],
    },
  },
  {
    id: "gocardless-token",
    description: "GoCardless live access token",
    family: "payment",
    keywords: ["gocardless"],
    pattern: /gocardless.{0,30}?\b(live_[A-Za-z0-9_=-]{40})(?![A-Za-z0-9_=-])/i,
    examples: {
      truePositives: (f) => [`GOCARDLESS_ACCESS_TOKEN=${"live_" + f.base64url(40)}`],
      falsePositives: ["GOCARDLESS_ACCESS_TOKEN=live_your_token"],
    },
  },
  {
    id: "duffel-token",
    description: "Duffel API token",
    family: "payment",
    keywords: ["duffel_test_", "duffel_live_"],
    pattern: /\b(duffel_(?:test|live)_[A-Za-z0-9_=-]{43})(?![A-Za-z0-9_=-])/,
    examples: {
      truePositives: (f) => [`DUFFEL_TOKEN=${"duffel_" + "live_" + f.base64url(43)}`],
      falsePositives: ["duffel_live_token"],
    },
  },
  {
    id: "shippo-token",
    description: "Shippo API token",
    family: "payment",
    keywords: ["shippo_live_", "shippo_test_"],
    pattern: /\b(shippo_(?:live|test)_[a-f0-9]{40})\b/,
    examples: {
      truePositives: (f) => [`SHIPPO_TOKEN=${"shippo_" + "live_" + f.hex(40)}`],
      falsePositives: ["shippo_live_token"],
    },
  },
  {
    id: "easypost-api-key",
    description: "EasyPost production API key",
    family: "payment",
    keywords: ["ezak"],
    pattern: /\b(EZAK[a-f0-9]{54})\b/,
    examples: {
      truePositives: (f) => [`EASYPOST_API_KEY=${"EZAK" + f.hex(54)}`],
      falsePositives: ["EZAK key"],
    },
  },
];
