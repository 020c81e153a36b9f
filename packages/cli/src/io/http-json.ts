import { InputError } from "../kernel/errors.js";

/**
 * GET a URL and parse its JSON body, whatever the HTTP status (APIs such as
 * Prometheus explain a 400 in the body). Network errors, timeouts and bodies
 * that are not JSON become one InputError naming the URL.
 */
export async function getJson(url: string, options: { timeoutMs?: number } = {}): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new InputError(`cannot fetch: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { file: redactQuery(url) }, { cause: error });
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new InputError(`HTTP ${response.status}: expected JSON, got ${JSON.stringify(text.slice(0, 80))}`, { file: redactQuery(url) });
  }
}

function redactQuery(url: string): string {
  const index = url.indexOf("?");
  return index === -1 ? url : url.slice(0, index);
}
