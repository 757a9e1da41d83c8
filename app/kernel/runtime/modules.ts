// `import … from "x"` in a cell. Built-in module names map to the built-ins
// (loaded lazily where heavy); anything else must be a same-origin URL and is
// loaded with dynamic import(). Bare names that are not built-in fail clearly
// instead of fetching a URL that happens to be relative.

export type ModuleLoader = () => unknown;

export interface ModuleImporterOptions {
  /** Built-in module name → its namespace (or a promise of it). */
  readonly builtins: Readonly<Record<string, ModuleLoader>>;
  /** Relative specifiers resolve against this; only its origin may be imported from. */
  readonly baseUrl: string;
  readonly load?: (url: string) => Promise<unknown>;
}

const loadUrl = (url: string): Promise<unknown> => import(/* @vite-ignore */ url);

export function createModuleImporter(options: ModuleImporterOptions): (specifier: string) => Promise<unknown> {
  const { builtins, baseUrl, load = loadUrl } = options;
  const names = Object.keys(builtins)
    .map((name) => `"${name}"`)
    .join(', ');
  return async (specifier) => {
    const builtin = Object.hasOwn(builtins, specifier) ? builtins[specifier] : undefined;
    if (builtin) return await builtin();
    const isUrlLike = /^(\.{0,2}\/|[a-z][a-z\d+.-]*:)/i.test(specifier);
    if (!isUrlLike) {
      throw new Error(
        `Unknown module "${specifier}". Built-in modules: ${names}; other modules must be same-origin URLs such as "/lib/util.js".`,
      );
    }
    const url = new URL(specifier, baseUrl);
    if (url.origin !== new URL(baseUrl).origin) {
      throw new Error(`Cannot import "${specifier}": only modules from this site (${new URL(baseUrl).origin}) can be imported.`);
    }
    return await load(url.href);
  };
}
