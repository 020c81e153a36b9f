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

    // Trie.
    const goto: Map<number, number>[] = [new Map()];
    const outputs: number[][] = [[]];
    keywords.forEach((keyword, index) => {
      let state = 0;
      for (const char of keyword.toLowerCase()) {
        const cls = this.classOf[char.charCodeAt(0)]!;
        let target = goto[state]!.get(cls);
        if (target === undefined) {
          target = goto.length;
          goto.push(new Map());
          outputs.push([]);
          goto[state]!.set(cls, target);
        }
        state = target;
      }
      outputs[state]!.push(index);
    });

    // Breadth-first failure links, folded into a complete transition table.
    const states = goto.length;
    const delta = new Int32Array(states * this.alphabet);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let cls = 0; cls < this.alphabet; cls++) {
      const target = goto[0]!.get(cls) ?? 0;
      delta[cls] = target;
      if (target !== 0) queue.push(target);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      outputs[state]!.push(...outputs[fail[state]!]!);
      for (let cls = 0; cls < this.alphabet; cls++) {
        const target = goto[state]!.get(cls);
        if (target === undefined) {
          delta[state * this.alphabet + cls] = delta[fail[state]! * this.alphabet + cls]!;
        } else {
          fail[target] = delta[fail[state]! * this.alphabet + cls]!;
          delta[state * this.alphabet + cls] = target;
          queue.push(target);
        }
      }
    }
    this.delta = delta;
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
