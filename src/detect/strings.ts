/**
 * A copy of a string that does not keep its source alive. Lines are cut from a whole decoded
 * chunk of the file, and V8 makes a substring a view into its parent: a map keyed by an address
 * taken from a line would otherwise hold on to 64 KiB of log per key. Everything detection keeps
 * beyond the current event goes through this.
 */
export function own(text: string): string {
  // Slicing a concatenation flattens it into a new string first; the result points into that.
  return (' ' + text).slice(1);
}
