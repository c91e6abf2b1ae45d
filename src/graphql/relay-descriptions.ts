// What GraphiQL's docs say about the parts plugin-relay generates for every connection (builder.ts
// spreads these into its `relay` options).
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../cost/page-limits.js';

export const RELAY_DESCRIPTIONS = {
  nodeTypeOptions: { description: 'An object with an id: `node(id:)` and `nodes(ids:)` find any of them by id alone.' },
  idFieldOptions: { description: 'The row\'s UUID; the REST layer returns the same id.' },
  pageInfoTypeOptions: { description: 'Where a page sits in its list: whether more items follow or precede it, and the cursors to fetch them.' },
  pageInfoFieldOptions: { description: 'Whether there are more pages, and the cursors to fetch them.' },
  hasNextPageFieldOptions: { description: 'More items follow this page: ask again with `after: endCursor`.' },
  hasPreviousPageFieldOptions: { description: 'Items precede this page: ask again with `before: startCursor` (true after a cursor or an offset).' },
  startCursorFieldOptions: { description: 'The cursor of the first item of the page; null when the page is empty.' },
  endCursorFieldOptions: { description: 'The cursor of the last item of the page (pass it as `after` for the next page); null when the page is empty.' },
  cursorFieldOptions: { description: 'An opaque position in the list, valid for its order and filter: pass it as `after` or `before`.' },
  firstArgOptions: { description: `Page size when paging forward: the first N items (after \`after\`). Default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}; out of range is BAD_USER_INPUT, never clamped. Not with \`last\`.` },
  lastArgOptions: { description: `Page size when paging backward: the last N items (before \`before\`). At most ${MAX_PAGE_SIZE}; not with \`first\` or \`offset\`.` },
  afterArgOptions: { description: 'Start after this cursor (an edge\'s `cursor` or `pageInfo.endCursor` of the same list and order).' },
  beforeArgOptions: { description: 'End before this cursor (an edge\'s `cursor` or `pageInfo.startCursor`), paging backward; not with `after`.' },
  defaultConnectionTypeOptions: { description: 'One page of a list (a Relay connection): its edges, where the page sits (pageInfo) and how many items the whole list has (totalCount).' },
  defaultEdgeTypeOptions: { description: 'One item of a page, with the cursor of its position.' },
} as const;
