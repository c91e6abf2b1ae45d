// The Response every answer of ours is built with: @whatwg-node's, as graphql-yoga's own. The server
// adapter writes its string or Buffer body as is; the global (undici) Response's body goes through a
// web stream and TextEncoder first (~0.2 ms of CPU a REST request, measured with bench:ab).
export { Response } from '@whatwg-node/fetch';
