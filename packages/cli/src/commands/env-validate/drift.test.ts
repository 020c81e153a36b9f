import { describe, expect, it } from "vitest";
import { findVariableReads } from "./drift.js";

const names = (text: string, file: string) => findVariableReads(text, file).map((read) => `${read.name}@${read.line}`);

describe("findVariableReads", () => {
  it.each([
    ["src/a.ts", "const url = process.env.API_URL;", ["API_URL@1"]],
    ["src/a.ts", "const k = process.env['STRIPE_KEY'] ?? ''", ["STRIPE_KEY@1"]],
    ["src/a.tsx", "fetch(import.meta.env.VITE_API_URL)", ["VITE_API_URL@1"]],
    ["src/a.ts", "if (import.meta.env.DEV) {}", []],
    ["src/a.mjs", "const { PORT, HOST: host = 'x' } = process.env;", ["PORT@1", "HOST@1"]],
    ["app/a.py", "import os\nx = os.environ['DATABASE_URL']", ["DATABASE_URL@2"]],
    ["app/a.py", "x = os.environ.get(\"REDIS_URL\", '')", ["REDIS_URL@1"]],
    ["app/a.py", "x = os.getenv('LOG_LEVEL')", ["LOG_LEVEL@1"]],
    ["app/a.py", "from os import environ, getenv\na = environ['A']\nb = environ.get('B')\nc = getenv('C')", ["A@2", "B@3", "C@4"]],
    ["app/a.py", "x = self.environ['NOT_OS']\ny = mygetenv('NOPE')\nz = wsgi.environ.get('PATH_INFO')", []],
    ["README.md", "process.env.NOPE", []],
  ])("%s: %j", (file, text, expected) => expect(names(text, file)).toEqual(expected));

  it("reads pydantic BaseSettings fields with prefix and aliases, skipping methods and model_config", () => {
    const source = [
      "from pydantic import Field",
      "from pydantic_settings import BaseSettings, SettingsConfigDict",
      "",
      "class Settings(BaseSettings):",
      '    model_config = SettingsConfigDict(env_prefix="CRM_")',
      "    database_url: str",
      "    secret_key: SecretStr = Field(alias='SECRET_KEY')",
      "    rate_limit_per_minute: int = 100",
      "    _private: int = 0",
      "",
      "    def dsn(self) -> str:",
      "        local: str = 'x'",
      "        return local",
      "",
      "class NotSettings(BaseModel):",
      "    ignored: str",
    ].join("\n");
    expect(names(source, "app/config.py")).toEqual(["CRM_DATABASE_URL@6", "SECRET_KEY@7", "CRM_RATE_LIMIT_PER_MINUTE@8"]);
  });
});

describe("findVariableReads: fallbacks and Settings annotations (what init infers @optional and @type from)", () => {
  const hints = (text: string, file: string) => findVariableReads(text, file).map((read) => [read.name, read.hasDefault, read.annotation]);

  it.each([
    ["app/a.py", "x = os.getenv('LOG_LEVEL')", [["LOG_LEVEL", false, undefined]]],
    ["app/a.py", "x = os.getenv('LOG_LEVEL', 'INFO')", [["LOG_LEVEL", true, undefined]]],
    ["app/a.py", "x = os.environ.get(\"REDIS_URL\" , None)", [["REDIS_URL", true, undefined]]],
    ["app/a.py", "x = os.environ['DATABASE_URL']", [["DATABASE_URL", false, undefined]]],
    ["src/a.ts", "const port = process.env.PORT ?? '3000'", [["PORT", true, undefined]]],
    ["src/a.ts", "const key = process.env['API_KEY'] || ''", [["API_KEY", true, undefined]]],
    ["src/a.ts", "const url = process.env.DATABASE_URL;", [["DATABASE_URL", false, undefined]]],
    ["src/a.ts", "webServer: process.env.BASE_URL ? undefined : {}", [["BASE_URL", true, undefined]]],
    ["src/a.ts", "const o = process.env.OPT?.trim()", [["OPT", false, undefined]]],
    ["src/a.mjs", "const { PORT = '3000', HOST } = process.env;", [["PORT", true, undefined], ["HOST", false, undefined]]],
  ])("%s: %s", (file, text, expected) => expect(hints(text, file)).toEqual(expected));

  it("gives each Settings field its annotation and whether it has a default", () => {
    const source = [
      "class Settings(BaseSettings):",
      "    SECRET_KEY: str",
      "    SMTP_PORT: int = 587",
      "    SENTRY_DSN: HttpUrl | None = None  # optional",
      '    ENVIRONMENT: Literal["local", "staging"] = "local"',
      "    TOKEN: str = Field(...)",
      "    OTHER: str = Field(alias='OTHER_NAME')",
      "    LIMIT: int = Field(default=5)",
      "    DEBUG: bool  # no default",
    ].join("\n");
    expect(hints(source, "app/config.py")).toEqual([
      ["SECRET_KEY", false, "str"],
      ["SMTP_PORT", true, "int"],
      ["SENTRY_DSN", true, "HttpUrl | None"],
      ["ENVIRONMENT", true, 'Literal["local", "staging"]'],
      ["TOKEN", false, "str"],
      ["OTHER_NAME", false, "str"],
      ["LIMIT", true, "int"],
      ["DEBUG", false, "bool"],
    ]);
  });
});
