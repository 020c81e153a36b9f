import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Project } from "./model.js";
import { TEST_PASSWORD, dependencyNames, detectServices, parseCompose, parseUrl, type ProjectEvidence } from "./services.js";

const api: Project = { dir: "backend", language: "python", frameworks: ["fastapi"], tool: "uv", manifests: ["backend/pyproject.toml"] };
const web: Project = { dir: ".", language: "javascript", frameworks: ["express"], tool: "npm", manifests: ["package.json"] };

function evidence(project: Project, dependencies: string[], variables: Record<string, string> = {}, testConfig: Record<string, string> = {}, readNames: string[] = []): ProjectEvidence {
  return {
    project,
    dependencies: new Set(dependencies),
    variables: new Map(Object.entries(variables).map(([name, value]) => [name, { value, from: ".env" }])),
    readNames,
    testConfig: new Map(Object.entries(testConfig)),
  };
}

// The repository's own passwords, made per run so nothing password-like is committed: none may reach CI.
const local = { dotenv: randomBytes(12).toString("hex"), root: randomBytes(12).toString("hex"), blog: randomBytes(12).toString("hex"), app: randomBytes(12).toString("hex") };

const compose = (services: string) => parseCompose(new Map([["compose.yml", `services:\n${services}`]]));

describe("detectServices: one service block per kind, as the compose file pins it", () => {
  it.each([
    {
      kind: "postgres",
      yaml: '  db:\n    image: postgres:18\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U postgres -d app"]\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?Variable not set}\n      - POSTGRES_DB=app\n',
      project: evidence(api, ["psycopg"], { POSTGRES_SERVER: "db", POSTGRES_PORT: "5432", POSTGRES_USER: "postgres", POSTGRES_PASSWORD: local.dotenv, POSTGRES_DB: "app" }),
      image: "postgres:18",
      containerEnv: { POSTGRES_USER: "postgres", POSTGRES_PASSWORD: TEST_PASSWORD, POSTGRES_DB: "app" },
      health: "pg_isready -U postgres -d app",
      appEnv: { POSTGRES_SERVER: "localhost", POSTGRES_PORT: "5432", POSTGRES_USER: "postgres", POSTGRES_PASSWORD: TEST_PASSWORD, POSTGRES_DB: "app" },
    },
    {
      kind: "postgres (a URL with ${VAR}; CI uses the usual port, not the laptop's 5433)",
      yaml: "  database:\n    image: postgres:16-alpine\n    ports: ['5433:5432']\n    environment:\n      POSTGRES_USER: crm\n      POSTGRES_DB: crm\n",
      project: evidence(api, ["asyncpg"], { DATABASE_URL: "postgresql+asyncpg://crm:${DB_PASSWORD}@database:5432/crm?ssl=disable" }),
      image: "postgres:16-alpine",
      containerEnv: { POSTGRES_USER: "crm", POSTGRES_PASSWORD: TEST_PASSWORD, POSTGRES_DB: "crm" },
      health: "pg_isready -U crm -d crm",
      appEnv: { DATABASE_URL: `postgresql+asyncpg://crm:${TEST_PASSWORD}@localhost:5432/crm?ssl=disable` },
    },
    {
      kind: "mysql",
      yaml: `  mysql:\n    image: mysql:8.0.36\n    environment:\n      MYSQL_DATABASE: shop\n      MYSQL_ROOT_PASSWORD: ${local.root}\n`,
      project: evidence(api, ["pymysql"], { DATABASE_URL: `mysql+pymysql://root:${local.root}@mysql:3306/shop` }),
      image: "mysql:8.0.36",
      containerEnv: { MYSQL_ROOT_PASSWORD: TEST_PASSWORD, MYSQL_DATABASE: "shop" },
      health: "mysqladmin ping -h 127.0.0.1 --silent",
      appEnv: { DATABASE_URL: `mysql+pymysql://root:${TEST_PASSWORD}@localhost:3306/shop` },
    },
    {
      kind: "mysql (the compose health check's root password is CI's test password, never the .env one)",
      yaml: '  mysql:\n    image: mysql:8.4\n    healthcheck:\n      test: ["CMD-SHELL", "mysqladmin ping -h localhost -u root -p${MYSQL_ROOT_PASSWORD}"]\n    environment:\n      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD}\n      MYSQL_DATABASE: shop\n',
      project: evidence(api, ["pymysql"], { MYSQL_ROOT_PASSWORD: local.dotenv, DATABASE_URL: "mysql+pymysql://root:${MYSQL_ROOT_PASSWORD}@mysql:3306/shop" }),
      image: "mysql:8.4",
      containerEnv: { MYSQL_ROOT_PASSWORD: TEST_PASSWORD, MYSQL_DATABASE: "shop" },
      health: `mysqladmin ping -h localhost -u root -p${TEST_PASSWORD}`,
      appEnv: { MYSQL_ROOT_PASSWORD: TEST_PASSWORD, DATABASE_URL: `mysql+pymysql://root:${TEST_PASSWORD}@localhost:3306/shop` },
    },
    {
      kind: "postgres (a health check variable CI does not set, filled from .env: the standard check instead)",
      yaml: '  db:\n    image: postgres:17\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U ${DB_ADMIN} -d app"]\n    environment:\n      POSTGRES_DB: app\n',
      project: evidence(api, ["psycopg"], { DB_ADMIN: local.dotenv, POSTGRES_SERVER: "db" }),
      image: "postgres:17",
      containerEnv: { POSTGRES_USER: "postgres", POSTGRES_PASSWORD: TEST_PASSWORD, POSTGRES_DB: "app" },
      health: "pg_isready -U postgres -d app",
      appEnv: { POSTGRES_SERVER: "localhost" },
    },
    {
      kind: "postgres (a password in the .env URL's query is dropped; the rest of the query stays)",
      yaml: "  db:\n    image: postgres:17\n",
      project: evidence(api, ["psycopg"], { DATABASE_URL: `postgresql://app@db:5432/app?sslmode=disable&password=${local.dotenv}` }),
      image: "postgres:17",
      containerEnv: { POSTGRES_USER: "app", POSTGRES_PASSWORD: TEST_PASSWORD, POSTGRES_DB: "app" },
      health: "pg_isready -U app -d app",
      appEnv: { DATABASE_URL: `postgresql://app:${TEST_PASSWORD}@localhost:5432/app?sslmode=disable` },
    },
    {
      kind: "mariadb",
      yaml: `  mariadb:\n    image: mariadb:11.4\n    environment:\n      MARIADB_DATABASE: blog\n      MARIADB_USER: blog\n      MARIADB_PASSWORD: ${local.blog}\n`,
      project: evidence(web, ["mysql2"], { DB_HOST: "mariadb", DB_USER: "blog", DB_PASSWORD: local.blog, DB_NAME: "blog" }),
      image: "mariadb:11.4",
      containerEnv: { MARIADB_ROOT_PASSWORD: TEST_PASSWORD, MARIADB_DATABASE: "blog", MARIADB_USER: "blog", MARIADB_PASSWORD: TEST_PASSWORD },
      health: "healthcheck.sh --connect --innodb_initialized",
      appEnv: { DB_HOST: "localhost", DB_USER: "blog", DB_PASSWORD: TEST_PASSWORD, DB_NAME: "blog" },
    },
    {
      kind: "redis",
      yaml: "  cache:\n    image: redis:7.4-alpine\n    healthcheck:\n      test: [CMD, redis-cli, ping]\n",
      project: evidence(api, ["redis"], { REDIS_URL: "redis://cache:6379/0" }),
      image: "redis:7.4-alpine",
      containerEnv: {},
      health: "redis-cli ping",
      appEnv: { REDIS_URL: "redis://localhost:6379/0" },
    },
    {
      kind: "valkey",
      yaml: "  kv:\n    image: valkey/valkey:8.1\n",
      project: evidence(web, ["ioredis"], { REDIS_HOST: "kv", REDIS_PORT: "6379" }),
      image: "valkey/valkey:8.1",
      containerEnv: {},
      health: "valkey-cli ping",
      appEnv: { REDIS_HOST: "localhost", REDIS_PORT: "6379" },
    },
    {
      kind: "mongo",
      yaml: "  mongodb:\n    image: mongo:7.0\n    ports:\n      - '27017:27017'\n",
      project: evidence(web, ["mongoose"], { MONGODB_URL: "mongodb://127.0.0.1:27017/app" }),
      image: "mongo:7.0",
      containerEnv: {},
      health: "mongosh --quiet --eval 'db.adminCommand({ping: 1}).ok'",
      appEnv: { MONGODB_URL: "mongodb://localhost:27017/app" },
    },
    {
      kind: "rabbitmq",
      yaml: `  broker:\n    image: rabbitmq:3.13-management\n    environment:\n      RABBITMQ_DEFAULT_USER: app\n      RABBITMQ_DEFAULT_PASS: ${local.app}\n`,
      project: evidence(api, ["aio-pika"], { AMQP_URL: `amqp://app:${local.app}@broker:5672/` }),
      image: "rabbitmq:3.13-management",
      containerEnv: { RABBITMQ_DEFAULT_USER: "app", RABBITMQ_DEFAULT_PASS: TEST_PASSWORD },
      health: "rabbitmq-diagnostics -q ping",
      appEnv: { AMQP_URL: `amqp://app:${TEST_PASSWORD}@localhost:5672/` },
    },
    {
      kind: "rabbitmq (guest only logs in from the container's loopback: CI gets its own user)",
      yaml: "  broker:\n    image: rabbitmq:4.0\n",
      project: evidence(api, ["celery"], { CELERY_BROKER_URL: "amqp://guest:guest@broker:5672//" }),
      image: "rabbitmq:4.0",
      containerEnv: { RABBITMQ_DEFAULT_USER: "ci", RABBITMQ_DEFAULT_PASS: TEST_PASSWORD },
      health: "rabbitmq-diagnostics -q ping",
      appEnv: { CELERY_BROKER_URL: `amqp://ci:${TEST_PASSWORD}@localhost:5672//` },
    },
  ])("$kind", ({ yaml, project, image, containerEnv, health, appEnv }) => {
    const { services } = detectServices(compose(yaml), new Map(), [project]);
    expect(services).toHaveLength(1);
    const [service] = services;
    expect({ image: service!.image, containerEnv: service!.containerEnv, health: service!.health, appEnv: service!.appEnv }).toEqual({ image, containerEnv, health, appEnv });
    // Never a password from the repository's files.
    for (const password of Object.values(local)) expect(JSON.stringify(service)).not.toContain(password);
  });

  it.each([
    // The legacy `mongo` shell is the image's shell up to 5.0; `mongosh` from 6.0 (docker-library/mongo).
    ["mongo:4", "mongo"],
    ["mongo:4.4", "mongo"],
    ["mongo:4.4.18-focal", "mongo"],
    ["mongo:5", "mongo"],
    ["mongo:5.0.31", "mongo"],
    ["mongo:6.0", "mongosh"],
    ["mongo:8.0-noble", "mongosh"],
    ["mongo:latest", "mongosh"],
    ["mongo", "mongosh"],
    // healthcheck.sh is in the MariaDB image from 2022-01-31 on (MariaDB/mariadb-docker f3c6fd2): not in 10.1 and
    // older, nor in 10.2–10.8 patch releases built before it.
    ["mariadb:5.5", "mysqladmin"],
    ["mariadb:10.1", "mysqladmin"],
    ["mariadb:10.1.48-focal", "mysqladmin"],
    ["mariadb:10.4.21", "mysqladmin"],
    ["mariadb:10.4.22", "healthcheck.sh"],
    ["mariadb:10.6", "healthcheck.sh"],
    ["mariadb:10", "healthcheck.sh"],
    ["mariadb:11.4", "healthcheck.sh"],
    ["mariadb", "healthcheck.sh"],
  ])("%s is checked with %s", (image, command) => {
    const project = image.startsWith("mongo") ? evidence(web, ["mongoose"], { MONGODB_URL: "mongodb://store:27017/app" }) : evidence(web, ["mysql2"], { DB_HOST: "store" });
    const [service] = detectServices(compose(`  store:\n    image: ${image}\n`), new Map(), [project]).services;
    expect(service!.health.split(" ")[0]).toBe(command);
  });

  it("an image built from a Dockerfile is its FROM; the tests' own database is the one the service creates", () => {
    const services = parseCompose(new Map([["docker-compose.yml", "services:\n  web-db:\n    build:\n      context: ./project/db\n      dockerfile: Dockerfile\n    environment:\n      - POSTGRES_USER=postgres\n      - POSTGRES_PASSWORD=postgres\n"]]));
    const project = evidence(api, ["asyncpg"], { DATABASE_URL: "postgres://postgres:postgres@web-db:5432/web_dev", DATABASE_TEST_URL: "postgres://postgres:postgres@web-db:5432/web_test" });
    const [service] = detectServices(services, new Map([["project/db/Dockerfile", "FROM postgres:16\nADD create.sql /docker-entrypoint-initdb.d\n"]]), [project]).services;
    expect(service).toMatchObject({ name: "web-db", image: "postgres:16", containerEnv: { POSTGRES_DB: "web_test" } });
    expect(service!.appEnv.DATABASE_TEST_URL).toBe(`postgres://postgres:${TEST_PASSWORD}@localhost:5432/web_test`);
  });

  it("an override file adds its ports; the base file's image stays", () => {
    const merged = parseCompose(
      new Map([
        ["compose.override.yml", "services:\n  db:\n    ports:\n      - '5433:5432'\n"],
        ["compose.yml", "services:\n  db:\n    image: postgres:17\n"],
      ]),
    );
    const [service] = detectServices(merged, new Map(), [evidence(api, ["psycopg2-binary"], {}, {}, ["DATABASE_URL"])]).services;
    expect(merged[0]!.ports).toEqual(["5433:5432"]);
    expect(service).toMatchObject({ image: "postgres:17", hostPort: 5432, appEnv: { DATABASE_URL: `postgresql://postgres:${TEST_PASSWORD}@localhost:5432/postgres` } });
  });

  it("without a compose file, a driver and a URL of its scheme still start the server, from init's default image", () => {
    const [service] = detectServices([], new Map(), [evidence(web, ["pg"], { DATABASE_URL: "postgres://app@localhost/app_test" })]).services;
    expect(service).toMatchObject({ kind: "postgres", image: "postgres:17", imageFrom: expect.stringContaining("default") });
  });
});

describe("detectServices: nothing when the tests do not need it", () => {
  const postgres = compose("  db:\n    image: postgres:17\n  cache:\n    image: redis:7\n");
  it.each([
    ["no driver among the dependencies", evidence(api, ["fastapi"], { DATABASE_URL: "postgresql://u:p@db/app" }), /no psycopg/],
    ["the tests start their own PostgreSQL (pytest-postgresql)", evidence(api, ["psycopg", "pytest-postgresql"]), /pytest-postgresql/],
    ["the tests run on SQLite", evidence(api, ["psycopg"], {}, { "backend/tests/conftest.py": 'engine = create_engine("sqlite://")\n' }), /SQLite \(backend\/tests\/conftest.py\)/],
    ["an in-memory MongoDB", evidence(web, ["mongoose", "mongodb-memory-server"], { MONGODB_URL: "mongodb://mongo:27017/x" }), undefined],
  ])("%s", (_, project, reason) => {
    const { services, skipped } = detectServices(postgres, new Map(), [project]);
    expect(services.filter((service) => service.kind === "postgres" || service.kind === "mongo")).toEqual([]);
    if (reason) expect(skipped.find((skip) => skip.kind === "postgres")?.reason).toMatch(reason);
  });

  it("no compose file and no URL: no service at all", () => {
    expect(detectServices([], new Map(), [evidence(api, ["psycopg", "redis"])])).toEqual({ services: [], skipped: [] });
  });

  it("a DATABASE_URL of another kind is left alone (sqlite is not rewritten to the server)", () => {
    const [service] = detectServices(postgres, new Map(), [evidence(api, ["psycopg"], { DATABASE_URL: "sqlite:///dev.db", POSTGRES_HOST: "db" })]).services;
    expect(service!.appEnv).toEqual({ POSTGRES_HOST: "localhost" });
  });
});

describe("helpers", () => {
  it.each([
    ["postgresql://postgres:${POSTGRES_PASSWORD}@localhost:5432/app", { scheme: "postgresql", user: "postgres", password: "${POSTGRES_PASSWORD}", host: "localhost", port: "5432", path: "/app", query: "" }],
    ["redis://cache", { scheme: "redis", host: "cache", path: "", query: "" }],
  ])("parseUrl(%s)", (url, parts) => expect(parseUrl(url)).toEqual(parts));

  it("dependencyNames reads requirements, pyproject strings, poetry keys and package.json", () => {
    const names = dependencyNames(
      new Map([
        ["requirements.txt", "psycopg2-binary==2.9.6\n# redis\n-r base.txt\n"],
        ["pyproject.toml", '[project]\ndependencies = ["psycopg[binary]>=3.3.4,<4.0.0", "Celery"]\n[tool.poetry.dependencies]\nasyncpg = "^0.29"\n'],
        ["package.json", JSON.stringify({ dependencies: { mongoose: "^8" }, devDependencies: { "mongodb-memory-server": "^10" } })],
      ]),
    );
    expect([...names].filter((name) => ["psycopg2-binary", "psycopg", "celery", "asyncpg", "mongoose", "mongodb-memory-server", "redis"].includes(name)).sort()).toEqual(["asyncpg", "celery", "mongodb-memory-server", "mongoose", "psycopg", "psycopg2-binary"]);
  });
});
