/** Messaging and email: Slack, Discord, Telegram, Twilio, SendGrid, Mailgun, Mailchimp, Teams, Brevo… */
import type { SecretRule } from "./types.js";

export const messagingRules: SecretRule[] = [
  {
    id: "slack-bot-token",
    description: "Slack bot token (xoxb-)",
    family: "messaging",
    keywords: ["xoxb-"],
    pattern: /\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-?[A-Za-z0-9]{24,34})\b/,
    examples: {
      truePositives: (f) => [`SLACK_BOT_TOKEN=${"xoxb-" + f.digits(12) + "-" + f.digits(13) + "-" + f.alnum(24)}`],
      falsePositives: ["SLACK_BOT_TOKEN=xoxb-your-token", "xoxb-123-456"],
    },
  },
  {
    id: "slack-user-token",
    description: "Slack user or legacy token (xoxp-, xoxe-, xoxa-, xoxr-, xoxs-)",
    family: "messaging",
    keywords: ["xoxp-", "xoxe-", "xoxa-", "xoxr-", "xoxs-", "xoxo-"],
    pattern: /\b(xox[pearos]-[0-9]{8,13}-[0-9]{8,13}-[0-9a-zA-Z-]{20,64})\b/,
    examples: {
      truePositives: (f) => [`token = "${"xoxp-" + f.digits(12) + "-" + f.digits(12) + "-" + f.digits(13) + "-" + f.hex(32)}"`],
      falsePositives: ["xoxp-token"],
    },
  },
  {
    id: "slack-app-token",
    description: "Slack app-level token (xapp-)",
    family: "messaging",
    keywords: ["xapp-"],
    pattern: /\b(xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-z0-9]{64})\b/i,
    examples: {
      truePositives: (f) => [`SLACK_APP_TOKEN=${"xapp-1-" + f.chars(11, "upperDigits") + "-" + f.digits(13) + "-" + f.hex(64)}`],
      falsePositives: ["xapp-1-token"],
    },
  },
  {
    id: "slack-webhook-url",
    description: "Slack incoming webhook or workflow URL",
    family: "messaging",
    keywords: ["hooks.slack.com"],
    pattern: /(https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56})/,
    secretGroup: 1,
    examples: {
      truePositives: (f) => [`SLACK_WEBHOOK=${"https://hooks.slack.com/services/T" + f.chars(8, "upperDigits") + "/B" + f.chars(10, "upperDigits") + "/" + f.alnum(24)}`],
      falsePositives: ["SLACK_WEBHOOK=https://hooks.slack.com/services/XXX/YYY/ZZZ"],
    },
  },
  {
    id: "discord-bot-token",
    description: "Discord bot token next to a discord keyword",
    family: "messaging",
    keywords: ["discord"],
    pattern: /discord.{0,40}?\b([MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38})(?![A-Za-z\d_-])/i,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`DISCORD_BOT_TOKEN=${"M" + f.alnum(25) + "." + f.base64url(6) + "." + f.base64url(38)}`],
      falsePositives: ["DISCORD_BOT_TOKEN=your.bot.token"],
    },
  },
  {
    id: "discord-webhook-url",
    description: "Discord webhook URL",
    family: "messaging",
    keywords: ["/api/webhooks/"],
    pattern: /(https:\/\/(?:[a-z]+\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68})/,
    examples: {
      truePositives: (f) => [`webhook: ${"https://discord.com/api/webhooks/" + f.digits(19) + "/" + f.base64url(68)}`],
      falsePositives: ["https://discord.com/api/webhooks/{id}/{token}"],
    },
  },
  {
    id: "telegram-bot-token",
    description: "Telegram bot API token",
    family: "messaging",
    keywords: [":aa"],
    pattern: /(?<![0-9])(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`TELEGRAM_BOT_TOKEN=${f.digits(10) + ":AA" + f.base64url(33)}`, `https://api.telegram.org/bot${f.digits(9) + ":AA" + f.base64url(33)}/sendMessage`],
      falsePositives: ["TELEGRAM_BOT_TOKEN=123456789:AAyour-token"],
    },
  },
  {
    id: "twilio-api-key",
    description: "Twilio API key sid with its secret nearby (SK…)",
    family: "messaging",
    keywords: ["twilio"],
    pattern: /twilio.{0,40}?\b(SK[0-9a-fA-F]{32})\b/is,
    examples: {
      truePositives: (f) => [`TWILIO_API_KEY=${"SK" + f.hex(32)}`],
      falsePositives: ["TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
  },
  {
    id: "twilio-auth-token",
    description: "Twilio account auth token",
    family: "messaging",
    keywords: ["twilio"],
    pattern: /twilio.{0,20}?(?:auth|token|secret).{0,10}?[=:]\s*["']?([a-f0-9]{32})\b/i,
    examples: {
      truePositives: (f) => [`TWILIO_AUTH_TOKEN="${f.hex(32)}"`],
      falsePositives: ["TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}"],
    },
  },
  {
    id: "sendgrid-api-key",
    description: "SendGrid API key",
    family: "messaging",
    keywords: ["sg."],
    pattern: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    examples: {
      truePositives: (f) => [`SENDGRID_API_KEY=${"SG." + f.base64url(22) + "." + f.base64url(43)}`],
      falsePositives: ["SENDGRID_API_KEY=SG.xxx.yyy"],
    },
  },
  {
    id: "mailgun-api-key",
    description: "Mailgun private API key",
    family: "messaging",
    keywords: ["key-", "mailgun"],
    pattern: /\b(key-[0-9a-f]{32})\b/,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`MAILGUN_API_KEY=${"key-" + f.hex(32)}`],
      falsePositives: ["api-key-value", "key-00000000000000000000000000000000"],
    },
  },
  {
    id: "mailchimp-api-key",
    description: "Mailchimp API key",
    family: "messaging",
    keywords: ["mailchimp", "mc_api", "chimp"],
    pattern: /\b([0-9a-f]{32}-us\d{1,2})\b/,
    examples: {
      truePositives: (f) => [`MAILCHIMP_API_KEY=${f.hex(32) + "-us21"}`],
      falsePositives: ["en-us1", "lang=en-us"],
    },
  },
  {
    id: "brevo-api-key",
    description: "Brevo (Sendinblue) API or SMTP key",
    family: "messaging",
    keywords: ["xkeysib-", "xsmtpsib-"],
    pattern: /\b(x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})\b/,
    examples: {
      truePositives: (f) => [`BREVO_API_KEY=${"xkeysib-" + f.hex(64) + "-" + f.alnum(16)}`],
      falsePositives: ["xkeysib-your-key"],
    },
  },
  {
    id: "microsoft-teams-webhook",
    description: "Microsoft Teams incoming webhook URL",
    family: "messaging",
    keywords: ["webhook.office.com"],
    pattern: /(https:\/\/[a-z0-9]+\.webhook\.office\.com\/webhookb2\/[a-z0-9-]{36}@[a-z0-9-]{36}\/IncomingWebhook\/[a-z0-9]{32}\/[a-z0-9-]{36})/i,
    examples: {
      truePositives: (f) => [`TEAMS_WEBHOOK=${"https://crm.webhook.office.com/webhookb2/" + f.uuid() + "@" + f.uuid() + "/IncomingWebhook/" + f.hex(32) + "/" + f.uuid()}`],
      falsePositives: ["https://crm.webhook.office.com/webhookb2/<id>"],
    },
  },
  {
    id: "postmark-server-token",
    description: "Postmark server token next to a postmark keyword",
    family: "messaging",
    keywords: ["postmark"],
    pattern: /postmark.{0,25}?(?:token|key).{0,5}?[=:]\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i,
    examples: {
      truePositives: (f) => [`POSTMARK_SERVER_TOKEN=${f.uuid()}`],
      falsePositives: ["POSTMARK_SERVER_TOKEN=<server-token>"],
    },
  },
  {
    id: "vonage-api-secret",
    description: "Vonage (Nexmo) API secret next to a vonage/nexmo keyword",
    family: "messaging",
    keywords: ["vonage", "nexmo"],
    pattern: /(?:vonage|nexmo).{0,20}?secret.{0,5}?[=:]\s*["']?([A-Za-z0-9]{16})\b/i,
    minEntropy: 3.3,
    examples: {
      truePositives: (f) => [`VONAGE_API_SECRET=${f.alnum(16)}`],
      falsePositives: ["VONAGE_API_SECRET=yourapisecret00"],
    },
  },
];
