/**
 * The services (PostgreSQL, MySQL/MariaDB, Redis/Valkey, MongoDB, RabbitMQ) a project's tests
 * need in CI, from what the repository already says: its compose files (image, tag, health
 * check, port mapping, the app's own environment there), its env files, and its test
 * dependencies. Pure: scan.ts hands in the texts.
 *
 * The CI job gets a GitHub Actions `services:` entry per needed service and a job `env:` that
 * points the app at `localhost:<port>` with throwaway test credentials — never a password
 * from `.env`, which holds the developer's real ones.
 */
import { parse } from "yaml";
import type { Project } from "./model.js";

export type ServiceKind = "postgres" | "mysql" | "mariadb" | "redis" | "valkey" | "mongo" | "rabbitmq";

/** The password every generated service uses: a literal that says what it is. */
export const TEST_PASSWORD = "ci-test-only-password";

interface ServiceRule {
  kind: ServiceKind;
  /** The image's repository, without registry and tag: `postgres`, `bitnami/redis`. */
  image: RegExp;
  /** The image CI uses when no compose file names one (a driver and a URL still say the tests need it). */
  defaultImage: string;
  port: number;
  /** URL schemes that address it (`postgresql+asyncpg` is read as `postgresql`). */
  schemes: string[];
  /** Scheme written into a URL variable init has no value for. */
  scheme: string;
  /** Packages whose presence says the code talks to it. */
  drivers: { python: string[]; node: string[] };
  /** Packages that bring their own server or a fake for the tests: no service then. */
  ownServer: { python: string[]; node: string[] };
  /** Variable name prefixes of the app's settings for it (`POSTGRES_SERVER`, `REDIS_PORT`). */
  prefixes: string[];
  /** The image's own variables, from the compose file or defaulted. */
  containerEnv: (service: ResolvedSettings) => Record<string, string>;
  /** The default readiness probe (a compose `healthcheck` that quotes simply is preferred). */
  health: (service: ResolvedSettings) => string;
  /** Whether URLs carry user and password by default. */
  credentials: boolean;
}

/** What a service's connection settings resolve to in CI. */
export interface ResolvedSettings {
  user: string;
  database: string;
  /** The compose file's own values for the image's variables (a password is never kept). */
  composeEnv: Record<string, string>;
  imageTag: string;
}

const SQL_PREFIXES = ["DATABASE_", "DB_", "SQL_"];
const mysqlEnv = (prefix: "MYSQL" | "MARIADB") => (service: ResolvedSettings): Record<string, string> => {
  const env: Record<string, string> = { [`${prefix}_ROOT_PASSWORD`]: TEST_PASSWORD };
  if (service.database) env[`${prefix}_DATABASE`] = service.database;
  if (service.user && service.user !== "root") Object.assign(env, { [`${prefix}_USER`]: service.user, [`${prefix}_PASSWORD`]: TEST_PASSWORD });
  return env;
};

/** The version an image tag names (`4`, `4.4`, `4.4.18-focal`, `10.6.5`); undefined for `latest`, `jammy` or no tag. */
export function tagVersion(tag: string): { major: number; minor?: number; patch?: number } | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?=$|[-_])/.exec(tag);
  if (!match) return undefined;
  const [major, minor, patch] = match.slice(1, 4).map((part) => (part === undefined ? undefined : Number(part)));
  return { major: major!, ...(minor !== undefined ? { minor } : {}), ...(patch !== undefined ? { patch } : {}) };
}

/**
 * The official MariaDB image has shipped `healthcheck.sh` since MariaDB/mariadb-docker f3c6fd2 (2022-01-31),
 * which added it to the 10.2–10.8 images from these patch releases on; 10.1 and older never had it.
 * A minor-only tag (`10.6`) or a later series is rebuilt with it.
 */
const MARIADB_FIRST_PATCH_WITH_HEALTHCHECK: Record<string, number> = { "10.2": 41, "10.3": 32, "10.4": 22, "10.5": 13, "10.6": 5, "10.7": 1, "10.8": 0 };

function mariadbHasHealthcheckScript(tag: string): boolean {
  const version = tagVersion(tag);
  if (!version || version.minor === undefined) return !version || version.major >= 10;
  if (version.major < 10 || (version.major === 10 && version.minor < 2)) return false;
  const first = MARIADB_FIRST_PATCH_WITH_HEALTHCHECK[`${version.major}.${version.minor}`];
  return first === undefined || version.patch === undefined || version.patch >= first;
}

/** One rule per kind of service: how to recognise it and how to run it in CI. */
export const SERVICE_RULES: readonly ServiceRule[] = [
  {
    kind: "postgres",
    image: /(^|\/)(postgres|postgresql|postgis)$/,
    defaultImage: "postgres:17",
    port: 5432,
    schemes: ["postgres", "postgresql"],
    scheme: "postgresql",
    drivers: { python: ["psycopg", "psycopg-binary", "psycopg2", "psycopg2-binary", "asyncpg", "pg8000"], node: ["pg", "postgres", "pg-promise"] },
    ownServer: { python: ["pytest-postgresql", "testcontainers"], node: ["pg-mem", "@testcontainers/postgresql", "testcontainers"] },
    prefixes: ["POSTGRES_", "POSTGRESQL_", "PG", ...SQL_PREFIXES],
    containerEnv: (service) => ({ POSTGRES_USER: service.user, POSTGRES_PASSWORD: TEST_PASSWORD, POSTGRES_DB: service.database }),
    health: (service) => `pg_isready -U ${service.user} -d ${service.database}`,
    credentials: true,
  },
  {
    kind: "mariadb",
    image: /(^|\/)mariadb$/,
    defaultImage: "mariadb:11",
    port: 3306,
    schemes: ["mysql", "mariadb"],
    scheme: "mysql",
    drivers: { python: ["mysqlclient", "pymysql", "aiomysql", "asyncmy", "mariadb", "mysql-connector-python"], node: ["mysql", "mysql2", "mariadb"] },
    ownServer: { python: ["testcontainers"], node: ["testcontainers", "@testcontainers/mariadb"] },
    prefixes: ["MARIADB_", "MYSQL_", ...SQL_PREFIXES],
    containerEnv: (service) => mysqlEnv(Object.keys(service.composeEnv).some((name) => name.startsWith("MYSQL_")) ? "MYSQL" : "MARIADB")(service),
    health: (service) => (mariadbHasHealthcheckScript(service.imageTag) ? "healthcheck.sh --connect --innodb_initialized" : "mysqladmin ping -h 127.0.0.1 --silent"),
    credentials: true,
  },
  {
    kind: "mysql",
    image: /(^|\/)(mysql|mysql-server)$/,
    defaultImage: "mysql:8.4",
    port: 3306,
    schemes: ["mysql"],
    scheme: "mysql",
    drivers: { python: ["mysqlclient", "pymysql", "aiomysql", "asyncmy", "mysql-connector-python"], node: ["mysql", "mysql2"] },
    ownServer: { python: ["testcontainers"], node: ["testcontainers", "@testcontainers/mysql"] },
    prefixes: ["MYSQL_", ...SQL_PREFIXES],
    containerEnv: mysqlEnv("MYSQL"),
    health: () => "mysqladmin ping -h 127.0.0.1 --silent",
    credentials: true,
  },
  {
    kind: "redis",
    image: /(^|\/)(redis|redis-stack|redis-stack-server)$/,
    defaultImage: "redis:7",
    port: 6379,
    schemes: ["redis", "rediss"],
    scheme: "redis",
    drivers: { python: ["redis", "aioredis", "django-redis", "rq", "celery"], node: ["redis", "ioredis", "bull", "bullmq"] },
    ownServer: { python: ["fakeredis", "testcontainers"], node: ["ioredis-mock", "redis-mock", "redis-memory-server", "testcontainers"] },
    prefixes: ["REDIS_", "CACHE_", "CELERY_BROKER_", "BROKER_"],
    containerEnv: () => ({}),
    health: () => "redis-cli ping",
    credentials: false,
  },
  {
    kind: "valkey",
    image: /(^|\/)valkey$/,
    defaultImage: "valkey/valkey:8",
    port: 6379,
    schemes: ["redis", "rediss", "valkey"],
    scheme: "redis",
    drivers: { python: ["redis", "valkey", "celery"], node: ["redis", "ioredis", "iovalkey", "bullmq"] },
    ownServer: { python: ["fakeredis", "testcontainers"], node: ["ioredis-mock", "redis-mock", "testcontainers"] },
    prefixes: ["VALKEY_", "REDIS_", "CACHE_", "BROKER_"],
    containerEnv: () => ({}),
    health: () => "valkey-cli ping",
    credentials: false,
  },
  {
    kind: "mongo",
    image: /(^|\/)(mongo|mongodb-community-server)$/,
    defaultImage: "mongo:8",
    port: 27017,
    schemes: ["mongodb"],
    scheme: "mongodb",
    drivers: { python: ["pymongo", "motor", "mongoengine", "beanie"], node: ["mongodb", "mongoose"] },
    ownServer: { python: ["mongomock", "testcontainers"], node: ["mongodb-memory-server", "mongodb-memory-server-core", "testcontainers"] },
    prefixes: ["MONGO_", "MONGODB_"],
    containerEnv: (service): Record<string, string> => (service.composeEnv.MONGO_INITDB_ROOT_USERNAME ? { MONGO_INITDB_ROOT_USERNAME: service.user, MONGO_INITDB_ROOT_PASSWORD: TEST_PASSWORD } : {}),
    // Up to 5.0 the image's shell package is the legacy `mongo` shell (its entrypoint looks for `mongo` first);
    // 6.0 dropped it for `mongosh`.
    health: (service) => `${(tagVersion(service.imageTag)?.major ?? Infinity) <= 5 ? "mongo" : "mongosh"} --quiet --eval 'db.adminCommand({ping: 1}).ok'`,
    credentials: false,
  },
  {
    kind: "rabbitmq",
    image: /(^|\/)rabbitmq$/,
    defaultImage: "rabbitmq:4",
    port: 5672,
    schemes: ["amqp", "amqps"],
    scheme: "amqp",
    drivers: { python: ["pika", "aio-pika", "kombu", "celery", "faststream"], node: ["amqplib", "amqp-connection-manager"] },
    ownServer: { python: ["testcontainers"], node: ["testcontainers"] },
    prefixes: ["RABBITMQ_", "RABBIT_", "AMQP_", "BROKER_"],
    // RabbitMQ lets `guest` in from loopback only, and the runner reaches the container through Docker's bridge.
    containerEnv: (service) => ({ RABBITMQ_DEFAULT_USER: service.user, RABBITMQ_DEFAULT_PASS: TEST_PASSWORD }),
    health: () => "rabbitmq-diagnostics -q ping",
    credentials: true,
  },
];

export function ruleOf(kind: ServiceKind): ServiceRule {
  return SERVICE_RULES.find((rule) => rule.kind === kind)!;
}

/** One service of a compose file, after merging the files that define it. */
export interface ComposeService {
  name: string;
  /** Where it is defined first, e.g. compose.yml:19. */
  at: string;
  image?: string;
  /** The Dockerfile a `build:` names, relative to the repository root (its FROM gives the image). */
  dockerfile?: string;
  /** `environment:` as written (list or map), values unexpanded. */
  environment: Record<string, string>;
  ports: string[];
  /** The compose health check's command, as one shell line, when it has one. */
  healthcheck?: string;
  dependsOn: string[];
}

/** Base files first, then overrides, then test/CI variants; production files last (their images are what we run, not their ports). */
export function composeOrder(file: string): number {
  const name = file.split("/").pop()!;
  if (/^(docker-)?compose\.ya?ml$/.test(name)) return 0;
  if (/\.override\./.test(name)) return 1;
  if (/\.(test|tests|ci|testing)\./.test(name)) return 2;
  if (/\.prod(uction)?\./.test(name)) return 4;
  return 3;
}

function lineOf(text: string, key: string): number {
  const index = text.split("\n").findIndex((line) => new RegExp(`^\\s{1,8}${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:`).test(line));
  return index + 1;
}

function asEnvironment(value: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = String(item);
      const equals = text.indexOf("=");
      if (equals > 0) env[text.slice(0, equals).trim()] = text.slice(equals + 1).trim();
    }
  } else if (value && typeof value === "object") {
    for (const [name, item] of Object.entries(value)) if (item !== null && item !== undefined) env[name] = String(item);
  }
  return env;
}

function healthCommand(value: unknown): string | undefined {
  const test = (value as { test?: unknown } | undefined)?.test;
  if (typeof test === "string") return test.replace(/^CMD-SHELL\s+/, "");
  if (!Array.isArray(test) || test.length < 2) return undefined;
  const [form, ...rest] = test.map(String);
  if (form === "CMD-SHELL") return rest.join(" ");
  if (form === "CMD" && rest.every((part) => /^[\w@%+=:,./-]+$/.test(part))) return rest.join(" ");
  return undefined;
}

/**
 * The services of every compose file, merged by name: what a later file adds (ports in an
 * override) is kept; an earlier file's image stays. A file that is not YAML is skipped — docker
 * compose would refuse it too, and init is not the place to report it.
 */
export function parseCompose(texts: ReadonlyMap<string, string>): ComposeService[] {
  const merged = new Map<string, ComposeService>();
  const files = [...texts.keys()].sort((a, b) => composeOrder(a) - composeOrder(b) || a.localeCompare(b));
  for (const file of files) {
    const text = texts.get(file)!;
    let document: unknown;
    try {
      document = parse(text);
    } catch {
      continue;
    }
    const services = (document as { services?: Record<string, unknown> } | null)?.services;
    if (!services || typeof services !== "object") continue;
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
    for (const [name, raw] of Object.entries(services)) {
      const spec = (raw ?? {}) as Record<string, unknown>;
      const service = merged.get(name) ?? { name, at: `${file}:${lineOf(text, name)}`, environment: {}, ports: [], dependsOn: [] };
      if (typeof spec.image === "string" && !service.image) service.image = spec.image;
      const build = spec.build;
      if (build && !service.dockerfile && !service.image) {
        const context = typeof build === "string" ? build : String((build as { context?: unknown }).context ?? ".");
        const dockerfile = typeof build === "object" && typeof (build as { dockerfile?: unknown }).dockerfile === "string" ? (build as { dockerfile: string }).dockerfile : "Dockerfile";
        const path = normalisePath(`${dir}/${context}/${dockerfile}`);
        if (path) service.dockerfile = path;
      }
      service.environment = { ...asEnvironment(spec.environment), ...service.environment };
      for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
        const text = typeof port === "object" && port ? `${(port as { published?: unknown }).published ?? ""}:${(port as { target?: unknown }).target ?? ""}` : String(port);
        if (!service.ports.includes(text)) service.ports.push(text);
      }
      service.healthcheck ??= healthCommand(spec.healthcheck);
      const depends = Array.isArray(spec.depends_on) ? spec.depends_on.map(String) : spec.depends_on && typeof spec.depends_on === "object" ? Object.keys(spec.depends_on) : [];
      for (const dependency of depends) if (!service.dependsOn.includes(dependency)) service.dependsOn.push(dependency);
      merged.set(name, service);
    }
  }
  return [...merged.values()];
}

function normalisePath(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

/** The image of a Dockerfile's last stage (`FROM postgres:16` + an init script is still PostgreSQL 16). */
export function dockerfileImage(text: string): string | undefined {
  const froms = [...text.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/gim)].map((match) => match[1]!);
  return froms.at(-1);
}

/** `${NAME:-default}` / `${NAME}` in a compose value, with the values the env files give (defaults otherwise). */
export function interpolate(value: string, known: ReadonlyMap<string, string>): string {
  return value.replace(/\$\{([A-Za-z_]\w*)(?::?([-?+])([^}]*))?\}/g, (_, name: string, operator: string | undefined, operand: string | undefined) => {
    const set = known.get(name);
    if (set !== undefined && set !== "") return operator === "+" ? (operand ?? "") : set;
    return operator === "-" ? (operand ?? "") : "";
  });
}

/**
 * `${NAME}` / `${NAME:-default}` filled from `values` alone; undefined when the text names a variable
 * `values` lacks, so the caller keeps its own command rather than one with a hole or a guessed value.
 */
export function interpolateOnly(value: string, values: Readonly<Record<string, string>>): string | undefined {
  const names = [...value.matchAll(/\$\{([A-Za-z_]\w*)/g)].map((match) => match[1]!);
  if (names.some((name) => !Object.hasOwn(values, name) || values[name] === "")) return undefined;
  return interpolate(value, new Map(Object.entries(values)));
}

function imageName(image: string): { repository: string; tag: string } {
  const withoutDigest = image.split("@")[0]!;
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : "";
  const repository = (colon > slash ? withoutDigest.slice(0, colon) : withoutDigest).replace(/^(docker\.io|registry-1\.docker\.io|public\.ecr\.aws|ghcr\.io|quay\.io|mirror\.gcr\.io)\//, "").replace(/^library\//, "");
  return { repository, tag };
}

export function kindOfImage(image: string): ServiceKind | undefined {
  const { repository } = imageName(image);
  return SERVICE_RULES.find((rule) => rule.image.test(repository))?.kind;
}

/** A URL's parts, lenient about `${VAR}` in any of them. */
export interface UrlParts {
  scheme: string;
  user?: string;
  password?: string;
  host: string;
  port?: string;
  path: string;
  query: string;
}

export function parseUrl(value: string): UrlParts | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:([^:@/]*)(?::([^@]*))?@)?([^:/?#]*)(?::([^/?#]*))?(\/[^?#]*)?(\?[^#]*)?$/i.exec(value.trim());
  if (!match) return undefined;
  return { scheme: match[1]!.toLowerCase(), ...(match[2] ? { user: match[2] } : {}), ...(match[3] !== undefined ? { password: match[3] } : {}), host: match[4]!, ...(match[5] ? { port: match[5] } : {}), path: match[6] ?? "", query: match[7] ?? "" };
}

const baseScheme = (scheme: string) => scheme.split("+")[0]!;

/** What the repository says about one project's tests, handed in by scan.ts. */
export interface ProjectEvidence {
  project: Project;
  /** Package names the project depends on, normalised (lowercase, `_` → `-`). */
  dependencies: ReadonlySet<string>;
  /** Variables of its env files and example, and of the compose services that run its code: name → value as written. */
  variables: ReadonlyMap<string, { value: string; from: string }>;
  /** Variables its code reads that no file gives a value. */
  readNames: readonly string[];
  /** Test configuration texts (conftest.py, pytest config, `.env.test`): a SQLite URL there means the SQL server is not needed. */
  testConfig: ReadonlyMap<string, string>;
}

/** A service a project's tests need in CI. */
export interface TestService {
  kind: ServiceKind;
  /** The compose service's name (`db`), or the kind when no compose file defines it. */
  name: string;
  image: string;
  /** Where the image came from: `compose.yml:19`, `project/db/Dockerfile` via `docker-compose.yml:21`, or "init's default". */
  imageFrom: string;
  /** Container port, and the runner's port it is published on. */
  port: number;
  hostPort: number;
  containerEnv: Record<string, string>;
  health: string;
  /** Why init thinks the tests need it, in a few words each. */
  evidence: string[];
  /** The app's variables pointed at it: name → CI value. */
  appEnv: Record<string, string>;
  /** Projects whose tests use it. */
  projects: Project[];
}

/** Why a compose service was not given to CI, for the workflow's comment. */
export interface SkippedService {
  name: string;
  kind: ServiceKind;
  reason: string;
}

function hasAny(dependencies: ReadonlySet<string>, names: readonly string[]): string | undefined {
  return names.find((name) => dependencies.has(name));
}

function namePrefixed(name: string, rule: ServiceRule): boolean {
  return rule.prefixes.some((prefix) => name.startsWith(prefix));
}

/** A variable that addresses the service: by URL scheme, by the compose host name, or by a settings name such as POSTGRES_SERVER. */
function addresses(name: string, value: string, rule: ServiceRule, composeName: string | undefined): boolean {
  const url = parseUrl(value);
  if (url && rule.schemes.includes(baseScheme(url.scheme))) return true;
  if (url && composeName && url.host === composeName) return true;
  if (composeName && value === composeName && /(HOST|SERVER|HOSTNAME)$/.test(name)) return true;
  // A URL of another kind (DATABASE_URL=sqlite://…) is not this service's, whatever its name says.
  return !url && namePrefixed(name, rule);
}

function sqlite(testConfig: ReadonlyMap<string, string>): string | undefined {
  for (const [file, text] of testConfig) if (/sqlite(\+\w+)?:\/\/|django\.db\.backends\.sqlite3/.test(text)) return file;
  return undefined;
}

/** A compose health command that survives being put in double quotes inside `options:`. */
function usableHealth(command: string | undefined): string | undefined {
  return command && !/["'`$\\]/.test(command) ? command : undefined;
}

/** The image a compose service runs: its `image:` (interpolated), else the FROM of the Dockerfile it builds. */
export function resolveImage(service: ComposeService, dockerfiles: ReadonlyMap<string, string>, known: ReadonlyMap<string, string> = new Map()): { image: string; imageFrom: string } | undefined {
  if (service.image) return { image: interpolate(service.image, known), imageFrom: service.at };
  const text = service.dockerfile ? dockerfiles.get(service.dockerfile) : undefined;
  const image = text === undefined ? undefined : dockerfileImage(text);
  return image ? { image, imageFrom: `${service.dockerfile} (FROM), built by ${service.at}` } : undefined;
}

interface Candidate {
  rule: ServiceRule;
  compose?: ComposeService;
  image: string;
  imageFrom: string;
}

/**
 * The services each project's tests need. A service is needed when the repository names it
 * (a compose service, or an env URL with its scheme) and the project's code can talk to it (a
 * driver among its dependencies) — unless its tests bring their own (pytest-postgresql,
 * mongodb-memory-server, fakeredis, testcontainers) or run on SQLite.
 */
export function detectServices(compose: readonly ComposeService[], dockerfiles: ReadonlyMap<string, string>, projects: readonly ProjectEvidence[]): { services: TestService[]; skipped: SkippedService[] } {
  const known = new Map<string, string>();
  for (const evidence of projects) for (const [name, { value }] of evidence.variables) if (!known.has(name)) known.set(name, value);
  const candidates: Candidate[] = [];
  for (const service of compose) {
    const resolved = resolveImage(service, dockerfiles, known);
    const kind = resolved && kindOfImage(resolved.image);
    if (resolved && kind && !candidates.some((candidate) => candidate.rule.kind === kind)) candidates.push({ rule: ruleOf(kind), compose: service, ...resolved });
  }

  const services: TestService[] = [];
  const skipped: SkippedService[] = [];
  for (const rule of SERVICE_RULES) {
    const fromCompose = candidates.find((candidate) => candidate.rule === rule);
    for (const evidence of projects) {
      const language = evidence.project.language === "python" ? "python" : "node";
      const driver = hasAny(evidence.dependencies, rule.drivers[language]);
      const urlVariable = [...evidence.variables].find(([, { value }]) => {
        const url = parseUrl(value);
        return url && rule.schemes.includes(baseScheme(url.scheme));
      });
      if (!fromCompose && !urlVariable) continue;
      // Redis and Valkey (MySQL and MariaDB) answer the same URLs: without a compose service, a URL means the
      // compose file's sibling when it has one, else the better-known server.
      const sibling = candidates.some((candidate) => candidate.rule !== rule && candidate.rule.schemes.some((scheme) => rule.schemes.includes(scheme)));
      if (!fromCompose && (sibling || rule.kind === "valkey" || rule.kind === "mariadb")) continue;
      const name = fromCompose?.compose?.name ?? rule.kind;
      if (!driver) {
        if (fromCompose) skipped.push({ name, kind: rule.kind, reason: `no ${rule.drivers[language].slice(0, 3).join("/")}… among ${evidence.project.dir === "." ? "the" : `${evidence.project.dir}/'s`} dependencies` });
        continue;
      }
      const own = hasAny(evidence.dependencies, rule.ownServer[language]);
      if (own) {
        skipped.push({ name, kind: rule.kind, reason: `the tests bring their own (${own})` });
        continue;
      }
      const sqliteFile = ["postgres", "mysql", "mariadb"].includes(rule.kind) ? sqlite(evidence.testConfig) : undefined;
      if (sqliteFile && !rule.schemes.some((scheme) => [...evidence.testConfig.values()].some((text) => text.includes(`${scheme}://`)))) {
        skipped.push({ name, kind: rule.kind, reason: `the tests use SQLite (${sqliteFile})` });
        continue;
      }
      const existing = services.find((service) => service.kind === rule.kind);
      const reasons = [
        `${driver} among ${evidence.project.dir === "." ? "the" : `${evidence.project.dir}/'s`} dependencies`,
        urlVariable ? `${urlVariable[0]} in ${urlVariable[1].from}` : undefined,
      ].filter((reason): reason is string => reason !== undefined);
      if (existing) {
        existing.projects.push(evidence.project);
        Object.assign(existing.appEnv, { ...appEnvironment(rule, evidence, existing), ...existing.appEnv });
        continue;
      }
      const candidate: Candidate = fromCompose ?? { rule, image: rule.defaultImage, imageFrom: "init's default: no compose file names one" };
      services.push(buildService(candidate, evidence, reasons, known));
    }
  }
  return { services, skipped: skipped.filter((skip, index) => !services.some((service) => service.kind === skip.kind) && skipped.findIndex((other) => other.name === skip.name) === index) };
}

function buildService(candidate: Candidate, evidence: ProjectEvidence, reasons: string[], known: ReadonlyMap<string, string>): TestService {
  const { rule, compose } = candidate;
  // The image's variables as compose sets them, `${VAR}` filled from the env files for the user and database
  // names; a password's value is not even read (the name stays: it says which variables the image takes).
  const composeEnv = Object.fromEntries(Object.entries(compose?.environment ?? {}).map(([name, value]) => [name, /PASS|SECRET|TOKEN/.test(name) ? "" : interpolate(value, known)]));
  const urls = [...evidence.variables].map(([name, { value }]) => ({ name, url: parseUrl(value) })).filter(({ url }) => url && (rule.schemes.includes(baseScheme(url.scheme)) || (compose && url.host === compose.name)));
  const literal = (text: string | undefined) => (text && !text.includes("$") ? text : undefined);
  // The tests' own database first (DATABASE_TEST_URL), then the one the app's URL names, then the image's variable.
  const testUrl = urls.find(({ name }) => /TEST/.test(name)) ?? urls[0];
  const urlDatabase = literal(testUrl?.url?.path.replace(/^\//, ""));
  const composeUser = literal(composeEnv.POSTGRES_USER ?? composeEnv.MYSQL_USER ?? composeEnv.MARIADB_USER ?? composeEnv.MONGO_INITDB_ROOT_USERNAME ?? composeEnv.RABBITMQ_DEFAULT_USER);
  const composeDatabase = literal(composeEnv.POSTGRES_DB ?? composeEnv.MYSQL_DATABASE ?? composeEnv.MARIADB_DATABASE);
  const defaultUser = { postgres: "postgres", mysql: "root", mariadb: "root", mongo: "root", rabbitmq: "ci" }[rule.kind as string] ?? "";
  const urlUser = literal(testUrl?.url?.user);
  const user = composeUser ?? (rule.kind === "rabbitmq" && urlUser === "guest" ? undefined : urlUser) ?? defaultUser;
  const database = (rule.kind === "postgres" || rule.kind === "mysql" || rule.kind === "mariadb" ? urlDatabase ?? composeDatabase ?? (rule.kind === "postgres" ? user : "test") : "") || "";
  const { tag } = imageName(candidate.image);
  const settings: ResolvedSettings = { user, database, composeEnv, imageTag: tag };
  const service: TestService = {
    kind: rule.kind,
    name: compose?.name ?? rule.kind,
    image: candidate.image,
    imageFrom: candidate.imageFrom,
    port: rule.port,
    // The runner's port is the server's usual one even when a compose override publishes another (5433:5432 keeps a
    // laptop's own PostgreSQL free): nothing else listens there on a runner, and an app that defaults its port then
    // finds the server without a variable init could not name.
    hostPort: rule.port,
    containerEnv: Object.fromEntries(Object.entries(rule.containerEnv(settings)).filter(([, value]) => value !== "")),
    health: "",
    evidence: reasons,
    appEnv: {},
    projects: [evidence.project],
  };
  // The compose health check is filled with CI's own values only (the container's user, database and test
  // password): `.env` holds the developer's real password, and the health command is written into the workflow.
  service.health = usableHealth(compose?.healthcheck && interpolateOnly(compose.healthcheck, service.containerEnv)) ?? rule.health(settings);
  service.appEnv = appEnvironment(rule, evidence, service);
  return service;
}

/** Query parameters that carry a credential (`?password=…`, `sslpassword`, `token`): never copied from the repository's files. */
const SECRET_PARAMETER = /pass|secret|token|key|auth(?!Source|Mechanism)/i;

/** A URL's query as CI may use it: without `${VAR}` parameters and without credential parameters. */
function safeQuery(query: string): string {
  const kept = query
    .replace(/^\?/, "")
    .split("&")
    .filter((parameter) => parameter && !parameter.includes("$") && !SECRET_PARAMETER.test(parameter.split("=")[0]!));
  return kept.length ? `?${kept.join("&")}` : "";
}

/**
 * The app's variables for this service, as CI sets them: URLs rebuilt on localhost:<port> with
 * the test password (user, scheme and database as the repository wrote them — never its
 * password), host settings → localhost, port, user, database and password settings by name.
 */
function appEnvironment(rule: ServiceRule, evidence: ProjectEvidence, service: Pick<TestService, "name" | "hostPort" | "containerEnv">): Record<string, string> {
  const env: Record<string, string> = {};
  const user = service.containerEnv.POSTGRES_USER ?? service.containerEnv.MYSQL_USER ?? service.containerEnv.MARIADB_USER ?? service.containerEnv.MONGO_INITDB_ROOT_USERNAME ?? service.containerEnv.RABBITMQ_DEFAULT_USER ?? (rule.kind === "mysql" || rule.kind === "mariadb" ? "root" : "");
  const database = service.containerEnv.POSTGRES_DB ?? service.containerEnv.MYSQL_DATABASE ?? service.containerEnv.MARIADB_DATABASE ?? "";
  const names = new Map<string, string>([...evidence.variables].map(([name, { value }]) => [name, value]));
  for (const name of evidence.readNames) if (!names.has(name)) names.set(name, "");
  const credentials = user ? `${user}${rule.credentials || service.containerEnv.MONGO_INITDB_ROOT_PASSWORD || service.containerEnv.RABBITMQ_DEFAULT_PASS ? `:${TEST_PASSWORD}` : ""}@` : "";
  for (const [name, value] of names) {
    if (!addresses(name, value, rule, service.name)) continue;
    const url = parseUrl(value);
    if (url) {
      const path = url.path.includes("$") ? (database ? `/${database}` : "") : url.path;
      env[name] = `${url.scheme}://${credentials}localhost:${service.hostPort}${path}${safeQuery(url.query)}`;
    } else if (/_(URL|URI|DSN)$/.test(name) && value === "") {
      env[name] = `${rule.scheme}://${credentials}localhost:${service.hostPort}${database ? `/${database}` : ""}`;
    } else if (/(HOST|SERVER|HOSTNAME)$/.test(name)) env[name] = "localhost";
    else if (/PORT$/.test(name)) env[name] = String(service.hostPort);
    else if (/(USER|USERNAME)$/.test(name) && user) env[name] = user;
    else if (/(PASSWORD|PASS|PWD)$/.test(name) && user) env[name] = TEST_PASSWORD;
    else if (/(_DB|_DATABASE|_NAME|_DB_NAME)$/.test(name) && database) env[name] = database;
  }
  return env;
}

/** Package names in Python manifests (requirements, pyproject, Pipfile) and package.json, normalised as pip compares them. */
export function dependencyNames(manifests: ReadonlyMap<string, string>): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => names.add(name.toLowerCase().replace(/[_.]/g, "-"));
  for (const [file, text] of manifests) {
    if (file.endsWith("package.json")) {
      try {
        const pkg = JSON.parse(text) as Record<string, unknown>;
        for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) for (const name of Object.keys((pkg[field] as object | undefined) ?? {})) names.add(name);
      } catch {
        // scan.ts reports a malformed package.json with its line; here it only gives no names.
      }
    } else if (/requirements[-\w]*\.txt$/.test(file)) {
      for (const match of text.matchAll(/^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)/gm)) add(match[1]!);
    } else {
      // pyproject.toml (PEP 621 strings, poetry keys) and Pipfile keys: over-inclusive, which only costs unused names.
      for (const match of text.matchAll(/["']([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(\[[^\]]*\])?\s*([<>=~!;@ ][^"']*)?["']/g)) add(match[1]!);
      for (const match of text.matchAll(/^([A-Za-z0-9][A-Za-z0-9_.-]*)\s*=/gm)) add(match[1]!);
    }
  }
  return names;
}
