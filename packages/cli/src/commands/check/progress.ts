/**
 * What `check` shows while gates run: on a terminal, a task list redrawn in
 * place on stderr; elsewhere (CI, pipes) one plain line per finished gate, since
 * cursor movement turns CI logs into noise.
 */
export interface Progress {
  started(name: string): void;
  finished(name: string, verdict: string, duration: string, summary: string): void;
  done(): void;
}

export function createProgress(names: readonly string[], live: boolean, log: (line: string) => void): Progress {
  if (!live) {
    return {
      started: () => {},
      finished: (name, verdict, duration, summary) => log(`${name}: ${verdict} (${duration}) ${summary}`),
      done: () => {},
    };
  }
  const state = new Map(names.map((name) => [name, "waiting"]));
  let drawn = 0;
  const draw = () => {
    if (drawn) process.stderr.write(`\x1b[${drawn}A`);
    for (const [name, status] of state) process.stderr.write(`\x1b[2K  ${status === "running" ? "…" : status === "waiting" ? " " : "•"} ${name} ${status}\n`);
    drawn = state.size;
  };
  return {
    started: (name) => {
      state.set(name, "running");
      draw();
    },
    finished: (name, verdict, duration) => {
      state.set(name, `${verdict} (${duration})`);
      draw();
    },
    done: () => {},
  };
}
