// Auth: log in with a password, refresh, log out, accept an invitation, exchange client
// credentials for a token. Public fields (no credential needed); each is rate-limited per IP and,
// where it names one, per account (src/auth/auth-rate-limit.ts).
import { builder } from '../builder.js';
import { badInput } from '../../errors.js';

// Needs no credential; a rejected one sent along is ignored (src/yoga/use-credential-check.ts).
const PUBLIC = { public: true };

const TOKEN_HELP = 'Send it as `Authorization: Bearer <accessToken>`; it expires after `expiresIn` seconds.';

const AuthTokens = builder
  .objectRef<{ accessToken: string; refreshToken: string; expiresIn: number }>('AuthTokens')
  .implement({
    description: `An access token (JWT) and the refresh token that renews it. ${TOKEN_HELP}`,
    fields: (t) => ({
      accessToken: t.exposeString('accessToken', { description: 'An EdDSA-signed JWT, valid 15 minutes.' }),
      refreshToken: t.exposeString('refreshToken', { description: 'Single use: refreshAccessToken returns a new one. Valid 30 days.' }),
      expiresIn: t.exposeInt('expiresIn', { description: 'Seconds until the access token expires.' }),
      tokenType: t.string({ description: 'Always "Bearer": the scheme of the Authorization header.', resolve: () => 'Bearer' }),
    }),
  });

const ClientToken = builder.objectRef<{ accessToken: string; expiresIn: number }>('ClientToken').implement({
  description: 'An access token for a client credential; send it as `Authorization: JWT <token>` or `Bearer <token>`.',
  fields: (t) => ({
    accessToken: t.exposeString('accessToken', { description: 'A signed JWT acting as the credential\'s user.' }),
    expiresIn: t.exposeInt('expiresIn', { description: 'Seconds until the token expires.' }),
    tokenType: t.string({ description: 'Always "JWT" (AssetIT\'s scheme; Bearer works too).', resolve: () => 'JWT' }),
  }),
});

const LoginInput = builder.inputType('LoginInput', {
  description: 'A user\'s e-mail and password.',
  fields: (t) => ({
    email: t.field({ type: 'EmailAddress', required: true, description: 'The e-mail the user was invited with (any case).' }),
    password: t.string({ required: true, description: 'The password set when accepting the invitation.' }),
    organizationId: t.field({ type: 'UUID', description: 'Only needed when the email signs in to several organizations.' }),
  }),
});

const AcceptInviteInput = builder.inputType('AcceptInviteInput', {
  description: 'The invitation token and the password the user chooses.',
  fields: (t) => ({
    token: t.string({ required: true, description: 'The token from the invitation link.' }),
    password: t.string({ required: true, description: 'The password to set: 12 to 256 characters.' }),
  }),
});

const ClientCredentialsInput = builder.inputType('ClientCredentialsInput', {
  description: 'A client credential\'s id and secret, as createClientCredential returned them.',
  fields: (t) => ({
    clientId: t.string({ required: true, description: 'The public client id (`ci_…`).' }),
    clientSecret: t.string({ required: true, description: 'The secret (`cs_…`).' }),
  }),
});

const required = (field: string, value: string) => {
  if (!value.trim()) throw badInput(field, `${field} cannot be blank`);
  return value;
};

builder.mutationFields((t) => ({
  login: t.field({
    type: AuthTokens,
    nullable: true,
    extensions: PUBLIC,
    description: 'Email and password → access and refresh tokens. A wrong password and an unknown email answer alike (UNAUTHENTICATED). Needs no credential; THROTTLED after 10 attempts a minute per address or 5 per account.',
    args: { input: t.arg({ type: LoginInput, required: true, description: 'E-mail, password and, when needed, the organization.' }) },
    resolve: (_root, { input }, ctx) => ctx.auth.login(ctx.requestInfo, { ...input, password: required('password', input.password) }),
  }),
  refreshAccessToken: t.field({
    type: AuthTokens,
    nullable: true,
    extensions: PUBLIC,
    description: 'Spends a refresh token for a new pair. Presenting a spent token again ends the whole session (UNAUTHENTICATED, `extensions.reason: "reused"`). Needs no credential.',
    args: { refreshToken: t.arg.string({ required: true, description: 'The `rt_…` token from login or the previous refresh.' }) },
    resolve: (_root, { refreshToken }, ctx) => ctx.auth.refresh(ctx.requestInfo, required('refreshToken', refreshToken)),
  }),
  logout: t.boolean({
    nullable: true,
    extensions: PUBLIC,
    description: "Ends the refresh token's session: its refresh and access tokens stop working. Returns true (also for a session already ended); UNAUTHENTICATED for an unknown token. Needs no credential.",
    args: { refreshToken: t.arg.string({ required: true, description: 'A refresh token of the session to end.' }) },
    resolve: (_root, { refreshToken }, ctx) => ctx.auth.logout(ctx.requestInfo, required('refreshToken', refreshToken)),
  }),
  acceptInvite: t.field({
    type: AuthTokens,
    nullable: true,
    extensions: PUBLIC,
    description: 'Sets the password of an invited user (the invitation is valid 7 days, once) and logs them in; a password reset also ends their other sessions. Needs no credential; BAD_USER_INPUT for a password outside 12–256 characters.',
    args: { input: t.arg({ type: AcceptInviteInput, required: true, description: 'The token from the link and the new password.' }) },
    resolve: (_root, { input }, ctx) => ctx.auth.acceptInvite(ctx.requestInfo, { token: required('token', input.token), password: input.password }),
  }),
  exchangeClientCredential: t.field({
    type: ClientToken,
    nullable: true,
    extensions: PUBLIC,
    description: 'client_id + client_secret → an access token acting as the credential\'s user. Needs no credential; UNAUTHENTICATED for a wrong pair, THROTTLED after 10 attempts a minute per address or 5 per client id.',
    args: { input: t.arg({ type: ClientCredentialsInput, required: true, description: 'The client id and secret.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.auth.exchangeClientCredential(ctx.requestInfo, { clientId: required('clientId', input.clientId), clientSecret: required('clientSecret', input.clientSecret) }),
  }),
}));
