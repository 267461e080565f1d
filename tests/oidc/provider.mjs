// A real OpenID Connect provider for the tests and the SSO demo: the certified
// `oidc-provider` package (a devDependency), on a loopback port.
//
//   node tests/oidc/provider.mjs CONFIG.json
//
// CONFIG (written by the test, or by bin/run for the demo):
//   {"port": 0, "client_id": "...", "client_secret": "...",
//    "redirect_uris": ["http://127.0.0.1:8000/sign-in/sso/demo/callback/"],
//    "post_logout_redirect_uris": ["http://127.0.0.1:8000/sign-in/"],
//    "id_token_ttl": 3600,
//    "users": {"alice": {"password": "...", "email": "...", "email_verified": true,
//                        "name": "...", "groups": ["..."], "amr": ["pwd", "mfa"],
//                        "disabled": false}}}
// Prints "ready http://127.0.0.1:PORT" once it listens. The sign-in page is a plain
// form (username and password) written here; consent is granted without a page, as a
// council's own provider does for its own applications. Test data only.
//
// For tests only, POST /test/users with a JSON object replaces the users (a person
// removed from a group, or disabled, as an IT team would do between two sign-ins).
import { generateKeyPair } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { promisify } from 'node:util';

// The signing key is made on a worker thread while oidc-provider loads (a fast start).
const keyPair = promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
const { default: Provider } = await import('oidc-provider');
const { privateKey } = await keyPair;

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let users = config.users || {};

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title></head><body><main>
<h1>${escape(title)}</h1><p>Test identity provider: every account here is test data.</p>
${body}</main></body></html>`;
}

function loginForm(uid, error) {
  const message = error ? `<p role="alert" id="error">${escape(error)}</p>` : '';
  return page('Sign in to the test identity provider', `${message}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="login">Username</label><br><input id="login" name="login" autocomplete="username"></p>
<p><label for="password">Password</label><br>
<input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><button type="submit">Sign in</button></p></form>`);
}

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
  });
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const server = http.createServer();
server.listen(config.port || 0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: config.redirect_uris,
      post_logout_redirect_uris: config.post_logout_redirect_uris || [],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    jwks: { keys: [jwk] },
    cookies: { keys: ['tests-only-not-a-secret'] },
    claims: {
      // amr (how the person signed in) in every ID token, as Entra ID's v1 tokens have it.
      openid: ['sub', 'amr'],
      email: ['email', 'email_verified'],
      // Groups come with the profile, as Entra ID sends its groups claim unasked.
      profile: ['name', 'given_name', 'family_name', 'groups'],
    },
    // Put the scopes' claims in the ID token too, as Microsoft Entra ID does, unless the
    // test asks for the letter of OIDC Core 5.4: email and profile only at userinfo.
    conformIdTokenClaims: Boolean(config.claims_only_at_userinfo),
    ttl: { IdToken: config.id_token_ttl || 3600, AccessToken: 600, Session: 3600, Grant: 3600 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page('Sign out of the test identity provider', `${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button></p>`);
        },
      },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const user = users[id];
      if (!user || user.disabled) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: user.email,
            email_verified: user.email_verified,
            name: user.name,
            groups: user.groups || [],
          };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const { client, session, params } = ctx.oidc;
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(params.scope || 'openid');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();

  server.on('request', async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === '/test/users') {
        users = JSON.parse(await readBody(req));
        res.writeHead(204);
        res.end();
        return;
      }
      const match = req.url.match(/^\/interaction\/([\w-]+)(\/login)?$/);
      if (!match) {
        callback(req, res);
        return;
      }
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        send(res, 200, loginForm(details.uid));
        return;
      }
      const form = new URLSearchParams(await readBody(req));
      const login = form.get('login') || '';
      const user = users[login];
      if (!user || user.disabled || user.password !== form.get('password')) {
        send(res, 400, loginForm(details.uid, 'That username and password do not match an active account.'));
        return;
      }
      const result = { login: { accountId: login, amr: user.amr || ['pwd'] } };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    } catch (error) {
      send(res, 400, page('Sign-in failed', `<p>${escape(error.message)}</p>`));
    }
  });
  process.stdout.write(`ready ${issuer}\n`);
});
