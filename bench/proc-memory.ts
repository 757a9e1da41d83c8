// Peak resident memory of this process's descendants (the Chromium that
// Playwright launched): sampled from /proc on Linux, so it counts the
// renderer, its workers and WebAssembly memory alike.
import { readdirSync, readFileSync } from 'node:fs';

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we looked.
    }
  }
  return byParent;
}

export function descendantsRssBytes(root = process.pid): number {
  const tree = children();
  let total = 0;
  const stack = [...(tree.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    stack.push(...(tree.get(pid) ?? []));
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

/** Samples every `everyMs` until stopped; returns the peak. */
export function samplePeakRss(everyMs = 200): { stop(): number } {
  let peak = descendantsRssBytes();
  const timer = setInterval(() => (peak = Math.max(peak, descendantsRssBytes())), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, descendantsRssBytes());
    },
  };
}
