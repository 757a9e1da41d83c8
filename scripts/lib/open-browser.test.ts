import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noBrowserReason, onPath } from './open-browser.ts';

const has =
  (...commands: string[]) =>
  (c: string) =>
    commands.includes(c);

describe('noBrowserReason (npm start --open)', () => {
  it('opens nothing under CI, whatever the platform', () => {
    expect(noBrowserReason({ CI: 'true', DISPLAY: ':0' }, 'linux', has('xdg-open'))).toBe('CI is set');
    expect(noBrowserReason({ CI: '1' }, 'darwin')).toBe('CI is set');
    expect(noBrowserReason({ CI: 'false', DISPLAY: ':0' }, 'linux', has('xdg-open'))).toBeNull();
    expect(noBrowserReason({ CI: '0' }, 'win32')).toBeNull();
  });

  it('on Linux needs a display and xdg-open (an SSH box or a container has neither)', () => {
    expect(noBrowserReason({ SSH_CONNECTION: '10.0.0.1 22 10.0.0.2 5000' }, 'linux', has('xdg-open'))).toBe(
      'no display: DISPLAY and WAYLAND_DISPLAY are unset',
    );
    expect(noBrowserReason({ DISPLAY: ':0' }, 'linux', has())).toBe('xdg-open is not installed');
    expect(noBrowserReason({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', has('xdg-open'))).toBeNull();
    expect(noBrowserReason({ DISPLAY: 'localhost:10.0' }, 'linux', has('xdg-open'))).toBeNull(); // ssh -X
    expect(noBrowserReason({ WSL_DISTRO_NAME: 'Debian' }, 'linux', has())).toBeNull();
  });

  it('opens a browser on macOS and Windows', () => {
    expect(noBrowserReason({}, 'darwin', has())).toBeNull();
    expect(noBrowserReason({}, 'win32', has())).toBeNull();
  });
});

describe('onPath', () => {
  it('finds executables only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlab-path-'));
    writeFileSync(join(dir, 'runnable'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(dir, 'plain'), 'text', { mode: 0o644 });
    const path = ['', '/nonexistent', dir].join(delimiter);
    expect(onPath('runnable', path)).toBe(true);
    expect(onPath('plain', path)).toBe(false);
    expect(onPath('missing', path)).toBe(false);
  });
});
