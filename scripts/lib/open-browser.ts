// Node (vite.config.ts): whether `npm start` (vite --open) can open a browser on this machine.
// Vite opens one with xdg-open on Linux; on a machine with no browser to show (CI, an SSH
// session without X forwarding, a container) xdg-open is missing — Vite then prints a stack
// trace, "Error: spawn xdg-open ENOENT" — or has nothing to open with. BROWSER=none is Vite's
// own switch to skip opening; the server and its address are the same either way.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether an executable of that name is on PATH. */
export function onPath(command: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** CI services set CI (GitHub Actions, GitLab, .ci/run under most runners); "false"/"0" mean not CI. */
const isCi = (env: NodeJS.ProcessEnv): boolean => env.CI !== undefined && !['', '0', 'false'].includes(env.CI.toLowerCase());

/** Why no browser can be opened here, or null when one can. */
export function noBrowserReason(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  hasCommand: (command: string) => boolean = onPath,
): string | null {
  if (isCi(env)) return 'CI is set';
  if (platform !== 'linux') return null; // macOS `open`, Windows `start`: always there
  // WSL: Vite opens the Windows browser through powershell.exe, no display needed.
  if (env.WSL_DISTRO_NAME !== undefined) return null;
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display: DISPLAY and WAYLAND_DISPLAY are unset';
  if (!hasCommand('xdg-open')) return 'xdg-open is not installed';
  return null;
}
