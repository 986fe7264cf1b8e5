/**
 * SPEC §2: keys beginning with `$` or containing `.` are rejected anywhere in a
 * body, so no operator-looking key can ever reach a database.
 * Returns the JSON Pointer of the first offending key, or undefined.
 */
export function findForbiddenKey(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], `${path}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const here = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.startsWith('$') || key.includes('.')) return here;
      const found = findForbiddenKey((value as Record<string, unknown>)[key], here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Byte length of a value as JSON (what it costs on the wire and on disk). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
}
