/** AI platforms: OpenAI, Anthropic, Hugging Face, Groq, Replicate, Perplexity, xAI, Cohere, LangSmith, Pinecone… */
import type { SecretRule } from "./types.js";

export const aiRules: SecretRule[] = [
  {
    id: "anthropic-api-key",
    description: "Anthropic API or admin key",
    family: "ai",
    keywords: ["sk-ant-"],
    pattern: /\b(sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA)(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`ANTHROPIC_API_KEY=${"sk-ant-" + "api03-" + f.base64url(93) + "AA"}`],
      falsePositives: ["ANTHROPIC_API_KEY=sk-ant-api03-..."],
    },
  },
  {
    id: "openai-api-key",
    description: "OpenAI API key (user, project, service-account or admin)",
    family: "ai",
    keywords: ["t3blbkfj", "sk-proj-", "sk-svcacct-", "sk-admin-"],
    pattern: /\b(sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?(?:[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}|[A-Za-z0-9_-]{100,200}))(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`OPENAI_API_KEY=${"sk-proj-" + f.base64url(64) + "T3Blbk" + "FJ" + f.base64url(64)}`, `openai.api_key = "${"sk-" + f.alnum(20) + "T3Blbk" + "FJ" + f.alnum(20)}"`],
      falsePositives: ["OPENAI_API_KEY=sk-proj-your-key", "OPENAI_API_KEY=sk-...", "sk-ant-is-not-openai"],
    },
  },
  {
    id: "huggingface-token",
    description: "Hugging Face user or organization access token",
    family: "ai",
    keywords: ["hf_", "api_org_"],
    pattern: /\b((?:hf_|api_org_)[A-Za-z]{34})\b/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`HF_TOKEN=${"hf_" + f.chars(34, { from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" })}`],
      falsePositives: ["hf_hub_download", "HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
  },
  {
    id: "replicate-api-token",
    description: "Replicate API token",
    family: "ai",
    keywords: ["r8_"],
    pattern: /\b(r8_[A-Za-z0-9]{37})\b/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`REPLICATE_API_TOKEN=${"r8_" + f.alnum(37)}`],
      falsePositives: ["r8_token"],
    },
  },
  {
    id: "groq-api-key",
    description: "Groq API key",
    family: "ai",
    keywords: ["gsk_"],
    pattern: /\b(gsk_[A-Za-z0-9]{52})\b/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`GROQ_API_KEY=${"gsk_" + f.alnum(52)}`],
      falsePositives: ["gsk_key"],
    },
  },
  {
    id: "perplexity-api-key",
    description: "Perplexity API key",
    family: "ai",
    keywords: ["pplx-"],
    pattern: /\b(pplx-[A-Za-z0-9]{48})\b/,
    minEntropy: 3.5,
    examples: {
      truePositives: (f) => [`PPLX_API_KEY=${"pplx-" + f.alnum(48)}`],
      falsePositives: ["pplx-key"],
    },
  },
  {
    id: "xai-api-key",
    description: "xAI (Grok) API key",
    family: "ai",
    keywords: ["xai-"],
    pattern: /\b(xai-[A-Za-z0-9]{80})\b/,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`XAI_API_KEY=${"xai-" + f.alnum(80)}`],
      falsePositives: ["xai-sdk"],
    },
  },
  {
    id: "cohere-api-key",
    description: "Cohere API key next to a cohere keyword",
    family: "ai",
    keywords: ["cohere", "co_api_key"],
    pattern: /(?:cohere|co_api_key).{0,25}?[=:]\s*["']?([A-Za-z0-9]{40})\b/i,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`COHERE_API_KEY=${f.alnum(40)}`],
      falsePositives: ["COHERE_API_KEY=${COHERE_API_KEY}"],
    },
  },
  {
    id: "mistral-api-key",
    description: "Mistral AI API key next to a mistral keyword",
    family: "ai",
    keywords: ["mistral"],
    pattern: /mistral.{0,25}?[=:]\s*["']?([A-Za-z0-9]{32})\b/i,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`MISTRAL_API_KEY=${f.alnum(32)}`],
      falsePositives: ["MISTRAL_API_KEY=changeme"],
    },
  },
  {
    id: "deepseek-api-key",
    description: "DeepSeek API key next to a deepseek keyword",
    family: "ai",
    keywords: ["deepseek"],
    pattern: /deepseek.{0,25}?[=:]\s*["']?(sk-[a-f0-9]{32})\b/i,
    examples: {
      truePositives: (f) => [`DEEPSEEK_API_KEY=${"sk-" + f.hex(32)}`],
      falsePositives: ["DEEPSEEK_API_KEY=sk-..."],
    },
  },
  {
    id: "langsmith-api-key",
    description: "LangSmith / LangChain API key",
    family: "ai",
    keywords: ["lsv2_"],
    pattern: /\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b/,
    examples: {
      truePositives: (f) => [`LANGSMITH_API_KEY=${"lsv2_pt_" + f.hex(32) + "_" + f.hex(10)}`],
      falsePositives: ["lsv2_pt_key"],
    },
  },
  {
    id: "pinecone-api-key",
    description: "Pinecone API key",
    family: "ai",
    keywords: ["pcsk_"],
    // `pcsk_` + a 5–6 character key id + `_` + 63 characters.
    pattern: /\b(pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63})\b/,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`PINECONE_API_KEY=${"pcsk_" + f.alnum(6) + "_" + f.alnum(63)}`],
      falsePositives: ["pcsk_key", "pcsk__5qU9s3iLVFmaSaJtMat7gTHaT9fXa7ykiBk7iz4uUMuLGLemkdutTgwJevYhqtn"],
    },
  },
];
