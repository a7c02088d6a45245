// Checks the interop server's client authentication clients without otok: private_key_jwt and
// client_secret_jwt assertions signed with `jose` from the fixtures of ../keys, mutual TLS with
// node's https client, and DPoP with the server's nonce. It starts its own server and prints one
// line per check; any failed check makes it exit 1.
//
//   node tests/interop/check-clientauth.mjs
//
// It is a check of the server's configuration (run it after changing server.mjs), not of otok:
// the Rust tests in tests/cli/interop_auth.rs drive otok against the same clients.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

import {
  SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK,
} from 'jose';

import { check, finish, startServer } from './check-harness.mjs';

const KEYS = new URL('../keys/', import.meta.url);
const fixture = (name) => fs.readFileSync(new URL(name, KEYS));

// --- the server ---------------------------------------------------------------------------------

const issuer = await startServer();

// --- HTTP ---------------------------------------------------------------------------------------

/** POSTs a form; `tls` adds options of node's https client (a client certificate). */
function post(url, form, { headers = {}, tls = {} } = {}) {
  const body = new URLSearchParams(form).toString();
  const { request } = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      ca: fixture('ca.pem'),
      ...tls,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, json, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function get(url, headers = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return res;
}

const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const counts = async () => (await get(`${issuer}/_test/counts`)).json();

/** What the server says of a token, asked as cc-basic. */
async function introspect(token) {
  const res = await post(`${issuer}/token/introspection`, { token }, {
    headers: { authorization: basic('cc-basic', 'cc-basic-secret') },
  });
  return res.json;
}

const discovery = await (await get(`${issuer}/.well-known/openid-configuration`)).json();
const aliases = discovery.mtls_endpoint_aliases ?? {};
check('discovery has mtls_endpoint_aliases', aliases.token_endpoint?.startsWith('https://127.0.0.1:'),
  JSON.stringify(aliases));
check('discovery has dpop_signing_alg_values_supported',
  Array.isArray(discovery.dpop_signing_alg_values_supported),
  JSON.stringify(discovery.dpop_signing_alg_values_supported));
check('discovery lists the mTLS methods',
  ['tls_client_auth', 'self_signed_tls_client_auth'].every(
    (m) => discovery.token_endpoint_auth_methods_supported.includes(m),
  ), JSON.stringify(discovery.token_endpoint_auth_methods_supported));

// --- JWT client authentication ------------------------------------------------------------------

const privateJwk = (file) => crypto.createPrivateKey(fixture(file)).export({ format: 'jwk' });
const CSJWT_SECRET = 'otok-csjwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHI';

/** A client assertion (RFC 7523) for `clientId`, signed with `key` (a JWK or a secret). */
async function assertion(clientId, alg, key, aud, kid) {
  const signingKey = typeof key === 'string'
    ? new TextEncoder().encode(key)
    : await importJWK(key, alg === 'Ed25519' ? 'EdDSA' : alg);
  return new SignJWT({})
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(aud)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(signingKey);
}

function assertionForm(jwt) {
  return {
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: jwt,
  };
}

const jwtCases = [
  ['pkjwt-rs256', 'RS256', privateJwk('rsa.pkcs1.pem')],
  ['pkjwt-ps256', 'PS256', privateJwk('rsa.pkcs8.pem')],
  ['pkjwt-es256', 'ES256', privateJwk('ec256.sec1.pem')],
  ['pkjwt-es384', 'ES384', JSON.parse(fixture('ec384.jwk')), 'ec384-1'],
  ['pkjwt-eddsa', 'EdDSA', privateJwk('ed25519.pkcs8.pem')],
  ['pkjwt-eddsa', 'Ed25519', JSON.parse(fixture('ed25519.jwk')), 'ed25519-1'],
  ['csjwt', 'HS256', CSJWT_SECRET],
  ['csjwt', 'HS384', CSJWT_SECRET],
  ['csjwt', 'HS512', CSJWT_SECRET],
];
for (const [clientId, alg, key, kid] of jwtCases) {
  const jwt = await assertion(clientId, alg, key, `${issuer}/token`, kid);
  const res = await post(`${issuer}/token`, {
    grant_type: 'client_credentials', scope: 'read', ...assertionForm(jwt),
  });
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  check(`${clientId} ${alg}${kid ? ` kid ${kid}` : ''}: client_credentials`,
    res.status === 200 && info.active === true && info.client_id === clientId,
    `${res.status} token_type=${res.json?.token_type} introspection active=${info.active} client_id=${info.client_id}`);
}

// A pinned alg is compared as a string: RS256 is refused for the PS256 client.
{
  const jwt = await assertion('pkjwt-ps256', 'RS256', privateJwk('rsa.pkcs8.pem'), `${issuer}/token`);
  const res = await post(`${issuer}/token`, { grant_type: 'client_credentials', ...assertionForm(jwt) });
  check('pkjwt-ps256 with an RS256 assertion is refused', res.status === 401,
    `${res.status} ${res.text}`);
}

// Audiences: the issuer is accepted at the token endpoint; the token endpoint at introspection.
for (const [aud, endpoint, expect] of [
  [issuer, '/token', 200],
  [`${issuer}/token/introspection`, '/token', 401],
  ['https://example.com/token', '/token', 401],
]) {
  const jwt = await assertion('pkjwt-es256', 'ES256', privateJwk('ec256.pkcs8.pem'), aud);
  const res = await post(`${issuer}${endpoint}`, { grant_type: 'client_credentials', ...assertionForm(jwt) });
  check(`assertion with aud ${aud} at ${endpoint} answers ${expect}`, res.status === expect,
    `${res.status} ${res.json?.error_description ?? ''}`);
}

// A kid must name the registered key.
{
  const jwt = await assertion('pkjwt-es256', 'ES256', privateJwk('ec256.pkcs8.pem'), `${issuer}/token`, 'ec256-2');
  const res = await post(`${issuer}/token`, { grant_type: 'client_credentials', ...assertionForm(jwt) });
  check('an assertion with an unknown kid is refused', res.status === 401, `${res.status} ${res.json?.error}`);
}

// The same assertion twice: its jti is remembered.
{
  const jwt = await assertion('pkjwt-es256', 'ES256', privateJwk('ec256.pkcs8.pem'), `${issuer}/token`);
  const form = { grant_type: 'client_credentials', ...assertionForm(jwt) };
  const first = await post(`${issuer}/token`, form);
  const second = await post(`${issuer}/token`, form);
  check('a replayed assertion is refused', first.status === 200 && second.status === 401,
    `${first.status} then ${second.status} ${second.json?.error_description ?? ''}`);
}

// A private_key_jwt client introspects and revokes its own token, each with a fresh assertion
// whose audience is that endpoint.
{
  const key = privateJwk('ed25519.pkcs8.pem');
  const tokenRes = await post(`${issuer}/token`, {
    grant_type: 'client_credentials',
    ...assertionForm(await assertion('pkjwt-eddsa', 'EdDSA', key, `${issuer}/token`)),
  });
  const token = tokenRes.json.access_token;
  for (const aud of [`${issuer}/token/introspection`, issuer, `${issuer}/token`]) {
    const res = await post(`${issuer}/token/introspection`, {
      token, ...assertionForm(await assertion('pkjwt-eddsa', 'EdDSA', key, aud)),
    });
    check(`pkjwt-eddsa introspects its token with aud ${aud}`, res.json?.active === true,
      `${res.status} ${res.text}`);
  }
  const foreign = await post(`${issuer}/token/revocation`, {
    token, ...assertionForm(await assertion('pkjwt-es256', 'ES256', privateJwk('ec256.pkcs8.pem'), `${issuer}/token/revocation`)),
  });
  check('pkjwt-es256 may not revoke a token of pkjwt-eddsa', foreign.status === 400,
    `${foreign.status} ${foreign.json?.error}: ${foreign.json?.error_description}`);
  const revoked = await post(`${issuer}/token/revocation`, {
    token, ...assertionForm(await assertion('pkjwt-eddsa', 'EdDSA', key, `${issuer}/token/revocation`)),
  });
  const after = await introspect(token);
  check('pkjwt-eddsa revokes its token', revoked.status === 200 && after.active === false,
    `revocation ${revoked.status}, then active=${after.active}`);
}

// --- mutual TLS ---------------------------------------------------------------------------------

const pkiTls = { cert: fixture('client.pem'), key: fixture('client.key') };
const selfTls = { cert: fixture('self-signed.pem'), key: fixture('self-signed.key') };
const x5t = (file) => crypto.hash('sha256', new crypto.X509Certificate(fixture(file)).raw, 'base64url');

for (const [clientId, tls, certFile] of [
  ['mtls-pki', pkiTls, 'client.pem'],
  ['mtls-self', selfTls, 'self-signed.pem'],
]) {
  const res = await post(aliases.token_endpoint, {
    grant_type: 'client_credentials', client_id: clientId, scope: 'read',
  }, { tls });
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  check(`${clientId} over the mTLS alias: client_credentials`,
    res.status === 200 && info.active === true && info.cnf?.['x5t#S256'] === x5t(certFile),
    `${res.status} token_type=${res.json?.token_type} cnf=${JSON.stringify(info.cnf)}`);

  const own = await post(aliases.introspection_endpoint, {
    token: res.json.access_token, client_id: clientId,
  }, { tls });
  check(`${clientId} introspects its token over the alias`, own.json?.active === true,
    `${own.status} active=${own.json?.active}`);
  const revoked = await post(aliases.revocation_endpoint, {
    token: res.json.access_token, client_id: clientId,
  }, { tls });
  const after = await introspect(res.json.access_token);
  check(`${clientId} revokes its token over the alias`, revoked.status === 200 && after.active === false,
    `revocation ${revoked.status}, then active=${after.active}`);
}

for (const [what, url, clientId, tls] of [
  ['mtls-pki on plain http', `${issuer}/token`, 'mtls-pki', {}],
  ['mtls-pki without a certificate', aliases.token_endpoint, 'mtls-pki', {}],
  ['mtls-pki with the self-signed certificate', aliases.token_endpoint, 'mtls-pki', selfTls],
  ['mtls-self with the CA-signed certificate', aliases.token_endpoint, 'mtls-self', pkiTls],
]) {
  const res = await post(url, { grant_type: 'client_credentials', client_id: clientId }, { tls });
  check(`${what} is refused`, res.status === 401,
    `${res.status} ${res.json?.error}: ${res.json?.error_description}`);
}

// A client_secret_basic client works on the https listener too (no certificate needed).
{
  const before = await counts();
  const res = await post(aliases.token_endpoint, { grant_type: 'client_credentials' }, {
    headers: { authorization: basic('cc-basic', 'cc-basic-secret') },
  });
  const after = await counts();
  check('cc-basic over the mTLS alias without a certificate, counted', res.status === 200
    && after.by_grant.client_credentials === before.by_grant.client_credentials + 1,
    `${res.status} token_type=${res.json?.token_type}, client_credentials requests `
    + `${before.by_grant.client_credentials} -> ${after.by_grant.client_credentials}`);
}

// --- DPoP ---------------------------------------------------------------------------------------

/** A DPoP proof (RFC 9449) for one request. */
async function proof({ privateKey, publicJwk, alg }, htm, htu, { nonce, ath } = {}) {
  return new SignJWT({
    htm, htu, ...(nonce ? { nonce } : {}), ...(ath ? { ath } : {}),
  })
    .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: publicJwk })
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .sign(privateKey);
}

async function dpopKey(alg) {
  const { privateKey, publicKey } = alg === 'ES256'
    ? await generateKeyPair('ES256')
    : await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { privateKey, publicJwk: await exportJWK(publicKey), alg };
}

/** A token request with DPoP: the first proof without a nonce, then the server's. */
async function dpopTokenRequest(key, url, form, headers, log, tls = {}) {
  const first = await post(url, form, {
    headers: { ...headers, dpop: await proof(key, 'POST', url) }, tls,
  });
  const nonce = first.headers['dpop-nonce'];
  log?.(first, nonce);
  if (first.status !== 400 || first.json?.error !== 'use_dpop_nonce') return first;
  return post(url, form, {
    headers: { ...headers, dpop: await proof(key, 'POST', url, { nonce }) }, tls,
  });
}

for (const alg of ['ES256', 'EdDSA']) {
  const key = await dpopKey(alg);
  const before = (await counts()).token;
  const res = await dpopTokenRequest(key, `${issuer}/token`, {
    grant_type: 'client_credentials', scope: 'read',
  }, { authorization: basic('dpop-basic', 'dpop-basic-secret') }, (first, nonce) => {
    check(`dpop-basic ${alg}: a first proof without a nonce gets use_dpop_nonce`,
      first.status === 400 && first.json?.error === 'use_dpop_nonce' && !!nonce,
      `${first.status} ${first.json?.error} DPoP-Nonce: ${nonce}`);
  });
  const info = res.json?.access_token ? await introspect(res.json.access_token) : {};
  const jkt = await calculateJwkThumbprint(key.publicJwk);
  const requests = (await counts()).token - before;
  check(`dpop-basic ${alg}: client_credentials with the nonce`,
    res.status === 200 && res.json.token_type === 'DPoP' && info.cnf?.jkt === jkt && requests === 2,
    `${res.status} token_type=${res.json?.token_type} cnf=${JSON.stringify(info.cnf)} token requests=${requests}`);
}

{
  const res = await post(`${issuer}/token`, { grant_type: 'client_credentials' }, {
    headers: { authorization: basic('dpop-basic', 'dpop-basic-secret') },
  });
  check('dpop-basic without a proof is refused', res.status === 400,
    `${res.status} ${res.json?.error}: ${res.json?.error_description}`);
}

// A certificate-bound client cannot bind its token to a DPoP key as well.
{
  const key = await dpopKey('ES256');
  const res = await dpopTokenRequest(key, aliases.token_endpoint, {
    grant_type: 'client_credentials', client_id: 'mtls-pki',
  }, {}, undefined, pkiTls);
  check('mtls-pki with a DPoP proof is refused', res.status === 400,
    `${res.status} ${res.json?.error}: ${res.json?.error_description}`);
}

// htu is the URL the request goes to: on the https listener, the alias.
{
  const key = await dpopKey('ES256');
  const headers = { authorization: basic('dpop-basic', 'dpop-basic-secret') };
  const form = { grant_type: 'client_credentials' };
  const nonce = (await post(aliases.token_endpoint, form, {
    headers: { ...headers, dpop: await proof(key, 'POST', aliases.token_endpoint) },
  })).headers['dpop-nonce'];
  const wrong = await post(aliases.token_endpoint, form, {
    headers: { ...headers, dpop: await proof(key, 'POST', `${issuer}/token`, { nonce }) },
  });
  check('a proof for the http token endpoint sent to the alias is refused',
    wrong.status === 400 && wrong.json?.error === 'invalid_dpop_proof',
    `${wrong.status} ${wrong.json?.error}: ${wrong.json?.error_description}`);
  const right = await post(aliases.token_endpoint, form, {
    headers: { ...headers, dpop: await proof(key, 'POST', `${aliases.token_endpoint}?x=1`, { nonce }) },
  });
  check('a proof for the alias (query ignored) works', right.status === 200,
    `${right.status} token_type=${right.json?.token_type}`);
}

// --- the code flow, refresh and revocation with DPoP ---------------------------------------------

/** Runs the authorization request through the headless interaction; returns the code. */
async function authorize(clientId, extra = {}) {
  const redirectUri = 'http://127.0.0.1:53682/callback';
  const verifier = crypto.randomBytes(32).toString('base64url');
  const challenge = crypto.hash('sha256', verifier, 'base64url');
  let url = `${issuer}/auth?${new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'openid read',
    code_challenge: challenge, code_challenge_method: 'S256', state: 'xyz', ...extra,
  })}`;
  const jar = new Map();
  for (let i = 0; i < 10; i += 1) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await get(url, cookie ? { cookie } : {});
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const next = new URL(res.headers.get('location'), url).href;
    if (next.startsWith(redirectUri)) {
      return { code: new URL(next).searchParams.get('code'), verifier, redirectUri };
    }
    url = next;
  }
  throw new Error('the authorization request did not come back');
}

for (const [clientId, headers] of [
  ['dpop-basic', { authorization: basic('dpop-basic', 'dpop-basic-secret') }],
  ['dpop-public', {}],
]) {
  const body = (form) => (clientId === 'dpop-public' ? { ...form, client_id: clientId } : form);
  const key = await dpopKey('ES256');
  const { code, verifier, redirectUri } = await authorize(clientId);
  const tokens = await dpopTokenRequest(key, `${issuer}/token`, body({
    grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri,
  }), headers);
  check(`${clientId}: authorization_code with DPoP`,
    tokens.status === 200 && tokens.json.token_type === 'DPoP' && !!tokens.json.refresh_token,
    `${tokens.status} token_type=${tokens.json?.token_type} refresh_token=${!!tokens.json?.refresh_token}`);

  const refreshForm = body({ grant_type: 'refresh_token', refresh_token: tokens.json.refresh_token });
  const bare = await post(`${issuer}/token`, refreshForm, { headers });
  check(`${clientId}: refresh without a proof is refused`, bare.status === 400,
    `${bare.status} ${bare.json?.error}: ${bare.json?.error_description}`);
  // A confidential client's refresh token is not bound to the key (any proof does); a public
  // client's is (RFC 9449 section 5): only a proof of the first key refreshes it.
  const other = await dpopTokenRequest(await dpopKey('ES256'), `${issuer}/token`, refreshForm, headers);
  const bound = clientId === 'dpop-public';
  check(`${clientId}: refresh with another DPoP key ${bound ? 'is refused' : 'works'}`,
    other.status === (bound ? 400 : 200),
    `${other.status} ${other.json?.error ?? `token_type=${other.json?.token_type}`}`);
  let refreshed = other;
  if (bound) {
    refreshed = await dpopTokenRequest(key, `${issuer}/token`, refreshForm, headers);
    check(`${clientId}: refresh with the same DPoP key works`,
      refreshed.status === 200 && refreshed.json.token_type === 'DPoP',
      `${refreshed.status} token_type=${refreshed.json?.token_type}`);
  }

  // Revocation and introspection take the client's own authentication and no proof.
  const refresh = refreshed.json.refresh_token;
  const own = await post(`${issuer}/token/introspection`, body({ token: refresh }), { headers });
  check(`${clientId}: introspects its refresh token without a proof`, own.json?.active === true,
    `${own.status} cnf=${JSON.stringify(own.json?.cnf)}`);
  const revoked = await post(`${issuer}/token/revocation`, body({ token: refresh }), { headers });
  const after = await introspect(refreshed.json.access_token);
  check(`${clientId}: revokes its refresh token without a proof (the grant's access token dies too)`,
    revoked.status === 200 && after.active === false,
    `revocation ${revoked.status}, then the access token active=${after.active}`);
}

// --- the code flow with a client assertion and with a client certificate ------------------------

for (const clientId of ['pkjwt-es256', 'mtls-pki']) {
  const mtls = clientId === 'mtls-pki';
  const endpoint = (name) => (mtls ? aliases[`${name}_endpoint`] : discovery[`${name}_endpoint`]);
  const auth = async (url) => (mtls
    ? { form: { client_id: clientId }, tls: pkiTls }
    : { form: assertionForm(await assertion(clientId, 'ES256', privateJwk('ec256.sec1.pem'), url)) });
  const call = async (name, form) => {
    const { form: authForm, tls } = await auth(endpoint(name));
    return post(endpoint(name), { ...form, ...authForm }, { tls });
  };

  const { code, verifier, redirectUri } = await authorize(clientId);
  const tokens = await call('token', {
    grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri,
  });
  check(`${clientId}: authorization_code`, tokens.status === 200 && !!tokens.json.refresh_token,
    `${tokens.status} token_type=${tokens.json?.token_type}`);
  const refreshed = await call('token', {
    grant_type: 'refresh_token', refresh_token: tokens.json.refresh_token,
  });
  const info = await call('introspection', { token: refreshed.json?.access_token });
  check(`${clientId}: refresh, then introspection of the new token by the client itself`,
    refreshed.status === 200 && info.json?.active === true,
    `${refreshed.status}, active=${info.json?.active} cnf=${JSON.stringify(info.json?.cnf)}`);
  const revoked = await call('revocation', { token: refreshed.json.refresh_token });
  const after = await introspect(refreshed.json.access_token);
  check(`${clientId}: revocation of the refresh token`, revoked.status === 200 && after.active === false,
    `${revoked.status}, then the access token active=${after.active}`);
}

// --- summary ------------------------------------------------------------------------------------

finish();
