/**
 * The keyword prefilter: one pass of an Aho-Corasick automaton over the text,
 * case-insensitive, reporting which keywords occur. Built once per process as a
 * dense DFA over a small alphabet (the keywords' characters; everything else is
 * one "other" class), so the scan loop is two array reads per character —
 * an order of magnitude faster than one big alternation regex.
 */

export class KeywordMatcher {
  private readonly classOf = new Uint8Array(128);
  private readonly alphabet: number;
  private readonly delta: Int32Array;
  /** For each state, the keyword indexes that end there (failure-closed), or undefined. */
  private readonly outputs: (number[] | undefined)[];

  constructor(readonly keywords: readonly string[]) {
    let next = 1;
    for (const keyword of keywords) {
      for (const char of keyword.toLowerCase()) {
        const code = char.charCodeAt(0);
        if (code >= 128) throw new Error(`keyword "${keyword}" must be ASCII`);
        if (!this.classOf[code]) this.classOf[code] = next++;
      }
    }
    // Upper-case letters share their lower-case class: the match is case-insensitive.
    for (let code = 65; code <= 90; code++) this.classOf[code] = this.classOf[code + 32]!;
    this.alphabet = next;

    // Trie as a dense table (-1: no edge yet). Typed arrays rather than a Map per
    // state: the matcher is built on every start-up, before the JIT has warmed up.
    const alphabet = this.alphabet;
    const capacity = keywords.reduce((sum, keyword) => sum + keyword.length, 0) + 1;
    const delta = new Int32Array(capacity * alphabet).fill(-1);
    const outputs: number[][] = [[]];
    let states = 1;
    keywords.forEach((keyword, index) => {
      let state = 0;
      for (const char of keyword.toLowerCase()) {
        const cell = state * alphabet + this.classOf[char.charCodeAt(0)]!;
        if (delta[cell] === -1) {
          delta[cell] = states++;
          outputs.push([]);
        }
        state = delta[cell]!;
      }
      outputs[state]!.push(index);
    });

    // Breadth-first failure links, folded into a complete transition table.
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let tail = 0;
    for (let cls = 0; cls < alphabet; cls++) {
      if (delta[cls] === -1) delta[cls] = 0;
      else if (delta[cls] !== 0) queue[tail++] = delta[cls]!;
    }
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      const fallback = fail[state]! * alphabet;
      if (outputs[fail[state]!]!.length) outputs[state]!.push(...outputs[fail[state]!]!);
      for (let cls = 0; cls < alphabet; cls++) {
        const cell = state * alphabet + cls;
        const target = delta[cell]!;
        if (target === -1) {
          delta[cell] = delta[fallback + cls]!;
        } else {
          fail[target] = delta[fallback + cls]!;
          queue[tail++] = target;
        }
      }
    }
    this.delta = delta.subarray(0, states * alphabet);
    this.outputs = outputs.map((list) => (list.length ? [...new Set(list)] : undefined));
  }

  /** Indexes of the keywords that occur in `text`. */
  find(text: string): Set<number> {
    const found = new Set<number>();
    const { classOf, delta, outputs, alphabet } = this;
    const total = this.keywords.length;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = delta[state * alphabet + (code < 128 ? classOf[code]! : 0)]!;
      const out = outputs[state];
      if (out !== undefined) {
        for (const index of out) found.add(index);
        if (found.size === total) break;
      }
    }
    return found;
  }
}
