// Raw HTML is off in lessons, but keyboard keys are common in instructions
// ("press <kbd>Shift</kbd>+<kbd>Enter</kbd>"): this one tag is recognised as
// syntax, with plain-text content, so nothing else can be injected.
import type { MarkdownIt } from 'markdown-it';

const KBD = /^<kbd>([^<>\n]{1,40})<\/kbd>/;

export function kbdPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('html_inline', 'kbd', (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x3c /* < */) return false;
    const match = KBD.exec(state.src.slice(state.pos, state.pos + 60));
    if (match === null) return false;
    if (!silent) {
      state.push('kbd_open', 'kbd', 1);
      state.push('text', '', 0).content = match[1] ?? '';
      state.push('kbd_close', 'kbd', -1);
    }
    state.pos += match[0].length;
    return true;
  });
}
