// The exported page's whole stylesheet (inline, so the file stands alone).
export const EXPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d1f21; --bg: #fff; --muted: #595e63; --border: #d8dadc; --code: #f4f5f6; --error: #b3261e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #17191c; --muted: #a3a8ad; --border: #3a3f45; --code: #202328; --error: #ff8a80; } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
main { max-width: 50rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
pre, code { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
.prose code { background: var(--code); padding: 0.05rem 0.25rem; border-radius: 3px; font-size: 0.92em; }
.prose pre { background: var(--code); padding: 0.6rem; overflow-x: auto; }
.prose table, .out-table { border-collapse: collapse; margin: 0.5rem 0; }
.prose th, .prose td, .out-table th, .out-table td { border: 1px solid var(--border); padding: 0.2rem 0.5rem; }
.out-table { font-family: ui-monospace, monospace; font-size: 0.85rem; }
.out-table td, .out-table th { white-space: nowrap; }
.col-num { text-align: right; font-variant-numeric: tabular-nums; }
.col-text { text-align: left; }
.admonition { border-left: 4px solid #2952a3; background: var(--code); padding: 0.5rem 1rem; margin: 1rem 0; }
.admonition-title { font-weight: 700; }
.katex-html { display: none; }
.katex-display { display: block; text-align: center; margin: 1rem 0; }
.cell { display: grid; grid-template-columns: 3rem minmax(0, 1fr); margin: 1rem 0; break-inside: avoid; }
.prompt { font: 0.85rem ui-monospace, monospace; color: var(--muted); text-align: right; padding: 0.5rem 0.4rem 0 0; }
.cell-body { border: 1px solid var(--border); border-radius: 6px; overflow: hidden; }
.code { margin: 0; padding: 0.5rem; background: var(--code); white-space: pre-wrap; font-size: 0.9rem; }
.output { border-top: 1px solid var(--border); padding: 0.25rem 0.5rem; overflow-x: auto; }
.out { margin: 0.2rem 0; font-size: 0.88rem; white-space: pre; }
.out-error { color: var(--error); white-space: pre-wrap; }
.out-stderr { color: #a35c00; }
.out-notice, .figure-note, .chapter, footer, .blocked-resource { color: var(--muted); font-style: italic; }
.out-image, .out-figure svg { max-width: 100%; height: auto; }
.figure-static { margin: 1rem 0; } .figure-static svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--border); border-radius: 6px; } .figure-static figcaption { font-size: 0.9rem; margin-top: 0.3rem; }
.added-markdown { border-left: 3px solid var(--border); padding-left: 1rem; }
footer { margin-top: 3rem; font-size: 0.85rem; }
@media print { .cell, .added-markdown, figure, table { break-inside: avoid; } main { max-width: none; } }
`;
