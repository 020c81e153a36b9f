/**
 * A stateful fake of the Vercel REST API operations `@vercel/client` and `crm-devex preview` use: file upload
 * (`missing_files` on create until every file is there), deployment create and polling through
 * QUEUED → BUILDING → READY (or ERROR with build events), per-deployment env, aliases and deletion.
 *
 * @example
 * const vercel = new FakeVercel();
 * await vercel.start();
 * vercel.addToken("vercel-test-token", "team_crm");
 * vercel.addProject({ id: "prj_crm", name: "crm" });
 */
import { createHash } from "node:crypto";
import { FakeApi, type HandlerRequest, type Reply } from "../server.js";
import { loadSubset } from "../schema.js";

export interface FakeDeployment {
  id: string;
  url: string;
  name: string;
  projectId: string;
  teamId: string;
  meta: Record<string, string>;
  /** Runtime env the deployment was created with (`env`). */
  env: Record<string, string>;
  /** Build-time env (`build.env`). */
  buildEnv: Record<string, string>;
  files: { file: string; sha: string; size: number }[];
  readyState: "QUEUED" | "BUILDING" | "READY" | "ERROR";
  createdAt: number;
  /** GETs left answering BUILDING before the deployment settles. */
  pollsLeft: number;
  failure?: { message: string; log: string[] };
  aliasAssignedAt?: number;
}

export interface FakeAlias {
  uid: string;
  alias: string;
  deploymentId: string;
  projectId: string;
  created: number;
}

const vercelError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  body: { error: { code, message, ...extra } },
});

/** A hostname label as Vercel accepts it: lowercase letters, digits and inner hyphens, at most 63 characters. */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export class FakeVercel extends FakeApi {
  private readonly tokens = new Map<string, string>();
  private readonly slugs = new Map<string, string>();
  private readonly projects: { id: string; name: string }[] = [];
  readonly uploaded = new Map<string, Buffer>();
  readonly deployments = new Map<string, FakeDeployment>();
  readonly aliases = new Map<string, FakeAlias>();
  /** How many status polls answer BUILDING before READY; 0 settles on the first poll. */
  buildPolls = 0;
  private pendingFailure: FakeDeployment["failure"];
  private serial = 0;
  private clock = Date.parse("2026-01-05T10:00:00Z");

  constructor() {
    super(loadSubset(new URL("./openapi-subset.json", import.meta.url)), {
      notFound: (message) => vercelError(404, "not_found", message),
      invalid: (problems) => vercelError(400, "bad_request", `Invalid request: ${problems.join("; ")}`),
      unauthenticated: () => vercelError(403, "forbidden", "The request is missing an authentication token", { missingToken: true }),
    });
  }

  private requests = 0;

  /** Vercel names every request in `x-vercel-id` (region and id), what its support asks for. */
  protected override commonHeaders(): Record<string, string> {
    this.requests += 1;
    return { "x-vercel-id": `iad1::fake-${String(this.requests).padStart(5, "0")}` };
  }

  /** Accept `token` for `teamId`. */
  addToken(token: string, teamId: string): void {
    this.tokens.set(token, teamId);
  }

  /** A team's slug, accepted as `?slug=` in place of `?teamId=`. */
  addTeamSlug(slug: string, teamId: string): void {
    this.slugs.set(slug, teamId);
  }

  addProject(project: { id: string; name: string }): void {
    this.projects.push(project);
  }

  /** The next deployment's build fails with this message and log. */
  failNextBuild(message: string, log: string[]): void {
    this.pendingFailure = { message, log };
  }

  /** The alias currently pointing at a hostname, if any. */
  aliasFor(hostname: string): FakeAlias | undefined {
    return this.aliases.get(hostname);
  }

  private nextId(prefix: string): string {
    this.serial += 1;
    return `${prefix}_${createHash("sha1").update(`${prefix}${this.serial}`).digest("hex").slice(0, 24)}`;
  }

  private deploymentJson(deployment: FakeDeployment) {
    const aliases = [...this.aliases.values()].filter((alias) => alias.deploymentId === deployment.id).map((alias) => alias.alias);
    return {
      id: deployment.id,
      url: deployment.url,
      name: deployment.name,
      projectId: deployment.projectId,
      ownerId: deployment.teamId,
      meta: deployment.meta,
      env: Object.keys(deployment.env),
      build: { env: Object.keys(deployment.buildEnv) },
      createdAt: deployment.createdAt,
      readyState: deployment.readyState,
      status: deployment.readyState,
      type: "LAMBDAS",
      plan: "hobby",
      regions: ["iad1"],
      creator: { uid: "usr_fake", username: "crm-ci" },
      projectSettings: { framework: null, buildCommand: null, outputDirectory: null },
      inspectorUrl: `https://vercel.com/crm/${deployment.name}/${deployment.id.slice(4)}`,
      alias: aliases,
      aliasAssigned: deployment.aliasAssignedAt ?? null,
      ...(deployment.readyState === "ERROR" ? { errorCode: "BUILD_FAILED", errorMessage: deployment.failure?.message ?? "Build failed" } : {}),
    };
  }

  protected handle(request: HandlerRequest): Reply {
    const teamId = this.tokens.get(request.token);
    if (!teamId) return vercelError(403, "forbidden", "Not authorized", { invalidToken: true });
    const askedTeams = [...request.query.getAll("teamId"), ...request.query.getAll("slug").map((slug) => this.slugs.get(slug) ?? `unknown slug ${slug}`)];
    if (askedTeams.some((asked) => asked !== teamId)) return vercelError(403, "forbidden", "You don't have permission to access this team");
    const { params } = request;
    switch (request.operation.operationId) {
      case "uploadFile":
        return this.upload(request);
      case "createDeployment":
        return this.create(request, teamId);
      case "getDeployment": {
        const deployment = this.find(params.idOrUrl!, teamId);
        if (!deployment) return vercelError(404, "not_found", "The deployment could not be found.");
        this.advance(deployment);
        return { status: 200, body: this.deploymentJson(deployment) };
      }
      case "getDeploymentEvents": {
        const deployment = this.find(params.idOrUrl!, teamId);
        if (!deployment) return vercelError(404, "not_found", "The deployment could not be found.");
        return { status: 200, body: this.events(deployment) };
      }
      case "assignAlias":
        return this.assignAlias(request, teamId);
      case "listDeploymentAliases": {
        const deployment = this.find(params.id!, teamId);
        if (!deployment) return vercelError(404, "not_found", "The deployment could not be found.");
        const aliases = [...this.aliases.values()].filter((alias) => alias.deploymentId === deployment.id);
        return { status: 200, body: { aliases: aliases.map(({ uid, alias, created }) => ({ uid, alias, created: new Date(created).toISOString() })) } };
      }
      case "deleteAlias": {
        const alias = [...this.aliases.values()].find((candidate) => candidate.uid === params.aliasId || candidate.alias === params.aliasId);
        if (!alias || this.deployments.get(alias.deploymentId)?.teamId !== teamId) return vercelError(404, "not_found", "The alias was not found");
        this.aliases.delete(alias.alias);
        return { status: 200, body: { status: "SUCCESS" } };
      }
      case "deleteDeployment": {
        const deployment = this.find(params.id!, teamId);
        if (!deployment) return vercelError(404, "not_found", "The deployment could not be found.");
        this.deployments.delete(deployment.id);
        for (const alias of [...this.aliases.values()]) if (alias.deploymentId === deployment.id) this.aliases.delete(alias.alias);
        return { status: 200, body: { uid: deployment.id, state: "DELETED" } };
      }
      default:
        return vercelError(404, "not_found", "Not found");
    }
  }

  private upload(request: HandlerRequest): Reply {
    const digest = String(request.headers["x-vercel-digest"] ?? request.headers["x-now-digest"] ?? "");
    const body = request.raw;
    if (!digest) return vercelError(400, "missing_digest", "Missing `x-vercel-digest` header");
    const actual = createHash("sha1").update(body).digest("hex");
    if (actual !== digest) return vercelError(400, "invalid_digest", `The file's SHA1 ${actual} does not match the digest ${digest}`);
    this.uploaded.set(digest, body);
    return { status: 200, body: {} };
  }

  private create(request: HandlerRequest, teamId: string): Reply {
    const body = request.body as {
      name: string;
      project?: string;
      files?: { file: string; sha?: string; size?: number; data?: string }[];
      meta?: Record<string, string>;
      env?: unknown;
      build?: { env?: unknown };
      target?: string;
    };
    // `env` and `build.env` are not in the published description any more, but the API still takes them
    // (the Vercel CLI's `--env`/`--build-env` send them): check them the way the API does, as string maps.
    for (const [where, value] of [["env", body.env], ["build.env", body.build?.env]] as const) {
      if (value === undefined) continue;
      if (typeof value !== "object" || value === null || Array.isArray(value) || Object.values(value).some((entry) => typeof entry !== "string")) {
        return vercelError(400, "bad_request", `Invalid request: \`${where}\` should be object of strings`);
      }
    }
    const projectKey = body.project ?? body.name;
    const project = this.projects.find((candidate) => candidate.id === projectKey || candidate.name === projectKey);
    if (!project) return vercelError(404, "not_found", `Project "${projectKey}" not found`);
    const files = (body.files ?? []).map((file) => ({ file: file.file, sha: file.sha ?? "", size: file.size ?? 0 }));
    const missing = files.filter((file) => file.sha && !this.uploaded.has(file.sha)).map((file) => file.sha);
    if (missing.length > 0) return vercelError(400, "missing_files", "Missing files", { missing: [...new Set(missing)] });
    const id = this.nextId("dpl");
    this.clock += 1000;
    const deployment: FakeDeployment = {
      id,
      url: `${project.name}-${id.slice(4, 13)}-crm.vercel.app`,
      name: body.name,
      projectId: project.id,
      teamId,
      meta: body.meta ?? {},
      env: (body.env as Record<string, string> | undefined) ?? {},
      buildEnv: (body.build?.env as Record<string, string> | undefined) ?? {},
      files,
      readyState: "QUEUED",
      createdAt: this.clock,
      pollsLeft: this.buildPolls,
      failure: this.pendingFailure,
    };
    this.pendingFailure = undefined;
    // Vercel runs the build a vercel.json asks for; uploaded static output has no package.json to run it with.
    const config = files.find((file) => file.file === "vercel.json");
    const configText = config ? this.uploaded.get(config.sha)?.toString("utf8") : undefined;
    if (!deployment.failure && configText) {
      let buildCommand: unknown;
      try {
        buildCommand = (JSON.parse(configText) as { buildCommand?: unknown }).buildCommand;
      } catch {
        deployment.failure = { message: "Invalid vercel.json file provided", log: ["Error: Invalid vercel.json file provided"] };
      }
      if (typeof buildCommand === "string" && buildCommand && !files.some((file) => file.file === "package.json")) {
        deployment.failure = {
          message: `Command "${buildCommand}" exited with 254`,
          log: [`Running "${buildCommand}"`, "npm error code ENOENT", "npm error enoent Could not read package.json", `Error: Command "${buildCommand}" exited with 254`],
        };
      }
    }
    this.deployments.set(id, deployment);
    return { status: 200, body: this.deploymentJson(deployment) };
  }

  /** Each status poll moves a deployment on: BUILDING while polls are left, then READY (or ERROR). */
  private advance(deployment: FakeDeployment): void {
    if (deployment.readyState === "READY" || deployment.readyState === "ERROR") return;
    if (deployment.pollsLeft > 0) {
      deployment.pollsLeft -= 1;
      deployment.readyState = "BUILDING";
      return;
    }
    if (deployment.failure) {
      deployment.readyState = "ERROR";
      return;
    }
    deployment.readyState = "READY";
    this.clock += 1000;
    deployment.aliasAssignedAt = this.clock;
  }

  private events(deployment: FakeDeployment) {
    const lines = ["Running build in Washington, D.C., USA (East) – iad1", `Uploading ${deployment.files.length} files`];
    if (deployment.failure) lines.push(...deployment.failure.log);
    else if (deployment.readyState === "READY") lines.push("Deployment completed");
    return lines.map((text, index) => {
      const created = deployment.createdAt + index * 100;
      const type = deployment.failure && index >= 2 ? "stderr" : "stdout";
      return { type, created, payload: { deploymentId: deployment.id, id: `evt_${index}`, text, date: created, created, serial: String(index) } };
    });
  }

  private assignAlias(request: HandlerRequest, teamId: string): Reply {
    const deployment = this.find(request.params.id!, teamId);
    if (!deployment) return vercelError(404, "not_found", "The deployment could not be found.");
    const hostname = String((request.body as { alias?: string } | undefined)?.alias ?? "").toLowerCase();
    if (!hostname) return vercelError(400, "bad_request", "Invalid request: should have required property 'alias'");
    const labels = hostname.split(".");
    if (!labels.every((label) => LABEL.test(label)) || (hostname.endsWith(".vercel.app") && labels.length !== 3)) {
      return vercelError(400, "invalid_alias", `The alias "${hostname}" is not valid: a *.vercel.app alias must be one DNS label (letters, digits, hyphens, at most 63 characters) before .vercel.app`);
    }
    if (deployment.readyState !== "READY") return vercelError(400, "deployment_not_ready", "The deployment is not ready yet");
    const existing = this.aliases.get(hostname);
    if (existing && existing.projectId !== deployment.projectId) return vercelError(409, "alias_in_use", `The alias "${hostname}" is already in use by another project`);
    this.clock += 1000;
    const alias: FakeAlias = { uid: existing?.uid ?? this.nextId("als"), alias: hostname, deploymentId: deployment.id, projectId: deployment.projectId, created: this.clock };
    this.aliases.set(hostname, alias);
    return { status: 200, body: { uid: alias.uid, alias: hostname, created: new Date(alias.created).toISOString(), ...(existing ? { oldDeploymentId: existing.deploymentId } : {}) } };
  }

  private find(idOrUrl: string, teamId: string): FakeDeployment | undefined {
    const host = idOrUrl.replace(/^https?:\/\//, "");
    const deployment = this.deployments.get(idOrUrl) ?? [...this.deployments.values()].find((candidate) => candidate.url === host);
    return deployment?.teamId === teamId ? deployment : undefined;
  }
}
