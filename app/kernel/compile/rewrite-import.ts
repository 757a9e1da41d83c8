// `import … from "m"` in a cell becomes an awaited `__import("m")` whose
// bindings are assigned (as constants) to the shared scope. `__import` maps
// built-in module names (e.g. "torch") to the built-ins and loads other
// same-origin modules with dynamic `import()`; see modules.ts.
import type { ImportDeclaration } from 'acorn';
import { lineBreaksIn, type EditList } from './edits.ts';

export function rewriteImport(node: ImportDeclaration, edits: EditList): void {
  const load = `await __import(${JSON.stringify(node.source.value)})`;
  const namespace = node.specifiers.find((specifier) => specifier.type === 'ImportNamespaceSpecifier');
  const properties: string[] = [];
  for (const specifier of node.specifiers) {
    if (specifier.type === 'ImportDefaultSpecifier') properties.push(`default: __const.${specifier.local.name}`);
    if (specifier.type === 'ImportSpecifier') {
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : JSON.stringify(specifier.imported.value);
      properties.push(`${imported}: __const.${specifier.local.name}`);
    }
  }
  const namespaced = namespace ? `__const.${namespace.local.name} = ${load}` : load;
  const statement = properties.length === 0 ? `${namespaced};` : `;({ ${properties.join(', ')} } = ${namespaced});`;
  const original = edits.source.slice(node.start, node.end);
  edits.replace(node.start, node.end, statement + lineBreaksIn(original));
}
