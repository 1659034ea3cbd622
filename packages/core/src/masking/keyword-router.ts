/**
 * Routing for candidate lines: one pass of a keyword automaton (Aho–Corasick over ASCII,
 * case-insensitive) tells which rules' keywords a line contains, so only those rules run.
 */

const LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

export class KeywordScanner {
  private readonly delta: Int32Array;
  /** Per state: the keyword ids that end there (including via failure links). */
  private readonly outputs: (readonly number[] | undefined)[];

  /** @param keywords lower-case ASCII literals (others are ignored) */
  constructor(readonly keywords: readonly string[]) {
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    keywords.forEach((word, id) => {
      if ([...word].some((ch) => ch.charCodeAt(0) > 127)) return;
      let s = 0;
      for (let i = 0; i < word.length; i++) {
        const c = LOWER[word.charCodeAt(i)] ?? 0;
        let next = goto[s]?.get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s]?.set(c, next);
        }
        s = next;
      }
      out[s]?.push(id);
    });
    const n = goto.length;
    const fail = new Int32Array(n);
    const delta = new Int32Array(n * 128);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const s = goto[0]?.get(c) ?? 0;
      delta[c] = s;
      if (s !== 0) queue.push(s);
    }
    for (let q = 0; q < queue.length; q++) {
      const r = queue[q] ?? 0;
      out[r]?.push(...(out[fail[r] ?? 0] ?? []));
      for (let c = 0; c < 128; c++) {
        const s = goto[r]?.get(c);
        if (s !== undefined) {
          fail[s] = delta[(fail[r] ?? 0) * 128 + c] ?? 0;
          delta[r * 128 + c] = s;
          queue.push(s);
        } else {
          delta[r * 128 + c] = delta[(fail[r] ?? 0) * 128 + c] ?? 0;
        }
      }
    }
    // Case-insensitive: an upper-case letter moves like its lower-case one.
    for (let st = 0; st < n; st++) {
      for (let c = 65; c <= 90; c++) delta[st * 128 + c] = delta[st * 128 + c + 32] ?? 0;
    }
    this.delta = delta;
    this.outputs = out.map((ids) => (ids.length > 0 ? [...new Set(ids)] : undefined));
  }

  /** Calls `visit` with the id of each keyword occurrence in `line` (repeats included; no allocation). */
  forEachMatch(line: string, visit: (id: number) => void): void {
    const delta = this.delta;
    const outputs = this.outputs;
    let state = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      state = c < 128 ? (delta[state * 128 + c] as number) : 0;
      const ids = outputs[state];
      if (ids !== undefined) for (const id of ids) visit(id);
    }
  }
}
