// GET /accept-invite: the page invitation links open. The token stays in the URL fragment (never
// sent to a server or its logs); the page posts it with the chosen password to the REST endpoint.
import type { Plugin } from 'graphql-yoga';
import { Response } from '../request/response.js';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Set your password</title>
<style>body{font:16px system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.5rem 0}input,button{padding:.6rem;font:inherit}#result{margin-top:1rem}</style>
</head><body>
<h1>Set your password</h1>
<form id="accept">
  <label for="password">New password (at least 12 characters)</label>
  <input id="password" name="password" type="password" minlength="12" maxlength="256" autocomplete="new-password" required>
  <button type="submit">Set password and sign in</button>
</form>
<p id="result" role="status"></p>
<script>
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const result = document.getElementById('result');
if (!token) result.textContent = 'This link has no invitation token: open the link from your invitation e-mail.';
document.getElementById('accept').addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = document.getElementById('password').value;
  const response = await fetch('/api/auth/accept-invite', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password }),
  });
  const body = await response.json().catch(() => ({}));
  result.textContent = response.ok ? 'Your password is set. You can now sign in.' : (body.error || 'Something went wrong (' + response.status + ')');
  if (response.ok) history.replaceState(null, '', location.pathname);
});
</script>
</body></html>`;

export function useAcceptInvitePage(): Plugin {
  return {
    onRequest({ url, request, endResponse }) {
      if (request.method !== 'GET' || url.pathname !== '/accept-invite') return;
      endResponse(new Response(PAGE, {
        headers: {
          'content-type': 'text/html; charset=utf-8',
          // The page must not leak the fragment's token to other origins or be framed.
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'DENY',
          'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'",
        },
      }));
    },
  };
}
