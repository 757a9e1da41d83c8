import { describe, expect, it } from 'vitest';
import { commandFor, DOUBLE_D_MS, initialCommandState, type KeyInput } from './command-keys.ts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrl: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('command mode keys', () => {
  it('maps Jupyter keys to commands', () => {
    const at = (k: KeyInput) => commandFor(initialCommandState, k, 0).command;
    expect(at(key('a'))).toEqual({ type: 'insert', where: 'above' });
    expect(at(key('B'))).toEqual({ type: 'insert', where: 'below' });
    expect(at(key('z'))).toEqual({ type: 'undo-delete' });
    expect(at(key('m'))).toEqual({ type: 'kind', kind: 'markdown' });
    expect(at(key('y'))).toEqual({ type: 'kind', kind: 'code' });
    expect(at(key('ArrowDown'))).toEqual({ type: 'move', to: 'next' });
    expect(at(key('k'))).toEqual({ type: 'move', to: 'previous' });
    expect(at(key('Enter'))).toEqual({ type: 'edit' });
    expect(at(key('Enter', { shift: true }))).toEqual({ type: 'run', advance: true });
    expect(at(key('Enter', { ctrl: true }))).toEqual({ type: 'run', advance: false });
  });

  it('moves the cell itself on Ctrl-Shift-↑/↓ (Cmd on a Mac), and only with both modifiers', () => {
    const at = (k: KeyInput) => commandFor(initialCommandState, k, 0).command;
    expect(at(key('ArrowUp', { ctrl: true, shift: true }))).toEqual({ type: 'move-cell', direction: 'up' });
    expect(at(key('ArrowDown', { meta: true, shift: true }))).toEqual({ type: 'move-cell', direction: 'down' });
    expect(at(key('ArrowDown', { ctrl: true }))).toBeNull();
    expect(at(key('ArrowUp', { ctrl: true, shift: true, alt: true }))).toBeNull();
  });

  it('deletes only on two Ds in quick succession', () => {
    const first = commandFor(initialCommandState, key('d'), 1000);
    expect(first.command).toBeNull();
    expect(commandFor(first.state, key('d'), 1000 + DOUBLE_D_MS - 1).command).toEqual({ type: 'delete' });
    expect(commandFor(first.state, key('d'), 1000 + DOUBLE_D_MS + 1).command).toBeNull();
  });

  it('forgets a pending D when another key comes between', () => {
    const first = commandFor(initialCommandState, key('d'), 0);
    const between = commandFor(first.state, key('ArrowDown'), 10);
    expect(commandFor(between.state, key('d'), 20).command).toBeNull();
  });

  it('leaves browser and app shortcuts with modifiers alone', () => {
    expect(commandFor(initialCommandState, key('a', { ctrl: true }), 0).command).toBeNull();
    expect(commandFor(initialCommandState, key('z', { meta: true }), 0).command).toBeNull();
    expect(commandFor(initialCommandState, key('A', { shift: true }), 0).command).toBeNull();
  });
});
