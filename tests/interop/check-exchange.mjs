// Checks the interop server's grants that start from another credential, without otok: token
// exchange (RFC 8693) by the `exchanger` client, and the JWT bearer grant (RFC 7523 section
// 2.1) with assertions signed with `jose` from the fixtures of ../keys, for the `jwtb-*` clients
// and for the service account that sends no client authentication. It starts its own server and
// prints one line per check; any failed check makes it exit 1.
//
//   node tests/interop/check-exchange.mjs
//
// It is a check of the server (run it after changing server.mjs), not of otok: the Rust tests
// in tests/cli/interop_exchange.rs drive otok against the same clients.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

import { SignJWT, generateKeyPair, importPKCS8 } from 'jose';

import { check, finish, startServer } from './check-harness.mjs';

const KEYS = new URL('../keys/', import.meta.url);
const fixture = (name) => fs.readFileSync(new URL(name, KEYS), 'utf8');

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const SERVICE_ACCOUNT = 'otok-sa@interop.iam.example';

// --- the server ---------------------------------------------------------------------------------

const issuer = await startServer();
const tokenEndpoint = `${issuer}/token`;

// --- HTTP ---------------------------------------------------------------------------------------

const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** POSTs a form (an array of pairs keeps repeated parameters). */
async function post(url, form, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, json, text };
}

const counts = async () => (await fetch(`${issuer}/_test/counts`)).json();

/** What the server says of a token, asked as cc-basic. */
async function introspect(token) {
  return (await post(`${issuer}/token/introspection`, { token }, {
    authorization: basic('cc-basic', 'cc-basic-secret'),
  })).json;
}

async function clientCredentials(clientId, secret, scope = 'read') {
  const res = await post(tokenEndpoint, { grant_type: 'client_credentials', scope }, {
    authorization: basic(clientId, secret),
  });
  return res.json.access_token;
}

const exchanger = { authorization: basic('exchanger', 'exchanger-secret') };

function exchange(form, headers = exchanger) {
  return post(tokenEndpoint, [['grant_type', TOKEN_EXCHANGE], ...form], headers);
}

const short = (res) => `${res.status} ${res.json?.error ?? ''}${res.json?.error_description ? `: ${res.json.error_description}` : ''}`;

// --- token exchange -----------------------------------------------------------------------------

const subject = await clientCredentials('cc-basic', 'cc-basic-secret');
const actor = await clientCredentials('cc-post', 'cc-post-secret');

{
  const before = await counts();
  const res = await exchange([
    ['subject_token', subject], ['subject_token_type', ACCESS_TOKEN],
    ['audience', 'https://api.interop.example'],
  ]);
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  const after = await counts();
  check('exchanger exchanges a cc-basic token for one with an audience',
    res.status === 200 && res.json.issued_token_type === ACCESS_TOKEN
    && res.json.token_type === 'Bearer' && info.active === true && info.client_id === 'exchanger'
    && info.aud === 'https://api.interop.example' && info.sub === 'cc-basic' && info.act === undefined
    && after.by_grant[TOKEN_EXCHANGE] === (before.by_grant[TOKEN_EXCHANGE] ?? 0) + 1,
    `${res.status} ${JSON.stringify(res.json && { ...res.json, access_token: '…' })} introspection ${JSON.stringify(info)}`);
}

{
  const res = await exchange([
    ['subject_token', subject], ['subject_token_type', ACCESS_TOKEN],
    ['actor_token', actor], ['actor_token_type', ACCESS_TOKEN],
    ['audience', 'https://a.example'], ['resource', 'https://r.example/api'],
    ['requested_token_type', ACCESS_TOKEN], ['scope', 'read write'],
  ]);
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  check('with an actor token: act names the actor; audience and resource make aud',
    res.status === 200 && info.active === true && info.sub === 'cc-basic'
    && info.act?.sub === 'cc-post' && JSON.stringify(info.aud) === '["https://a.example","https://r.example/api"]'
    && info.scope === 'read write',
    `${res.status} introspection ${JSON.stringify(info)}`);

  // The exchanged token exchanged again, with another actor: the chain of actors nests.
  const again = await exchange([
    ['subject_token', res.json.access_token], ['subject_token_type', ACCESS_TOKEN],
    ['actor_token', subject], ['actor_token_type', ACCESS_TOKEN],
  ]);
  const nested = again.json?.access_token ? await introspect(again.json.access_token) : {};
  check('an exchanged token keeps its subject; the earlier actor nests under the new one',
    again.status === 200 && nested.sub === 'cc-basic' && nested.act?.sub === 'cc-basic'
    && nested.act?.act?.sub === 'cc-post' && nested.aud === undefined && nested.scope === 'read write',
    `${again.status} introspection ${JSON.stringify(nested)}`);
}

for (const [what, form, status, error] of [
  ['a subject token the server never issued', [['subject_token', 'not-a-token-of-this-server'], ['subject_token_type', ACCESS_TOKEN]], 400, 'invalid_grant'],
  ['an actor token the server never issued', [['subject_token', subject], ['subject_token_type', ACCESS_TOKEN], ['actor_token', 'nope'], ['actor_token_type', ACCESS_TOKEN]], 400, 'invalid_grant'],
  ['no subject_token_type', [['subject_token', subject]], 400, 'invalid_request'],
  ['a subject_token_type that is not a URN', [['subject_token', subject], ['subject_token_type', 'access_token']], 400, 'invalid_request'],
  ['a refresh_token subject_token_type', [['subject_token', subject], ['subject_token_type', 'urn:ietf:params:oauth:token-type:refresh_token']], 400, 'invalid_request'],
  ['an actor token without its type', [['subject_token', subject], ['subject_token_type', ACCESS_TOKEN], ['actor_token', actor]], 400, 'invalid_request'],
  ['a requested_token_type of jwt', [['subject_token', subject], ['subject_token_type', ACCESS_TOKEN], ['requested_token_type', 'urn:ietf:params:oauth:token-type:jwt']], 400, 'invalid_request'],
  ['a resource that is not an absolute URI', [['subject_token', subject], ['subject_token_type', ACCESS_TOKEN], ['resource', 'api']], 400, 'invalid_target'],
]) {
  const res = await exchange(form);
  check(`token exchange with ${what} is refused with ${error}`,
    res.status === status && res.json?.error === error, short(res));
}

{
  const res = await exchange([['subject_token', subject], ['subject_token_type', ACCESS_TOKEN]], {
    authorization: basic('cc-basic', 'cc-basic-secret'),
  });
  check('cc-basic may not use the token exchange', res.status === 400, short(res));
}

{
  const doomed = await clientCredentials('cc-basic', 'cc-basic-secret');
  await post(`${issuer}/token/revocation`, { token: doomed }, {
    authorization: basic('cc-basic', 'cc-basic-secret'),
  });
  const res = await exchange([['subject_token', doomed], ['subject_token_type', ACCESS_TOKEN]]);
  check('a revoked subject token is refused with invalid_grant',
    res.status === 400 && res.json?.error === 'invalid_grant', short(res));
}

/** Runs the authorization request of cc-basic through the headless interaction. */
async function authorize() {
  const redirectUri = 'http://127.0.0.1:53682/callback';
  const verifier = crypto.randomBytes(32).toString('base64url');
  let url = `${issuer}/auth?${new URLSearchParams({
    response_type: 'code', client_id: 'cc-basic', redirect_uri: redirectUri, scope: 'openid read',
    code_challenge: crypto.hash('sha256', verifier, 'base64url'), code_challenge_method: 'S256',
    state: 'xyz',
  })}`;
  const jar = new Map();
  for (let i = 0; i < 10; i += 1) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const next = new URL(res.headers.get('location'), url).href;
    if (next.startsWith(redirectUri)) {
      const code = new URL(next).searchParams.get('code');
      return (await post(tokenEndpoint, {
        grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri,
      }, { authorization: basic('cc-basic', 'cc-basic-secret') })).json;
    }
    url = next;
  }
  throw new Error('the authorization request did not come back');
}

{
  const tokens = await authorize();
  const fromUser = await exchange([
    ['subject_token', tokens.access_token], ['subject_token_type', ACCESS_TOKEN],
  ]);
  const info = fromUser.json?.access_token ? await introspect(fromUser.json.access_token) : {};
  check('an access token of alice (code flow) exchanged: sub is the account',
    fromUser.status === 200 && info.active === true && info.sub === 'alice',
    `${fromUser.status} introspection ${JSON.stringify(info)}`);

  const fromIdToken = await exchange([
    ['subject_token', tokens.id_token], ['subject_token_type', ID_TOKEN],
  ]);
  const idInfo = fromIdToken.json?.access_token ? await introspect(fromIdToken.json.access_token) : {};
  check('an ID token of this server as the subject (id_token type): sub is the account',
    fromIdToken.status === 200 && idInfo.sub === 'alice', `${short(fromIdToken)} ${JSON.stringify(idInfo)}`);

  const forged = await exchange([
    ['subject_token', `${tokens.id_token.slice(0, -4)}AAAA`], ['subject_token_type', ID_TOKEN],
  ]);
  check('an ID token with a broken signature is refused with invalid_grant',
    forged.status === 400 && forged.json?.error === 'invalid_grant', short(forged));
}

// --- the JWT bearer grant -----------------------------------------------------------------------

const rsa = await importPKCS8(fixture('rsa.pkcs8.pem'), 'RS256');
const rsaPss = await importPKCS8(fixture('rsa.pkcs8.pem'), 'PS256');
const ec256 = await importPKCS8(fixture('ec256.pkcs8.pem'), 'ES256');
const otherRsa = (await generateKeyPair('RS256')).privateKey;

/** An assertion (RFC 7523 section 3); `claims` and `header` override the defaults. */
function assertion(key, alg, claims, { kid, lifetime = 60, iat } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ aud: tokenEndpoint, jti: crypto.randomUUID(), ...claims })
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuedAt(iat ?? now)
    .setExpirationTime((iat ?? now) + lifetime);
  return jwt.sign(key);
}

function jwtBearer(jwt, form = {}, headers = {}) {
  return post(tokenEndpoint, { grant_type: JWT_BEARER, assertion: jwt, ...form }, headers);
}

for (const [clientId, alg, key] of [['jwtb-rs256', 'RS256', rsa], ['jwtb-es256', 'ES256', ec256]]) {
  const before = await counts();
  const res = await jwtBearer(
    await assertion(key, alg, { iss: clientId, sub: clientId }),
    { client_id: clientId, scope: 'read' },
  );
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  const after = await counts();
  check(`${clientId}: an assertion signed ${alg} with its own key, client_id only`,
    res.status === 200 && info.active === true && info.client_id === clientId
    && info.sub === clientId && info.scope === 'read'
    && after.by_grant[JWT_BEARER] === (before.by_grant[JWT_BEARER] ?? 0) + 1,
    `${short(res)} introspection ${JSON.stringify(info)}`);
}

{
  const res = await jwtBearer(
    await assertion(rsa, 'RS256', { iss: 'jwtb-rs256', sub: 'device-7' }, { kid: 'rsa-1' }),
    { client_id: 'jwtb-rs256' },
  );
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  check('the assertion sub is the token sub (kid rsa-1, no scope: none granted)',
    res.status === 200 && info.sub === 'device-7' && info.scope === undefined,
    `${short(res)} introspection ${JSON.stringify(info)}`);
}

{
  const res = await jwtBearer(
    await assertion(rsa, 'RS256', { iss: 'jwtb-basic', sub: 'jwtb-basic' }),
    { scope: 'read write' },
    { authorization: basic('jwtb-basic', 'jwtb-basic-secret') },
  );
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  check('jwtb-basic: the assertion as the grant, the secret as client authentication',
    res.status === 200 && info.client_id === 'jwtb-basic' && info.scope === 'read write',
    `${short(res)} introspection ${JSON.stringify(info)}`);
  const bare = await jwtBearer(
    await assertion(rsa, 'RS256', { iss: 'jwtb-basic', sub: 'jwtb-basic' }),
    { client_id: 'jwtb-basic' },
  );
  check('jwtb-basic without its secret is refused with invalid_client',
    bare.status === 401 && bare.json?.error === 'invalid_client', short(bare));
}

{
  const before = await counts();
  const res = await jwtBearer(await assertion(rsa, 'RS256', {
    iss: SERVICE_ACCOUNT, scope: 'read',
  }, { kid: 'sa-key-1' }));
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  const after = await counts();
  check('a service-account assertion without any client authentication (scope claim read)',
    res.status === 200 && res.json.token_type === 'Bearer' && info.active === true
    && info.client_id === 'service-accounts' && info.sub === SERVICE_ACCOUNT && info.scope === 'read'
    && after.by_grant[JWT_BEARER] === (before.by_grant[JWT_BEARER] ?? 0) + 1,
    `${short(res)} introspection ${JSON.stringify(info)}`);

  const byClient = await jwtBearer(await assertion(rsa, 'RS256', {
    iss: SERVICE_ACCOUNT, scope: 'read', aud: issuer,
  }, { kid: 'sa-key-1' }), { client_id: 'jwtb-es256' });
  const clientInfo = byClient.json?.access_token ? await introspect(byClient.json.access_token) : {};
  check('a client may present a service-account assertion (aud the issuer)',
    byClient.status === 200 && clientInfo.client_id === 'jwtb-es256' && clientInfo.sub === SERVICE_ACCOUNT,
    `${short(byClient)} introspection ${JSON.stringify(clientInfo)}`);
}

{
  const jwt = await assertion(rsa, 'RS256', { iss: SERVICE_ACCOUNT, scope: 'read' }, { kid: 'sa-key-1' });
  const first = await jwtBearer(jwt);
  const second = await jwtBearer(jwt);
  check('a replayed assertion (same jti) is refused with invalid_grant',
    first.status === 200 && second.status === 400 && second.json?.error === 'invalid_grant',
    `${first.status} then ${short(second)}`);
}

const now = Math.floor(Date.now() / 1000);
for (const [what, jwt, form] of [
  ['a wrong aud', await assertion(rsa, 'RS256', { iss: SERVICE_ACCOUNT, aud: 'https://oauth2.googleapis.com/token' }, { kid: 'sa-key-1' })],
  ['an expired assertion', await assertion(rsa, 'RS256', { iss: SERVICE_ACCOUNT }, { kid: 'sa-key-1', iat: now - 600 })],
  ['a lifetime over one hour', await assertion(rsa, 'RS256', { iss: SERVICE_ACCOUNT }, { kid: 'sa-key-1', lifetime: 3601 })],
  ['an iat in the future', await assertion(rsa, 'RS256', { iss: SERVICE_ACCOUNT }, { kid: 'sa-key-1', iat: now + 300 })],
  ['an unknown issuer', await assertion(rsa, 'RS256', { iss: 'stranger@example.com' })],
  ['an unknown kid', await assertion(rsa, 'RS256', { iss: SERVICE_ACCOUNT }, { kid: 'sa-key-2' })],
  ['another RSA key (bad signature)', await assertion(otherRsa, 'RS256', { iss: 'jwtb-rs256' }), { client_id: 'jwtb-rs256' }],
  ['an ES256 assertion for an RSA key', await assertion(ec256, 'ES256', { iss: 'jwtb-rs256' }), { client_id: 'jwtb-rs256' }],
  ['a signature that does not verify', `${(await assertion(rsa, 'RS256', { iss: SERVICE_ACCOUNT })).slice(0, -6)}AAAAAA`],
  ['an alg the service account key is not for', await assertion(rsaPss, 'PS256', { iss: SERVICE_ACCOUNT }, { kid: 'sa-key-1' })],
  ['another client\'s assertion', await assertion(rsa, 'RS256', { iss: 'jwtb-rs256' }), { client_id: 'jwtb-es256' }],
  ['a client\'s assertion with no client_id', await assertion(rsa, 'RS256', { iss: 'jwtb-rs256' })],
  ['something that is not a JWT', 'not.a.jwt'],
]) {
  const res = await jwtBearer(jwt, form);
  check(`JWT bearer with ${what} is refused with invalid_grant`,
    res.status === 400 && res.json?.error === 'invalid_grant' && !!res.json.error_description,
    short(res));
}

{
  const res = await post(tokenEndpoint, { grant_type: JWT_BEARER });
  check('a client-less JWT bearer request without assertion is refused with invalid_request',
    res.status === 400 && res.json?.error === 'invalid_request', short(res));
}

{
  const res = await post(tokenEndpoint, { grant_type: 'client_credentials' });
  check('other grants still need client authentication',
    res.status === 400 && res.json?.error_description === 'no client authentication mechanism provided',
    short(res));
}

// --- summary ------------------------------------------------------------------------------------

finish();
