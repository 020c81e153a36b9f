/**
 * The PR comment through GitHub's REST API: find ours (marker + the token's own user, across every page),
 * update it in place, and remove duplicates that concurrent runs created (the oldest one wins).
 */
import { ApiError, requestJson, type RetryPolicy, DEFAULT_RETRY } from "../../io/http-retry.js";

/** Who writes comments with Actions' own GITHUB_TOKEN (an installation token, which may not call GET /user). */
export const ACTIONS_BOT = "github-actions[bot]";
import { readMarker, type PreviewState } from "./comment.js";

interface IssueComment {
  id: number;
  body?: string;
  user: { login: string } | null;
  created_at: string;
}

export interface OwnComment {
  id: number;
  state: PreviewState;
  createdAt: string;
}

export class PullRequestComments {
  private login: string | undefined;

  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    private readonly repository: string,
    private readonly pr: number,
    private readonly project: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** The comment author to trust, when known (`--comment-author`). */
    author?: string,
  ) {
    this.login = author;
  }

  private request<T>(path: string, init: { method?: string; body?: unknown } = {}) {
    const url = path.startsWith("http") ? path : `${this.apiUrl.replace(/\/$/, "")}${path}`;
    return requestJson<T>(url, {
      ...init,
      headers: { authorization: `Bearer ${this.token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", "user-agent": "crm-devex" },
    }, this.retry);
  }

  /** The pull request's state and head commit, to check that what is deployed is really its head. */
  async pull(): Promise<{ state: string; headSha: string; headRepo: string }> {
    const { body } = await this.request<{ state: string; head: { sha: string; repo: { full_name: string } | null } }>(`/repos/${this.repository}/pulls/${this.pr}`);
    return { state: body.state, headSha: body.head.sha, headRepo: body.head.repo?.full_name ?? "(deleted fork)" };
  }

  /**
   * The login of the token's user: only its comments are candidates, so nobody else's marker is trusted.
   * GitHub App installation tokens (Actions' GITHUB_TOKEN) get 403 from GET /user; they comment as
   * `github-actions[bot]` — another App's token needs `--comment-author <slug>[bot]`.
   */
  async viewer(): Promise<string> {
    if (this.login) return this.login;
    try {
      this.login = (await this.request<{ login: string }>("/user")).body.login;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 403)) throw error;
      this.login = ACTIONS_BOT;
    }
    return this.login;
  }

  /** Our comments for this project, oldest first, following `Link: rel="next"` through every page. */
  async findOwn(): Promise<OwnComment[]> {
    const login = await this.viewer();
    const own: OwnComment[] = [];
    let next: string | undefined = `/repos/${this.repository}/issues/${this.pr}/comments?per_page=100`;
    while (next) {
      const page: { headers: Headers; body: IssueComment[] } = await this.request<IssueComment[]>(next);
      for (const comment of page.body) {
        if (comment.user?.login !== login) continue;
        const state = readMarker(comment.body ?? "", this.project);
        if (state) own.push({ id: comment.id, state, createdAt: comment.created_at });
      }
      next = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get("link") ?? "")?.[1];
    }
    return own.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  }

  /**
   * Write `body` into our comment: update the oldest, delete the others, create one when there is none.
   * After creating, look again: a concurrent run may have created its own in the meantime.
   */
  async upsert(body: string, known?: OwnComment[]): Promise<{ id: number; created: boolean; removedDuplicates: number }> {
    let own = known ?? (await this.findOwn());
    let created = false;
    if (own.length === 0) {
      const { body: comment } = await this.request<IssueComment>(`/repos/${this.repository}/issues/${this.pr}/comments`, { method: "POST", body: { body } });
      created = true;
      // The author GitHub recorded is the truth (it corrects a guessed github-actions[bot] for another App's token).
      if (comment.user?.login && comment.user.login !== this.login) this.login = comment.user.login;
      own = await this.findOwn();
    }
    const [keep, ...duplicates] = own;
    for (const duplicate of duplicates) {
      await this.request(`/repos/${this.repository}/issues/comments/${duplicate.id}`, { method: "DELETE" }).catch((error: { status?: number }) => {
        if (error.status !== 404) throw error; // the other run removed it first
      });
    }
    if (!keep) throw new Error("the comment just created is not listed");
    const newest = created && duplicates.length === 0;
    if (!newest) await this.request(`/repos/${this.repository}/issues/comments/${keep.id}`, { method: "PATCH", body: { body } });
    return { id: keep.id, created, removedDuplicates: duplicates.length };
  }
}
