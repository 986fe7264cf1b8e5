/** RFC 6901 token escaping. */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(parent: string, token: string | number): string {
  return `${parent}/${escapeToken(token)}`;
}
