// CodeMirror is loaded lazily (it is the largest part of the editor), so this
// module is only imported by CodeEditor once the page is up.
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { themedHighlightStyle } from './theme-highlight.ts';

export interface EditorCallbacks {
  onChange(source: string): void;
  onRun(moveToNext: boolean): void;
  /** Names the kernel knows (built-ins, declarations, `torch.member`s); asked as the student types. */
  names(): Promise<readonly string[]>;
}

function completeKernelNames(names: () => Promise<readonly string[]>) {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const word = ctx.matchBefore(/[A-Za-z_$][\w$]*(\.[\w$]*)?/);
    if (word === null || (word.from === word.to && !ctx.explicit)) return null;
    const dot = word.text.lastIndexOf('.');
    const prefix = dot === -1 ? '' : word.text.slice(0, dot + 1);
    const options = (await names())
      .filter((n) => (prefix === '' ? !n.includes('.') : n.startsWith(prefix)))
      .map((n) => ({ label: n.slice(prefix.length), type: prefix === '' ? 'variable' : 'property' }));
    return { from: word.from + prefix.length, options, validFor: /^[\w$]*$/ };
  };
}

export function createEditor(parent: HTMLElement, doc: string, label: string, cb: EditorCallbacks): EditorView {
  const runKeys = Prec.highest(
    keymap.of([
      { key: 'Shift-Enter', run: () => (cb.onRun(true), true) },
      { key: 'Mod-Enter', run: () => (cb.onRun(false), true) },
    ]),
  );
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        runKeys,
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        syntaxHighlighting(themedHighlightStyle),
        javascript({ typescript: true }),
        autocompletion({ override: [completeKernelNames(cb.names)] }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
        // tabindex: axe counts a wide cell's horizontal scroller as keyboard-reachable only with it.
        EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) cb.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
}

/** Replace the document when the store changed it (Reset cell), keeping undo history. */
export function setEditorText(view: EditorView, text: string): void {
  const current = view.state.doc.toString();
  if (current === text) return;
  view.dispatch({ changes: { from: 0, to: current.length, insert: text } });
}
