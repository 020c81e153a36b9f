/**
 * A stateful fake of the GitHub REST API operations `crm-devex preview` uses: the token's user and the
 * issue comments of pull requests (list with `Link` pagination, create, update, delete).
 *
 * @example
 * const github = new FakeGitHub();
 * await github.start();
 * github.addUser("crm-bot-token", "crm-devex-bot");
 * // GITHUB_API_URL=github.url …; github.sequence() → ["GET /user 200", …]
 */
import { FakeApi, type HandlerRequest, type Reply } from "../server.js";
import { loadSubset, synthesize, type ApiSubset } from "../schema.js";

const DOCS = "https://docs.github.com/rest";

export interface FakeComment {
  id: number;
  repo: string;
  issue: number;
  login: string;
  body: string;
  created_at: string;
  updated_at: string;
}

const githubError = (status: number, message: string): Reply => ({
  status,
  body: { message, documentation_url: DOCS, status: String(status) },
});

/** The state of a pull request that `preview deploy --verify-pr` checks. */
export interface FakePull {
  state: "open" | "closed";
  headSha: string;
  /** `owner/repo` the head branch lives in (a fork's for fork PRs). */
  headRepo: string;
}

export class FakeGitHub extends FakeApi {
  private readonly pulls = new Map<string, FakePull>();
  private readonly pullSchema;
  /** token → login; `installation` tokens (like Actions' GITHUB_TOKEN) cannot call GET /user. */
  private readonly users = new Map<string, { login: string; id: number; installation: boolean }>();
  readonly comments: FakeComment[] = [];
  private nextId = 1000;
  /** A fixed clock so comment timestamps are reproducible; advanced one second per write. */
  private clock = Date.parse("2026-01-05T10:00:00Z");

  constructor(subset: ApiSubset = loadSubset(new URL("./openapi-subset.json", import.meta.url))) {
    super(subset, {
      notFound: () => githubError(404, "Not Found"),
      invalid: (problems) => githubError(422, `Invalid request.\n\n${problems.join("\n")}`),
      unauthenticated: () => githubError(401, "Requires authentication"),
    });
    this.prettyJson = true;
    this.pullSchema = subset.operations.find((operation) => operation.operationId === "pulls/get")!.responses["200"];
  }

  /** Create or change a pull request. */
  setPull(repo: string, number: number, pull: FakePull): void {
    this.pulls.set(`${repo}#${number}`, pull);
  }

  /**
   * Accept `token` as the credential of `login`. With `installation: true` it behaves like a GitHub App
   * installation token such as Actions' GITHUB_TOKEN: GET /user answers 403.
   */
  addUser(token: string, login: string, options: { installation?: boolean } = {}): void {
    this.users.set(token, { login, id: 5000 + this.users.size, installation: options.installation ?? false });
  }

  /** Seed a comment, e.g. 150 comments from other bots before ours. */
  seedComment(repo: string, issue: number, login: string, body: string): FakeComment {
    const at = this.tick();
    const comment = { id: this.nextId++, repo, issue, login, body, created_at: at, updated_at: at };
    this.comments.push(comment);
    return comment;
  }

  commentsOn(repo: string, issue: number): FakeComment[] {
    return this.comments.filter((comment) => comment.repo === repo && comment.issue === issue);
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  private userJson(login: string, id: number, baseUrl: string) {
    const api = `${baseUrl}/users/${login}`;
    return {
      login,
      id,
      node_id: `U_${id}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      gravatar_id: "",
      url: api,
      html_url: `https://github.com/${login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: login.endsWith("[bot]") ? "Bot" : "User",
      site_admin: false,
    };
  }

  private commentJson(comment: FakeComment, baseUrl: string) {
    const user = [...this.users.values()].find((candidate) => candidate.login === comment.login) ?? { login: comment.login, id: 9000 };
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${baseUrl}/repos/${comment.repo}/issues/comments/${comment.id}`,
      html_url: `https://github.com/${comment.repo}/pull/${comment.issue}#issuecomment-${comment.id}`,
      issue_url: `${baseUrl}/repos/${comment.repo}/issues/${comment.issue}`,
      body: comment.body,
      user: this.userJson(user.login, user.id, baseUrl),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      author_association: "NONE",
    };
  }

  protected handle(request: HandlerRequest): Reply {
    const user = this.users.get(request.token);
    if (!user) return githubError(401, "Bad credentials");
    const { params, baseUrl } = request;
    const repo = `${params.owner}/${params.repo}`;
    switch (request.operation.operationId) {
      case "users/get-authenticated":
        if (user.installation) return githubError(403, "Resource not accessible by integration");
        return {
          status: 200,
          body: {
            ...this.userJson(user.login, user.id, baseUrl),
            name: null, company: null, blog: "", location: null, email: null, hireable: null, bio: null,
            public_repos: 0, public_gists: 0, followers: 0, following: 0,
            created_at: "2024-01-01T00:00:00Z", updated_at: "2024-01-01T00:00:00Z",
          },
        };
      case "issues/list-comments":
        return this.listComments(request, repo);
      case "issues/create-comment": {
        const body = (request.body as { body: string }).body;
        if (body.length > 65536) return githubError(422, "Validation Failed: body is too long (maximum is 65536 characters)");
        const comment = this.seedComment(repo, Number(params.issue_number), user.login, body);
        return { status: 201, body: this.commentJson(comment, baseUrl), headers: { location: `${baseUrl}/repos/${repo}/issues/comments/${comment.id}` } };
      }
      case "issues/update-comment": {
        const comment = this.comments.find((candidate) => candidate.id === Number(params.comment_id) && candidate.repo === repo);
        if (!comment) return githubError(404, "Not Found");
        if (comment.login !== user.login) return githubError(403, "Resource not accessible by integration");
        const body = (request.body as { body: string }).body;
        if (body.length > 65536) return githubError(422, "Validation Failed: body is too long (maximum is 65536 characters)");
        comment.body = body;
        comment.updated_at = this.tick();
        return { status: 200, body: this.commentJson(comment, baseUrl) };
      }
      case "issues/delete-comment": {
        const index = this.comments.findIndex((candidate) => candidate.id === Number(params.comment_id) && candidate.repo === repo);
        if (index < 0) return githubError(404, "Not Found");
        if (this.comments[index]!.login !== user.login) return githubError(403, "Resource not accessible by integration");
        this.comments.splice(index, 1);
        return { status: 204 };
      }
      case "pulls/get": {
        const pull = this.pulls.get(`${repo}#${params.pull_number}`);
        if (!pull) return githubError(404, "Not Found");
        return { status: 200, body: this.pullJson(repo, Number(params.pull_number), pull, baseUrl) };
      }
      default:
        return githubError(404, "Not Found");
    }
  }

  /** A schema-valid pull request (required fields synthesized), with the fields that matter filled in. */
  private pullJson(repo: string, number: number, pull: FakePull, baseUrl: string) {
    const body = synthesize(this.pullSchema) as Record<string, unknown> & { head: Record<string, unknown> & { repo: Record<string, unknown> }; base: Record<string, unknown> & { repo: Record<string, unknown> } };
    body.number = number;
    body.state = pull.state;
    body.url = `${baseUrl}/repos/${repo}/pulls/${number}`;
    body.html_url = `https://github.com/${repo}/pull/${number}`;
    body.head = { ...body.head, sha: pull.headSha, ref: "feature", label: `${pull.headRepo.split("/")[0]}:feature`, repo: { ...body.head.repo, full_name: pull.headRepo, fork: pull.headRepo !== repo } };
    body.base = { ...body.base, ref: "main", repo: { ...body.base.repo, full_name: repo } };
    return body;
  }

  /** GitHub pages with `per_page` (default 30, at most 100) and `page`, and says so in a `Link` header. */
  private listComments(request: HandlerRequest, repo: string): Reply {
    const perPage = Math.min(100, Math.max(1, Number(request.query.get("per_page") ?? 30)));
    const page = Math.max(1, Number(request.query.get("page") ?? 1));
    const all = this.commentsOn(repo, Number(request.params.issue_number));
    const lastPage = Math.max(1, Math.ceil(all.length / perPage));
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const link = (n: number, rel: string) => {
      const url = new URL(`${request.baseUrl}/repos/${repo}/issues/${request.params.issue_number}/comments`);
      url.searchParams.set("per_page", String(perPage));
      url.searchParams.set("page", String(n));
      return `<${url.href}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, "prev"), link(1, "first"));
    if (page < lastPage) links.push(link(page + 1, "next"), link(lastPage, "last"));
    return {
      status: 200,
      body: slice.map((comment) => this.commentJson(comment, request.baseUrl)),
      headers: links.length ? { link: links.join(", ") } : {},
    };
  }
}
