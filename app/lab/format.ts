// Number formatting shared by the lab's tables.
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
export const msText = (ms: number | null): string =>
  ms === null || Number.isNaN(ms) ? '—' : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
export const percent = (f: number): string => `${(f * 100).toFixed(f === 1 || f === 0 ? 0 : 1)}%`;
export const sci = (x: number): string =>
  x === 0 ? '0' : Math.abs(x) >= 0.01 && Math.abs(x) < 1000 ? x.toPrecision(3) : x.toExponential(2);
export const db = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)} dB` : x > 0 ? '∞ (exact)' : '−∞');
/** Small sizes in kB or bytes, so a 60-byte int64 shape tensor does not read "0.00 MB". */
export const bytesText = (n: number): string => (n >= 1e6 ? mb(n) : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
