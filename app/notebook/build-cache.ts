// Import checks a lesson, lists it and opens it, each with the same text: a
// 5 MB lesson must not be parsed and rendered three times before its first
// cell shows. Pages are immutable, so the same text and path give the same page.

/** `build`, remembering its last `size` results by path and text. */
export function cachedBuild<R>(build: (text: string, path: string) => R, size = 4): (text: string, path: string) => R {
  const recent: { text: string; path: string; result: R }[] = [];
  return (text, path) => {
    const i = recent.findIndex((e) => e.path === path && e.text === text);
    if (i >= 0) {
      const [hit] = recent.splice(i, 1);
      recent.push(hit!);
      return hit!.result;
    }
    const result = build(text, path);
    recent.push({ text, path, result });
    if (recent.length > size) recent.shift();
    return result;
  };
}
