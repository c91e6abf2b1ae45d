// Which route answers a request, or which dialect refuses it: routes match by method and path;
// an unmatched path under a dialect's prefix is that dialect's 404 (the longest prefix wins), a
// matched path with another method its 405.
import type { Dialect } from './dialect.js';
import { compilePath, type Route } from './route.js';

export type Dispatch =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'wrong method'; dialect: Dialect; allow: string[] }
  | { kind: 'no route'; dialect: Dialect }
  /** Not a path the REST layer serves. */
  | { kind: 'elsewhere' };

const under = (pathname: string, prefix: string) => pathname.startsWith(prefix) || `${pathname}/` === prefix;

export function dispatcher(routes: readonly Route[], dialects: readonly Dialect[]) {
  const compiled = routes.map((route) => ({ route, match: compilePath(route.path) }));
  const owners = dialects
    .flatMap((dialect) => dialect.prefixes.map((prefix) => ({ prefix, dialect })))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const { route } of compiled) {
    if (!owners.some(({ prefix }) => route.path.startsWith(prefix))) {
      throw new Error(`${route.method} ${route.path} (${route.dialect.name}): no dialect owns its prefix`);
    }
  }
  const owner = (pathname: string) => owners.find(({ prefix }) => under(pathname, prefix))?.dialect;

  return (method: string, pathname: string): Dispatch => {
    const dialect = owner(pathname);
    if (!dialect) return { kind: 'elsewhere' };
    const matches = compiled.flatMap(({ route, match }) => {
      const params = match(pathname);
      return params ? [{ route, params }] : [];
    });
    const hit = matches.find(({ route }) => route.method === method);
    if (hit) return { kind: 'route', ...hit };
    if (matches.length) return { kind: 'wrong method', dialect: matches[0].route.dialect, allow: matches.map(({ route }) => route.method) };
    return { kind: 'no route', dialect };
  };
}
