/** A match of a dictionary term: which term (index into the terms given) and where it ends (UTF-16 offset, exclusive). */
export interface TermMatch {
  term: number;
  end: number;
}

/**
 * Aho-Corasick automaton over UTF-16 code units: finds every occurrence of every term in one pass over a text,
 * whatever the number of terms.
 */
export class AhoCorasick {
  private readonly next: Map<number, number>[] = [new Map<number, number>()];
  private readonly fail: number[] = [0];
  /** Terms ending at each node, including those reached through failure links. */
  private readonly out: number[][] = [[]];

  constructor(readonly terms: readonly string[]) {
    terms.forEach((term, t) => {
      if (term === '') return;
      let node = 0;
      for (let i = 0; i < term.length; i++) {
        const c = term.charCodeAt(i);
        let n = this.next[node]!.get(c);
        if (n === undefined) {
          n = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[node]!.set(c, n);
        }
        node = n;
      }
      this.out[node]!.push(t);
    });
    const queue: number[] = [];
    for (const n of this.next[0]!.values()) queue.push(n);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi]!;
      for (const [c, child] of this.next[node]!) {
        let f = this.fail[node]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const target = this.next[f]!.get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        this.out[child]!.push(...this.out[this.fail[child]]!);
        queue.push(child);
      }
    }
  }

  /** Every match in `text`, in order of end position. */
  search(text: string): TermMatch[] {
    const found: TermMatch[] = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (node !== 0 && !this.next[node]!.has(c)) node = this.fail[node]!;
      node = this.next[node]!.get(c) ?? 0;
      for (const t of this.out[node]!) found.push({ term: t, end: i + 1 });
    }
    return found;
  }
}
