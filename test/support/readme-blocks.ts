// The README's code examples, extracted so a test can run them: fenced ```graphql and ```sh blocks,
// and the curl commands in the sh blocks, split as a POSIX shell would split them.
import { readFileSync } from 'node:fs';

export interface CodeBlock {
  language: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  text: string;
}

export function codeBlocks(markdown: string, languages: string[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (languages.includes(open[1])) blocks.push({ language: open[1], line: i + 1, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

export const readme = () => readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/**
 * The commands of a shell block: comments dropped, `\`-continued lines joined, each split into
 * words with quotes removed; `$NAME` / `${NAME}` expand from `vars` outside single quotes.
 */
export function shellCommands(text: string, vars: Record<string, string>): string[][] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined.split('\n').map((line) => words(line, vars)).filter((command) => command.length > 0);
}

function words(line: string, vars: Record<string, string>): string[] {
  const result: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  const expand = (rest: string) => {
    const match = /^\$(?:\{(\w+)\}|(\w+))/.exec(rest);
    if (!match) return null;
    const name = match[1] ?? match[2];
    if (!(name in vars)) throw new Error(`the README uses $${name}, which the example test does not define`);
    return { value: vars[name], length: match[0].length };
  };
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote === "'") {
      if (char === "'") quote = null; else word += char;
      continue;
    }
    if (char === '$') {
      const variable = expand(line.slice(i));
      if (variable) { word = (word ?? '') + variable.value; i += variable.length - 1; continue; }
    }
    if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '\\' && i + 1 < line.length) word += line[++i];
      else word += char;
      continue;
    }
    if (char === '#' && word === null) break;
    if (char === '"' || char === "'") { quote = char; word ??= ''; continue; }
    if (/\s/.test(char)) { if (word !== null) result.push(word); word = null; continue; }
    word = (word ?? '') + char;
  }
  if (quote) throw new Error(`unterminated ${quote} in: ${line}`);
  if (word !== null) result.push(word);
  return result;
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The request a `curl` command makes (the options the README uses; others are refused). */
export function curlRequest(args: string[]): CurlRequest {
  const request: CurlRequest = { method: '', url: '', headers: {} };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-X' || arg === '--request') request.method = args[++i];
    else if (arg === '-H' || arg === '--header') {
      const header = args[++i];
      const colon = header.indexOf(':');
      request.headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (['-d', '--data', '--data-raw', '--json'].includes(arg)) {
      request.body = args[++i];
      if (arg === '--json') request.headers['content-type'] ??= 'application/json';
    } else if (/^-[sSfiL]+$/.test(arg) || arg === '--silent' || arg === '--fail') continue;
    else if (arg.startsWith('-')) throw new Error(`curl option ${arg} is not understood by the example test`);
    else request.url = arg;
  }
  request.method ||= request.body === undefined ? 'GET' : 'POST';
  if (request.body !== undefined) request.headers['content-type'] ??= 'application/x-www-form-urlencoded';
  return request;
}
