// GitHub's ids grow with time across all of GitHub; the sample's do too, so sorting by id sorts
// by creation like the real API. An id is the second it was made plus a per-sequence counter.

export interface IdSequence {
  next(at: number): number;
}

export function idSequence(base: number, start: number): IdSequence {
  const used = new Set<number>();
  let counter = 0;
  return {
    next(at) {
      const second = Math.max(0, Math.floor((at - start) / 1000));
      const id = base + second * 1000 + (counter % 1000);
      counter += 1;
      if (used.has(id)) throw new Error(`id ${id} allocated twice`);
      used.add(id);
      return id;
    },
  };
}
