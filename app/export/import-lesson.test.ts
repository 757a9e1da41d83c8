import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../notebook/persistence.ts';
import { fileProblem, importedPath, loadImported, rememberImported } from './import-lesson.ts';

describe('importing a lesson file', () => {
  it('refuses files that are not Markdown text, saying why', () => {
    expect(fileProblem('notes.txt', 10, 'x')).toContain('is not a Markdown file');
    expect(fileProblem('big.md', 6 * 1024 * 1024, null)).toContain('at most 5 MB');
    expect(fileProblem('bin.md', 4, 'a\u0000b')).toContain('not a text file');
    expect(fileProblem('ok.md', 4, '# hi')).toBeNull();
  });

  it('gives imported lessons their own id so saved edits never mix with a bundled lesson', () => {
    expect(importedPath('14-quantization.md')).toBe('imported/imported-14-quantization.md');
    expect(importedPath('imported-14-quantization.md')).toBe('imported/imported-14-quantization.md');
    expect(importedPath('my notes!.markdown')).toBe('imported/imported-my-notes-.md');
  });

  it('remembers imported lessons for the session, replacing a re-import of the same file', () => {
    const storage = new MemoryStorage();
    let list = rememberImported(storage, [], { path: 'imported/imported-a.md', text: 'one' });
    list = rememberImported(storage, list, { path: 'imported/imported-a.md', text: 'two' });
    expect(list).toEqual([{ path: 'imported/imported-a.md', text: 'two' }]);
    expect(loadImported(storage)).toEqual(list);
    storage.setItem('qlab:imported', '{oops');
    expect(loadImported(storage)).toEqual([]);
  });
});
