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

/** The process whose command line contains `text` (e.g. a Chromium's `--user-data-dir=…`), or null. */
export function processWithArg(text: string): number | null {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) return pid;
    } catch {
      // gone
    }
  }
  return null;
}

/** Resident memory of `root`'s descendants (and `root` itself when `self`). */
export function descendantsRssBytes(root = process.pid, self = false): number {
  return [...rssByProcess(root, self).values()].reduce((a, b) => a + b, 0);
}

/** Resident memory of each process of `root`'s tree, by pid. */
export function rssByProcess(root = process.pid, self = false): Map<number, number> {
  const tree = children();
  const out = new Map<number, number>();
  const stack = [...(self ? [root] : []), ...(tree.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    stack.push(...(tree.get(pid) ?? []));
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      out.set(pid, Number(rss?.[1] ?? 0) * 1024);
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * Proportional set size of each process of `root`'s tree (/proc/PID/smaps_rollup): a page shared by
 * n processes counts 1/n in each, so the sum is what the tree holds together. Summed VmRSS counts a
 * shared page (the zygote's, a shared library's) once per process and so overstates.
 */
export function pssByProcess(root = process.pid, self = false): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of rssByProcess(root, self).keys()) {
    try {
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      out.set(pid, Number(pss?.[1] ?? 0) * 1024);
    } catch {
      // gone
    }
  }
  return out;
}

/** Samples every `everyMs` until stopped; returns the peak. `root`: that process and its descendants (default: this process's descendants). */
export function samplePeakRss(everyMs = 200, root?: number): { stop(): number; largestAtPeak(): number; peakPss(): number } {
  let peak = 0;
  let largest = 0;
  let peakPss = 0;
  const sample = (): void => {
    const each = root === undefined ? rssByProcess() : rssByProcess(root, true);
    const total = [...each.values()].reduce((a, b) => a + b, 0);
    if (total > peak) [peak, largest] = [total, Math.max(0, ...each.values())];
    const pss = [...(root === undefined ? pssByProcess() : pssByProcess(root, true)).values()].reduce((a, b) => a + b, 0);
    peakPss = Math.max(peakPss, pss);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
    /** The biggest single process at the peak (the kernel's renderer, with the WASM heap). */
    largestAtPeak: () => largest,
    /** The peak of the tree's summed PSS (each shared page counted once), sampled at the same moments. */
    peakPss: () => peakPss,
  };
}

/** Waits (at most `maxMs`) until the memory of `root`'s tree stops falling: a closed page's memory is given back first. */
export async function settledRss(root: number, maxMs = 20_000): Promise<number> {
  let last = descendantsRssBytes(root, true);
  for (let waited = 0; waited < maxMs; waited += 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = descendantsRssBytes(root, true);
    if (last - now < 20e6) return now;
    last = now;
  }
  return last;
}
