// The framework's own floor for bench:http: graphql-yoga over node:http with a one-field schema,
// no plugins, no database, answering `{ __typename }`. What any server built on yoga pays per
// request before doing anything of its own; the app's floor minus this is the app's own cost.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: {} }),
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  logging: false,
  // As the app runs it: its own plugin checks body sizes.
  maxRequestBodySize: false,
});

const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`bare yoga listening on ${typeof address === 'object' && address ? address.port : '?'}`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
