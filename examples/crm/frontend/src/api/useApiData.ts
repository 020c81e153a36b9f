import { useCallback, useEffect, useState } from "react";
import type { ApiResponse } from "./client";
import { ApiError } from "./errors";

export type ApiData<T> =
  | { state: "loading" }
  | { state: "error"; error: ApiError }
  | { state: "ready"; data: T; requestId: string; etag: string | null };

/**
 * Loads `load(signal)` whenever `deps` change; aborts the previous load so a slow answer
 * never overwrites a newer one. `reload()` runs it again (after a create, for example).
 */
export function useApiData<T>(load: (signal: AbortSignal) => Promise<ApiResponse<T>>, deps: readonly unknown[]): [ApiData<T>, () => void] {
  const [result, setResult] = useState<ApiData<T>>({ state: "loading" });
  const [generation, setGeneration] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names the inputs of `load`
  const stableLoad = useCallback(load, deps);

  useEffect(() => {
    const controller = new AbortController();
    setResult({ state: "loading" });
    stableLoad(controller.signal).then(
      (response) => {
        if (!controller.signal.aborted) setResult({ state: "ready", data: response.data, requestId: response.requestId, etag: response.etag });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ state: "error", error: error instanceof ApiError ? error : new ApiError(String(error), 0, "unknown") });
      },
    );
    return () => {
      controller.abort();
    };
  }, [stableLoad, generation]);

  const reload = useCallback(() => {
    setGeneration((value) => value + 1);
  }, []);
  return [result, reload];
}
