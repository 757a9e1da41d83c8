import { isSafeImageSrc } from '../kernel/client/output-check.ts';
import { sanitizeHtml } from '../shared/sanitize-html.ts';
import { blockedText, isRemoteResourceUrl } from '../shared/remote-url.ts';
import type { CellOutput } from '../kernel/protocol.ts';
import { assertNever } from '../shared/assert-never.ts';
import { columnKinds } from '../lesson/table-align.ts';

export interface OutputProps {
  /** `Output N`, the name the lesson checker and tests find it by. */
  readonly label: string;
  readonly outputs: readonly CellOutput[];
  readonly renderMarkdown: (source: string) => string;
  /** Restored from an earlier visit (its kernel session is gone): say so above the outputs, as Jupyter greys saved outputs. */
  readonly fromEarlierSession?: boolean;
}

/** The outputs that are not lines of text (each gets its own element). */
type RichOutput = Exclude<CellOutput, { readonly kind: 'text' | 'result' | 'error' }>;

type Group =
  | { readonly kind: 'lines'; readonly className: string; readonly lines: string[] }
  | { readonly kind: 'rich'; readonly output: RichOutput };

/** Consecutive print lines share one <pre>, as in Jupyter. */
function group(outputs: readonly CellOutput[]): Group[] {
  const groups: Group[] = [];
  for (const o of outputs) {
    if (o.kind !== 'text' && o.kind !== 'result' && o.kind !== 'error') {
      groups.push({ kind: 'rich', output: o });
      continue;
    }
    const className = o.kind === 'text' ? `out-text out-${o.stream}` : o.kind === 'result' ? 'out-text out-result' : 'out-text out-error';
    const line = o.kind === 'error' ? `${o.name}: ${o.message}` : o.text;
    const last = groups.at(-1);
    if (last?.kind === 'lines' && last.className === className) last.lines.push(line);
    else groups.push({ kind: 'lines', className, lines: [line] });
  }
  return groups;
}

function Rich({ output, renderMarkdown }: { readonly output: RichOutput; readonly renderMarkdown: (s: string) => string }) {
  switch (output.kind) {
    case 'table':
      return (
        <div className="out-table-wrap">
          <AlignedTable columns={output.columns} rows={output.rows} />
        </div>
      );
    case 'svg':
      return (
        <>
          <figure
            className="out-figure"
            role="img"
            aria-label={output.alt}
            dangerouslySetInnerHTML={{ __html: sanitizeHtml(output.html, { forbidAttr: ['aria-label'] }) }}
          />
          {output.data !== undefined && <FigureData data={output.data} />}
        </>
      );
    case 'image':
      // Checked when it arrived (app/kernel/client/output-check.ts); checked again here, where a src would be fetched.
      if (isSafeImageSrc(output.src))
        return <img className="out-image" src={output.src} alt={output.alt} width={output.width} height={output.height} />;
      // Anything else is a forged message: a remote one is named, never loaded.
      if (isRemoteResourceUrl(output.src, { origin: location.origin, base: location.href }))
        return <p className="blocked-resource">{blockedText('image', output.src)}</p>;
      return (
        <p className="out-notice" role="note">
          An image was not shown: its source is not a data: URL of an image type.
        </p>
      );
    case 'markdown':
      return <div className="out-markdown prose" dangerouslySetInnerHTML={{ __html: sanitizeHtml(renderMarkdown(output.markdown)) }} />;
    case 'notice':
      return (
        <p className="out-notice" role="note">
          {output.text}
        </p>
      );
    default:
      return assertNever(output, 'output kind');
  }
}

/** A figure's data, one click away: its text alternative. */
function FigureData({ data }: { readonly data: NonNullable<Extract<CellOutput, { kind: 'svg' }>['data']> }) {
  return (
    <details className="out-figure-data">
      <summary>Show data{data.total > data.rows.length ? ` (first ${data.rows.length} of ${data.total} rows)` : ''}</summary>
      <div className="out-table-wrap">
        <AlignedTable columns={data.columns} rows={data.rows} />
      </div>
    </details>
  );
}

export function Output({ label, outputs, renderMarkdown, fromEarlierSession = false }: OutputProps) {
  const error = outputs.find((o) => o.kind === 'error');
  return (
    <section className="cell-output" aria-label={label} aria-live="polite">
      {fromEarlierSession && outputs.length > 0 && (
        <p className="out-earlier" role="note">
          From an earlier session — run again to refresh
        </p>
      )}
      {group(outputs).map((g, i) =>
        g.kind === 'lines' ? (
          <pre key={i} className={g.className}>
            {g.lines.join('\n')}
          </pre>
        ) : (
          <Rich key={i} output={g.output} renderMarkdown={renderMarkdown} />
        ),
      )}
      {error?.kind === 'error' && error.line !== undefined && (
        <p className="out-error-where">
          at line {error.line}
          {error.column !== undefined ? `, column ${error.column}` : ''} of this cell
        </p>
      )}
    </section>
  );
}

/** A table output: numeric columns right-aligned, text columns left-aligned (app/lesson/table-align.ts). */
function AlignedTable({ columns, rows }: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }) {
  const kinds = columnKinds(rows, columns.length);
  const cls = (c: number): string => `col-${kinds[c] ?? 'text'}`;
  return (
    <table className="out-table">
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col" className={cls(i)}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          <tr key={r}>
            {row.map((v, c) => (
              <td key={c} className={cls(c)}>
                {v}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
