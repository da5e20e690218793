/** `1 failed login`, `1,234 failed logins`: a count and its noun, for messages people read. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
