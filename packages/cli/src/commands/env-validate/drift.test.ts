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
