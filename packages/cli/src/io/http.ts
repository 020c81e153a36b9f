import { InputError } from "../kernel/errors.js";

/** Fetch a URL as text with a timeout; network and HTTP errors become one InputError naming the URL. */
export async function fetchText(url: string, options: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new InputError(`cannot fetch: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { file: url }, { cause: error });
  }
  if (!response.ok) throw new InputError(`HTTP ${response.status} ${response.statusText}`.trim(), { file: url });
  return response.text();
}
