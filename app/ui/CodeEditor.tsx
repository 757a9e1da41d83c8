import { useEffect, useRef, useState } from 'react';
import type { EditorView } from '@codemirror/view';

export interface CodeEditorProps {
  readonly value: string;
  readonly label: string;
  readonly onChange: (source: string) => void;
  readonly onRun: (moveToNext: boolean) => void;
  readonly names: () => Promise<readonly string[]>;
}

type Setup = typeof import('./codemirror-setup.ts');
let setupPromise: Promise<Setup> | null = null;
const loadSetup = (): Promise<Setup> => (setupPromise ??= import('./codemirror-setup.ts'));

/**
 * The code of a cell. Until CodeMirror has loaded, the code shows as plain
 * text (cells can already run); the editor then takes over in place.
 */
export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  const [setup, setSetup] = useState<Setup | null>(null);
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    let alive = true;
    void loadSetup().then((s) => alive && setSetup(s));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (setup === null || host.current === null) return;
    const v = setup.createEditor(host.current, latest.current.value, latest.current.label, {
      onChange: (s) => latest.current.onChange(s),
      onRun: (next) => latest.current.onRun(next),
      names: () => latest.current.names(),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [setup]);

  useEffect(() => {
    if (setup !== null && view.current !== null) setup.setEditorText(view.current, props.value);
  }, [setup, props.value]);

  return (
    <div className="code-editor" ref={host}>
      {setup === null && <pre className="code-fallback">{props.value}</pre>}
    </div>
  );
}
