import { decodePathForMatching } from './decode.js';
import { SENSITIVE_PATHS, type SensitivePath } from './sensitive-path-list.js';

export { SENSITIVE_PATHS, type SensitivePath, type SensitivePathGroup } from './sensitive-path-list.js';

/**
 * Matching request targets against the sensitive paths: indexed by first path segment, so an
 * ordinary request costs one pass over that segment and a Map lookup by number, never a regex
 * per entry.
 */

export type SensitivePathMatcher = (target: string) => SensitivePath | undefined;

interface Candidate {
  readonly entry: SensitivePath;
  /** Lowercased path. */
  readonly lower: string;
  readonly prefix: boolean;
}

interface PathIndex {
  /** Candidates by the key of their first segment, matched at the start of the path. */
  readonly root: Map<number, Candidate[]>;
  /** The same for entries also matched below other folders (`/api/.env`, `/laravel/vendor/…`). */
  readonly deep: Map<number, Candidate[]>;
}

const SLASH = 47;
const PERCENT = 37;
const QUESTION = 63;
const KEY_MASK = 0x3fffffff;

const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step over an ASCII-lowercased character. */
function hashStep(hash: number, c: number): number {
  return Math.imul(hash ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
}

/**
 * Key of `s[from, to)` lowercased (ASCII), kept in the small-integer range so the Map lookup
 * allocates nothing. Collisions only cost a comparison: candidates are always verified.
 */
function segmentKey(s: string, from: number, to: number): number {
  let hash = FNV_OFFSET;
  for (let i = from; i < to; i++) hash = hashStep(hash, s.charCodeAt(i));
  return hash & KEY_MASK;
}

function segmentEnd(s: string, from: number, to: number): number {
  const slash = s.indexOf('/', from);
  return slash < 0 || slash > to ? to : slash;
}

/**
 * Hidden files and folders (`.env`, `.git/`) and Composer's `vendor/` are probed under every app
 * prefix (`/api/.env`, `/laravel/vendor/phpunit/…`), so they match at any depth. `.well-known`
 * is legitimately served, and its entry is about traversal from the root.
 */
function matchesAtAnyDepth(firstSegment: string): boolean {
  return (firstSegment.startsWith('.') && firstSegment !== '.well-known') || firstSegment === 'vendor';
}

function buildIndex(entries: readonly SensitivePath[]): PathIndex {
  const index: PathIndex = { root: new Map(), deep: new Map() };
  const add = (map: Map<number, Candidate[]>, key: number, candidate: Candidate): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [candidate]);
    else list.push(candidate);
  };
  for (const e of entries) {
    const lower = e.path.toLowerCase();
    const candidate: Candidate = { entry: e, lower, prefix: lower.endsWith('/') };
    const end = segmentEnd(lower, 1, lower.length);
    const key = segmentKey(lower, 1, end);
    add(index.root, key, candidate);
    if (matchesAtAnyDepth(lower.slice(1, end))) add(index.deep, key, candidate);
  }
  // Most specific first: `/.git/config` before `/.git/`.
  for (const map of [index.root, index.deep]) {
    for (const list of map.values()) list.sort((a, b) => b.lower.length - a.lower.length);
  }
  return index;
}

/** True at the end of the path component: the end of the text or the start of the query. */
const endsPath = (c: number): boolean => Number.isNaN(c) || c === QUESTION;

/**
 * Whether `path` at `at` (case-insensitively, ASCII) is `c`, or below it. Works on raw targets
 * (a `?` ends the path) as well as on normalized path components.
 */
function candidateMatches(c: Candidate, path: string, at: number): boolean {
  const lower = c.lower;
  for (let k = 0; k < lower.length; k++) {
    let ch = path.charCodeAt(at + k);
    if (ch >= 65 && ch <= 90) ch += 32;
    if (ch !== lower.charCodeAt(k)) {
      // A folder entry also matches the folder itself: `/administrator` for `/administrator/`.
      return c.prefix && k === lower.length - 1 && endsPath(ch);
    }
  }
  if (c.prefix) return true;
  const next = path.charCodeAt(at + lower.length);
  return endsPath(next) || next === SLASH;
}

function firstMatch(
  list: readonly Candidate[] | undefined,
  path: string,
  at: number,
): SensitivePath | undefined {
  if (list === undefined) return undefined;
  for (const c of list) if (candidateMatches(c, path, at)) return c.entry;
  return undefined;
}

/** Match on a decoded, lowercased path component with single slashes. */
function matchNormalized(index: PathIndex, path: string): SensitivePath | undefined {
  const root = firstMatch(index.root.get(segmentKey(path, 1, segmentEnd(path, 1, path.length))), path, 0);
  if (root !== undefined || index.deep.size === 0) return root;
  for (let at = path.indexOf('/', 1); at > 0; at = path.indexOf('/', at + 1)) {
    const list = index.deep.get(segmentKey(path, at + 1, segmentEnd(path, at + 1, path.length)));
    const deep = firstMatch(list, path, at);
    if (deep !== undefined) return deep;
  }
  return undefined;
}

function normalize(component: string): string {
  const decoded = component.includes('%') ? decodePathForMatching(component) : component.toLowerCase();
  return decoded.includes('//') ? decoded.replace(/\/{2,}/g, '/') : decoded;
}

function lookup(index: PathIndex, target: string): SensitivePath | undefined {
  let start = 0;
  if (target.charCodeAt(0) !== SLASH) {
    // Absolute form, as proxy probes send it: `GET http://host/.env`.
    const scheme = target.indexOf('://');
    if (scheme < 0) return undefined;
    start = target.indexOf('/', scheme + 3);
    if (start < 0) return undefined;
  }
  // Fast path: one pass over the first segment for its key, a Map lookup by number, candidates
  // compared in place, and for deeper paths one search for a hidden file or vendor/.
  const n = target.length;
  let slow = target.charCodeAt(start + 1) === SLASH;
  let hash = FNV_OFFSET;
  let i = start + 1;
  for (; i < n; i++) {
    const c = target.charCodeAt(i);
    if (c === SLASH || c === QUESTION) break;
    if (c === PERCENT) slow = true;
    hash = hashStep(hash, c);
  }
  if (!slow) {
    const list = index.root.get(hash & KEY_MASK);
    if (list === undefined) {
      if (!mayMatchDeeper(index, target, i)) return undefined;
    } else {
      const hit = firstMatch(list, target, start);
      // Only escapes or doubled slashes later in the path could still make a root entry match.
      if (hit !== undefined) return hit;
      if (!target.includes('%') && !target.includes('//') && !mayMatchDeeper(index, target, i))
        return undefined;
    }
  }
  const query = target.indexOf('?', i);
  return matchNormalized(index, normalize(target.slice(start, query < 0 ? n : query)));
}

/** A segment that is hidden (`/.git`) or `vendor/`: anywhere, the match is verified on the path. */
const DEEP_SEGMENT = /\/(?:\.|vendor\/)/;

/** Whether the path after the first segment, stopped at `from`, may hold a segment of the deep index. */
function mayMatchDeeper(index: PathIndex, target: string, from: number): boolean {
  return index.deep.size > 0 && target.charCodeAt(from) === SLASH && DEEP_SEGMENT.test(target);
}

function toEntry(item: string | SensitivePath): SensitivePath {
  if (typeof item !== 'string') return item;
  const path = item.startsWith('/') ? item : `/${item}`;
  return { path, group: 'secret', reason: 'listed as sensitive in the configuration' };
}

/**
 * A matcher over the built-in list plus `extra` paths (strings are `secret`), where requests
 * under an `allow`ed path never match: a site that really runs WordPress allows `/wp-login.php`
 * and `/wp-admin/`. Matching is case-insensitive on the decoded path component (the query is
 * ignored), and costs one pass over the first path segment for ordinary requests.
 */
export function createSensitivePathMatcher(
  extra: readonly (string | SensitivePath)[] = [],
  allow: readonly string[] = [],
): SensitivePathMatcher {
  const index = buildIndex([...SENSITIVE_PATHS, ...extra.map(toEntry)]);
  if (allow.length === 0) return (target) => lookup(index, target);
  const allowed = buildIndex(allow.map(toEntry));
  return (target) => {
    const hit = lookup(index, target);
    return hit === undefined || lookup(allowed, target) !== undefined ? undefined : hit;
  };
}

const builtIn = createSensitivePathMatcher();

/** The built-in entry a request target asks for, or undefined. */
export function matchSensitivePath(target: string): SensitivePath | undefined {
  return builtIn(target);
}
