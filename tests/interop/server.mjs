// Local OAuth 2.0 / OpenID Connect authorization server for otok's interop tests.
//
// Built on oidc-provider (https://github.com/panva/node-oidc-provider) with an in-memory store,
// fixed test clients and headless interactions: every authorization request is granted to the
// account `alice` without any page to click through. See README.md next to this file.
//
// Contract with the test harness:
//   - stdout carries exactly one line, `ISSUER=http://127.0.0.1:<port>`, once the server listens;
//     everything else (oidc-provider notices and warnings) goes to stderr.
//   - SIGTERM / SIGINT stop the server and exit with status 0.
//
// Environment:
//   PORT                  listening port on 127.0.0.1 (default 0: an ephemeral port)
//   ACCESS_TOKEN_TTL      lifetime in seconds of access tokens, client_credentials ones included (3600)
//   REFRESH_TOKEN_TTL     lifetime in seconds of refresh tokens (1209600 = 14 days)
//   DEVICE_POLL_INTERVAL  `interval` returned by the device authorization endpoint (1)

import * as crypto from 'node:crypto';
import * as http from 'node:http';

// oidc-provider prints some notices with console.info, which writes to stdout. stdout belongs to
// the ISSUER line alone, so route the console's stdout methods to stderr before loading it.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

// A fresh signing key per run, so that no development key is ever published. Generated on the
// thread pool while oidc-provider loads: it costs about 200 ms.
const signingKeyPromise = new Promise((resolve, reject) => {
  crypto.generateKeyPair('rsa', { modulusLength: 2048 }, (err, _publicKey, privateKey) => {
    if (err) reject(err);
    else resolve(privateKey.export({ format: 'jwk' }));
  });
});

const { default: Provider } = await import('oidc-provider');

function envSeconds(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive integer number of seconds, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}

const port = process.env.PORT === undefined || process.env.PORT === '' ? 0 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a TCP port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
const accessTokenTTL = envSeconds('ACCESS_TOKEN_TTL', 3600);
const refreshTokenTTL = envSeconds('REFRESH_TOKEN_TTL', 14 * 24 * 60 * 60);
const devicePollInterval = envSeconds('DEVICE_POLL_INTERVAL', 1);

const ACCOUNT_ID = 'alice';
const ALL_SCOPES = 'openid offline_access read write api:admin';
const LOOPBACK_CALLBACK = 'http://127.0.0.1/callback';

const clients = [
  {
    client_id: 'cc-basic',
    client_secret: 'cc-basic-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [LOOPBACK_CALLBACK],
    application_type: 'native',
    scope: ALL_SCOPES,
  },
  {
    client_id: 'cc-post',
    client_secret: 'cc-post-secret',
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: ALL_SCOPES,
  },
  {
    // Every character here must be form-urlencoded before base64 in a Basic header
    // (RFC 6749 section 2.3.1).
    client_id: 'we:ird@id%+ /x',
    client_secret: 's3:cr@t%+ /y&=z',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: ALL_SCOPES,
  },
  {
    client_id: 'public-pkce',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [LOOPBACK_CALLBACK],
    application_type: 'native',
    scope: ALL_SCOPES,
  },
  {
    client_id: 'code-secret',
    client_secret: 'code-secret-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [LOOPBACK_CALLBACK],
    application_type: 'native',
    scope: ALL_SCOPES,
  },
  {
    client_id: 'device-client',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
    scope: ALL_SCOPES,
  },
];

const signingKey = await signingKeyPromise;

const configuration = {
  clients,
  jwks: { keys: [{ ...signingKey, kid: 'interop-rs256', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: ['otok-interop-cookie-key'] },
  scopes: ALL_SCOPES.split(' '),
  claims: { openid: ['sub'] },

  async findAccount(_ctx, sub) {
    if (sub !== ACCOUNT_ID) return undefined;
    return {
      accountId: ACCOUNT_ID,
      async claims() {
        return { sub: ACCOUNT_ID };
      },
    };
  },

  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
    deviceFlow: { enabled: true },
  },

  interactions: {
    url(_ctx, interaction) {
      return `/interaction/${interaction.uid}`;
    },
  },

  // A refresh token for every client allowed the refresh_token grant, whether or not it asked
  // for offline_access; refresh tokens rotate on every use (reuse of a rotated one is refused
  // and revokes the whole grant).
  issueRefreshToken(_ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
  rotateRefreshToken: true,
  // Tokens outlive the browser session of the headless login.
  expiresWithSession() {
    return false;
  },

  ttl: {
    AccessToken: accessTokenTTL,
    ClientCredentials: accessTokenTTL,
    RefreshToken: refreshTokenTTL,
    AuthorizationCode: 600,
    DeviceCode: 600,
    IdToken: 3600,
    Interaction: 3600,
    Grant: 14 * 24 * 60 * 60,
    Session: 14 * 24 * 60 * 60,
  },
};

// ---------------------------------------------------------------------------------------------
// Request counters, read by tests through GET /_test/counts.

function zeroCounts() {
  return {
    token: 0,
    by_grant: {},
    revocation: 0,
    introspection: 0,
    device_authorization: 0,
  };
}
let counts = zeroCounts();

// ---------------------------------------------------------------------------------------------
// Small helpers for the routes this file adds to the provider's Koa app.

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = ctx.get('content-type');
  if (type.startsWith('application/json')) {
    return raw === '' ? {} : JSON.parse(raw);
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

function json(ctx, status, body) {
  ctx.status = status;
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
}

// Approves (or denies) a pending device authorization as the End-User would after typing the
// user code: the device code gets account alice and a grant for every scope it asked for.
async function settleDeviceCode(provider, ctx, approve) {
  let body;
  try {
    body = await readBody(ctx);
  } catch {
    json(ctx, 400, { error: 'invalid_request', error_description: 'unreadable body' });
    return;
  }
  const userCode = typeof body.user_code === 'string' ? body.user_code : ctx.query.user_code;
  if (!userCode) {
    json(ctx, 400, { error: 'invalid_request', error_description: 'user_code is required' });
    return;
  }

  // Same normalisation as oidc-provider's own form: case-insensitive, separators ignored.
  const normalized = userCode.toUpperCase().replace(/\W/g, '');
  const code = await provider.DeviceCode.findByUserCode(normalized, { ignoreExpiration: true });
  if (!code) {
    json(ctx, 404, { error: 'not_found', error_description: 'no device authorization with this user_code' });
    return;
  }
  if (code.isExpired) {
    json(ctx, 410, { error: 'expired_token', error_description: 'the device code has expired' });
    return;
  }
  if (code.accountId || code.error || code.consumed) {
    json(ctx, 409, { error: 'already_used', error_description: 'the device code was already approved or denied' });
    return;
  }

  if (!approve) {
    Object.assign(code, { error: 'access_denied', errorDescription: 'End-User denied the authorization' });
    await code.save();
    json(ctx, 200, { denied: true, client_id: code.clientId });
    return;
  }

  const client = await provider.Client.find(code.clientId);
  const allowed = new Set((client?.scope ?? ALL_SCOPES).split(' '));
  const requested = (code.params?.scope ?? '').split(' ').filter(Boolean);
  const scope = requested.filter((s) => allowed.has(s)).join(' ');

  const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId: code.clientId });
  if (scope) grant.addOIDCScope(scope);
  const grantId = await grant.save();

  Object.assign(code, {
    accountId: ACCOUNT_ID,
    authTime: Math.floor(Date.now() / 1000),
    grantId,
    scope,
  });
  await code.save();
  json(ctx, 200, { approved: true, client_id: code.clientId, account: ACCOUNT_ID, scope });
}

// Headless stand-in for the login and consent pages: log alice in and grant what was asked.
async function finishInteraction(provider, ctx) {
  let interaction;
  try {
    interaction = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (err) {
    // Usually a "browser" that drops cookies between redirects (with curl: add -b '').
    ctx.status = 400;
    ctx.type = 'text/plain';
    ctx.body = `interaction not found (${err.error_description ?? err.message}): the browser must `
      + 'keep the cookies set by the authorization endpoint while it follows the redirects\n';
    return;
  }
  const { prompt, params, session } = interaction;
  const accountId = session?.accountId ?? ACCOUNT_ID;

  let grant;
  if (interaction.grantId) {
    grant = await provider.Grant.find(interaction.grantId);
  }
  if (!grant) {
    grant = new provider.Grant({ accountId, clientId: params.client_id });
  }

  // Scopes this server does not know are left out of the grant, and so out of the tokens.
  const known = new Set(ALL_SCOPES.split(' '));
  const requested = (params.scope ?? '').split(' ').filter((s) => known.has(s));
  if (requested.length) grant.addOIDCScope(requested.join(' '));
  const details = prompt?.details ?? {};
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  if (details.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  const grantId = await grant.save();

  // Answers 303 with Location: the authorization endpoint's resume URL.
  await provider.interactionFinished(ctx.req, ctx.res, {
    login: { accountId },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
  ctx.respond = false;
}

// ---------------------------------------------------------------------------------------------

const server = http.createServer();
server.keepAliveTimeout = 1000;

try {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
} catch (err) {
  console.error(`cannot listen on 127.0.0.1:${port}: ${err.message}`);
  process.exit(1);
}

const { port: actualPort } = server.address();
const issuer = `http://127.0.0.1:${actualPort}`;
const provider = new Provider(issuer, configuration);

provider.use(async (ctx, next) => {
  const { path, method } = ctx;

  if (path.startsWith('/_test/')) {
    if (path === '/_test/counts' && method === 'GET') {
      json(ctx, 200, counts);
    } else if (path === '/_test/reset' && method === 'POST') {
      counts = zeroCounts();
      json(ctx, 200, counts);
    } else if (path === '/_test/device/approve' && method === 'POST') {
      await settleDeviceCode(provider, ctx, true);
    } else if (path === '/_test/device/deny' && method === 'POST') {
      await settleDeviceCode(provider, ctx, false);
    } else {
      json(ctx, 404, { error: 'not_found' });
    }
    return;
  }

  if (method === 'GET' && /^\/interaction\/[^/]+$/.test(path)) {
    await finishInteraction(provider, ctx);
    return;
  }

  if (method === 'POST' && path === '/token') {
    try {
      await next();
    } finally {
      const grantType = ctx.oidc?.params?.grant_type ?? 'unknown';
      counts.token += 1;
      counts.by_grant[grantType] = (counts.by_grant[grantType] ?? 0) + 1;
    }
    return;
  }

  if (method === 'POST' && path === '/token/revocation') counts.revocation += 1;
  if (method === 'POST' && path === '/token/introspection') counts.introspection += 1;
  if (method === 'POST' && path === '/device/auth') counts.device_authorization += 1;

  await next();

  // RFC 8628 lets the server choose the polling interval; a short one keeps tests fast.
  if (
    method === 'POST' && path === '/device/auth'
    && ctx.status === 200 && ctx.body && typeof ctx.body === 'object'
  ) {
    ctx.body = { ...ctx.body, interval: devicePollInterval };
  }
});

server.on('request', provider.callback());

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

process.stdout.write(`ISSUER=${issuer}\n`);
