// Myers' O((N+M)·D) line diff. Used only to display a failed match, so past
// `maxEdits` it gives up and reports the rest as replaced: a 10,000-line
// output that is completely different must not stall the checker.

export type EditOp = 'equal' | 'delete' | 'insert';

/** Edit script turning `a` into `b`, as one op per line. */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = 1000): EditOp[] {
  // Common prefix and suffix cost nothing and usually are most of the text.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = myers(a.slice(start, endA), b.slice(start, endB), maxEdits) ?? [
    ...new Array<EditOp>(endA - start).fill('delete'),
    ...new Array<EditOp>(endB - start).fill('insert'),
  ];
  const equal = (count: number): EditOp[] => new Array<EditOp>(count).fill('equal');
  return [...equal(start), ...middle, ...equal(a.length - endA)];
}

function myers(a: readonly string[], b: readonly string[], maxEdits: number): EditOp[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] is v[-d..d] before step d, kept to walk the path back.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m, a, b);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], dEnd: number, n: number, m: number, a: readonly string[], b: readonly string[]): EditOp[] {
  const ops: EditOp[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const prev = trace[d]!; // v[-d..d] at the start of step d = the end of step d-1
    const at = (k: number): number => prev[k + d]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY && a[x - 1] === b[y - 1]) {
      ops.push('equal');
      x--;
      y--;
    }
    ops.push(down ? 'insert' : 'delete');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push('equal');
    x--;
    y--;
  }
  return ops.reverse();
}
