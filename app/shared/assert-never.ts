// The end of an exhaustive switch: TypeScript proves `value` is `never` there, so adding a
// member to a union fails to compile at every switch that must handle it (instead of a
// `default:` that renders nothing or takes the wrong path at run time). The throw is for
// values that lie about their type (data from another context).

export function assertNever(value: never, what: string): never {
  throw new TypeError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
