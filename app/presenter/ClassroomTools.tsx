import type { ExportSource } from '../export/export-lesson.ts';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { ImportControl, type ImportControlProps } from '../export/ImportControl.tsx';
import type { KeyValueStorage } from '../notebook/persistence.ts';
import { ThemePicker } from '../ui/ThemePicker.tsx';
import { useNotebookStore } from '../ui/notebook-context.ts';

export interface ClassroomToolsProps {
  readonly onPresent: () => void;
  readonly exportSource: ExportSource | null;
  readonly onImport: ImportControlProps['onImport'];
  readonly onShortcuts: () => void;
  readonly storage: KeyValueStorage;
  readonly renderMarkdown: (source: string) => string;
}

/** The header's classroom controls: Present, Export, Import, theme, shortcuts sheet. */
export function ClassroomTools(p: ClassroomToolsProps) {
  const store = useNotebookStore();
  return (
    <div className="classroom-tools" role="group" aria-label="Lesson tools">
      <button
        type="button"
        data-action="present"
        onClick={p.onPresent}
        disabled={p.exportSource === null}
        aria-keyshortcuts="P"
        title="Show the lesson as slides (P)"
      >
        ▣ Present
      </button>
      <ExportMenu store={store} source={p.exportSource} renderMarkdown={p.renderMarkdown} />
      <ImportControl onImport={p.onImport} />
      <ThemePicker storage={p.storage} />
      <button type="button" onClick={p.onShortcuts} aria-label="Shortcuts" aria-keyshortcuts="Shift+?" title="Keyboard shortcuts (?)">
        ⌨<span className="wide-only"> Shortcuts</span>
      </button>
    </div>
  );
}
