/**
 * The expressions behind `findInjection`, one per family, run on text already through
 * `decodeForMatching` (decoded, lowercased). Each repetition is bounded, or is followed by
 * something it cannot match itself (never `\s+\s*`, never `(a+)+` over overlapping characters),
 * so there is one way to match any text and no input backtracks for long; the pathological inputs
 * of the tests hold them to that.
 */

const join = (parts: readonly string[]): RegExp => new RegExp(parts.join('|'));

/**
 * SQL injection. The words alone (`select`, `union`, `sleep`) are ordinary search terms, so every
 * alternative needs SQL syntax around them: a quote or digit closing a value, a comparison of a
 * value with itself, a function call with numeric arguments, a comment ending the statement.
 * Alternatives are grouped by their first character (a quote, a word start, `;`, `(`, …) so the
 * engine tries few of them at each position.
 */
export const SQLI = join([
  // Tautologies: `' or 1=1`, `" or ""="`, `') or ('a'='a`, `1 and 8427=8427`, `'or''='`.
  String.raw`['")\d]\s*(?:or|and|xor|\|\||&&)(?:\s+(?:not\s+)?(?:\(\s*)?|\(\s*|(?=['"]))(?:(?<q>['"])(?<v>\w*)\k<q>\s*(?:=|<=>|\blike\s)\s*(?:\(\s*)?\k<q>\k<v>|(?<n>\w+)\s*(?:=|<=>|\blike\s)\s*(?:\(\s*)?\k<n>)(?!\w)`,
  // After a closing quote: `' or true--`, `1' order by 3`, a comment (`admin'--`, `1' -- -`), a stacked statement.
  String.raw`['")]\s*(?:(?:or|and)\s+(?:true|false|\d+)\s*(?:--|#|\/\*|;)|order\s+by\s+\d)`,
  String.raw`['"]\)*(?:--|\s*(?:--(?:\s*-)?|#)\s*(?=&|$)|\s*;\s*(?:drop|select|insert|update|delete|exec|execute|declare|shutdown|waitfor|create|alter|truncate|union)\b)`,
  String.raw`;\s*(?:drop\s+(?:table|database)\b|shutdown\b|declare\s+@|exec(?:ute)?\s+(?:xp_|sp_|master\.))`,
  String.raw`\b(?:` +
    [
      // UNION-based: `union [all] select` followed by what a column list starts with.
      String.raw`union(?:\s+(?:all|distinct))?[\s(]+select\b\s*(?:\(|null\b|\d|['"@*-]|0x|top\s+\d|[a-z_][\w.]*(?:\(|,[\w@'"(*])|[\w.]+\s+from\s)`,
      // Time-based and error-based functions, catalogue tables, file access.
      String.raw`(?:pg_)?sleep\s*\(\s*\d+(?:\.\d+)?\s*\)`,
      String.raw`benchmark\s*\(\s*\d+\s*,`,
      String.raw`waitfor\s+(?:delay|time)\s+['"]`,
      String.raw`(?:extractvalue|updatexml|load_file)\s*\(`,
      String.raw`into\s+(?:out|dump)file\b`,
      String.raw`information_schema\b|xp_cmdshell\b|utl_inaddr\.|dbms_pipe\.`,
      String.raw`(?:concat(?:_ws)?|char)\s*\(\s*0x[0-9a-f]{2}`,
      String.raw`order\s+by\s+\d+\s*(?:--|#|\/\*)`,
    ].join('|') +
    ')',
  String.raw`@@(?:version|datadir|hostname|basedir|servername)\b`,
  String.raw`\(\s*select\s+(?:\*|null\b|\d|@@|count\s*\(|concat|char\s*\(|[a-z_][\w.]*\(|[\w.*,]{1,60}\s+from\s)`,
  // NoSQL operator injection in query keys: `user[$ne]=x`.
  String.raw`\[\$(?:ne|eq|gt|gte|lt|lte|regex|where|exists|nin|in|or|and|not|expr)\]`,
]);

/** MySQL comments (`/**\/`, `/*!50000union*\/`) used in place of spaces or to hide keywords. */
export const SQL_COMMENT = /\/\*!?\d*|\*\//g;

const XSS_EVENT_HANDLERS = [
  'abort',
  'animation(?:end|iteration|start)',
  'auxclick',
  'before(?:print|unload)',
  'begin',
  'blur',
  'change',
  'click',
  'contextmenu',
  'copy',
  'cut',
  'dblclick',
  'drag\\w*',
  'drop',
  'end',
  'error',
  'focus(?:in|out)?',
  'hashchange',
  'input',
  'invalid',
  'key(?:down|press|up)',
  'load\\w*',
  'message',
  'mouse\\w+',
  'page(?:show|hide)',
  'paste',
  'pointer\\w+',
  'popstate',
  'readystatechange',
  'repeat',
  'reset',
  'resize',
  'scroll',
  'search',
  'select',
  'start',
  'submit',
  'toggle',
  'touch\\w+',
  'transition\\w+',
  'unload',
  'wheel',
].join('|');

/** Cross-site scripting: markup and script that only a payload puts in a URL. */
export const XSS = join([
  String.raw`<(?:\s*(?:\/\s*)?(?:script|iframe|frameset|svg|math|object|embed|applet|isindex|marquee|details|video|audio|body|base|xss)\b|img\b[^>]{0,100}?\bsrc\s*=)`,
  String.raw`[\s"'\/;]on(?:${XSS_EVENT_HANDLERS})\s*=`,
  String.raw`\b(?:` +
    [
      // `javascript:` followed by code; not `javascript:void(0)` (crawlers fetch broken links to it) nor prose.
      String.raw`(?:java|vb)\s{0,3}script\s*:\s*(?:(?:alert|prompt|confirm|eval|atob|fetch|settimeout|setinterval|import)\s*[(\x60]|(?:document|window|top|self|parent|this|location)\s*[.\[=]|['"\x60(\[]|\/\/|\\u|&#)`,
      String.raw`(?:alert|prompt|confirm)\s*(?:\(\s*(?:\d|['"\x60\/)]|document|window|string\.fromcharcode|atob)|\x60)`,
      String.raw`document\s*\.\s*(?:cookie|domain|write\s*\()`,
      String.raw`string\s*\.\s*fromcharcode\s*\(`,
      String.raw`eval\s*\(\s*(?:atob|string|unescape|decodeuri|['"\x60])`,
      String.raw`data:(?:text\/html|image\/svg\+xml)`,
    ].join('|') +
    ')',
]);

/** Path traversal and local file inclusion. */
export const TRAVERSAL = join([
  String.raw`\.\.(?:` +
    [
      // Two or more `../` (or `..\`, `....//`, Tomcat's `..;/`), with the target when there is one.
      String.raw`\.{0,2};?[\/\\]+(?:\.{2,4};?[\/\\]+)+[^\s?&#]{0,40}`,
      // One level is enough when it reaches for a known file.
      String.raw`;?[\/\\]+(?:etc[\/\\]|windows[\/\\]|winnt[\/\\]|proc[\/\\]|boot\.ini|win\.ini|\.env\b|\.git[\/\\]|\.ssh[\/\\]|\.aws[\/\\]|\.ht(?:passwd|access)|wp-config\.php|web\.config|web-inf[\/\\]|meta-inf[\/\\]|(?:local)?settings\.php|configuration\.php|config\.php)`,
    ].join('|') +
    ')',
  String.raw`\b(?:` +
    [
      String.raw`etc[\/\\]+(?:passwd|shadow|master\.passwd|sudoers|group|hosts|issue|crontab|environment|hostname)\b`,
      String.raw`(?:win|boot|system)\.ini\b`,
      String.raw`proc[\/\\]+(?:self|\d+)[\/\\]+(?:environ|cmdline|maps|fd|status|cwd|exe|mounts|root)\b`,
      // PHP stream wrappers used for inclusion (`php://filter/…`, `data://text/plain;base64,…`).
      String.raw`(?:php|file|expect|data|phar|zip|glob|compress\.zlib|compress\.bzip2)\s*:\s*\/\/`,
    ].join('|') +
    ')',
]);

// Commands that are not English words may come with any argument or none.
const COMMANDS_ANY_ARGUMENT =
  'wget|curl|nc|ncat|netcat|nslookup|powershell|pwsh|busybox|certutil|tftp|telnet|base64|nohup|whoami|uname|ifconfig|ipconfig|systeminfo|hostname';
// Commands that are also words (`pets|cat food`, `java|php developer`, `photo;id card`) need a
// shell-looking argument (`-flag`, `/path`, `$var`, a number, a quote, a URL) or to end the command.
const COMMANDS_SHELL_ARGUMENT =
  'cat|echo|sleep|ping|dig|cd|rm|ls|id|sh|bash|zsh|python[23]?|perl|php|ruby|chmod|cmd(?:\\.exe)?|kill|sudo';

/** OS command injection (a command separator, then a command) and PHP code injection. */
export const CMDI = join([
  // A line break separates commands too; only the first of a run starts a match, so runs of blank
  // lines cannot make the `\s*` after it rescan the same text.
  String.raw`(?:[;|\x60]|&&|\$\(|(?<!\s)\n)\s*(?:(?:\/usr)?\/s?bin\/)?(?:(?:${COMMANDS_ANY_ARGUMENT})(?=$|[\s;|&\x60)'"<>$])|(?:${COMMANDS_SHELL_ARGUMENT})(?:(?:\s+|\$\{ifs\}|\$ifs\b|<)(?:[-\/$~<>'"+.]|\d|https?:)|(?=$|[;|&\x60)\n])))`,
  String.raw`\$\{ifs\}|<\?php`,
  String.raw`\b(?:` +
    [
      String.raw`(?:shell_exec|passthru|proc_open|popen|system|exec|eval|assert)\s*\(\s*['"$]`,
      // ThinkPHP 5 RCE, sprayed by botnets: `?s=/index/\think\app/invokefunction&function=call_user_func_array`.
      String.raw`(?:invokefunction|call_user_func(?:_array)?)\b`,
    ].join('|') +
    ')',
]);
