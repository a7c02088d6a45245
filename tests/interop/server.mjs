// Local OAuth 2.0 / OpenID Connect authorization server for otok's interop tests.
//
// Built on oidc-provider (https://github.com/panva/node-oidc-provider) with an in-memory store,
// fixed test clients and headless interactions: every authorization request is granted to the
// account `alice` without any page to click through. See README.md next to this file.
//
// Besides plain http it listens with https on a second, ephemeral port for mutual TLS
// (RFC 8705): the discovery document names that listener's endpoints in
// `mtls_endpoint_aliases`. Both listeners serve the same provider. The keys and certificates
// come from ../keys (test-only fixtures).
//
// Two grants that start from another credential are added to oidc-provider's own: token
// exchange (RFC 8693) and the JWT bearer grant (RFC 7523 section 2.1), the latter also for
// Google-style service accounts that send no client authentication at all.
//
// Contract with the test harness:
//   - stdout carries exactly one line, `ISSUER=http://127.0.0.1:<port>`, once the server listens
//     on both ports; everything else (oidc-provider notices and warnings) goes to stderr.
//   - SIGTERM / SIGINT stop the server and exit with status 0.
//
// Environment:
//   PORT                  listening port on 127.0.0.1 (default 0: an ephemeral port)
//   ACCESS_TOKEN_TTL      lifetime in seconds of access tokens, client_credentials ones included (3600)
//   REFRESH_TOKEN_TTL     lifetime in seconds of refresh tokens (1209600 = 14 days)
//   DEVICE_POLL_INTERVAL  `interval` returned by the device authorization endpoint (1)

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

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

const { default: Provider, errors } = await import('oidc-provider');
const jose = await import('jose');

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

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_TYPE = {
  access_token: 'urn:ietf:params:oauth:token-type:access_token',
  id_token: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
};

// ---------------------------------------------------------------------------------------------
// The test fixtures of ../keys: the clients' public keys are derived from them here, so that
// only the private files are stored.

const KEYS = new URL('../keys/', import.meta.url);

function fixture(name) {
  return fs.readFileSync(new URL(name, KEYS));
}

/** The public JWK of a PEM private key, with the kid of its fixture JWK. */
function publicJwk(file, kid) {
  return { kid, ...crypto.createPublicKey(fixture(file)).export({ format: 'jwk' }) };
}

/** The public JWK of a certificate's key, with the certificate itself as `x5c`. */
function certificateJwk(file, kid) {
  const cert = new crypto.X509Certificate(fixture(file));
  return { kid, ...cert.publicKey.export({ format: 'jwk' }), x5c: [cert.raw.toString('base64')] };
}

// client_secret_jwt signs with the secret itself: HS512 needs one of 64 bytes at least.
const CSJWT_SECRET = 'otok-csjwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHI';

// The clients of the other authentication methods, one per method (per algorithm for
// private_key_jwt), each allowed every grant a command-line client uses.
function authClient(clientId, settings) {
  return {
    client_id: clientId,
    grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [LOOPBACK_CALLBACK],
    application_type: 'native',
    scope: ALL_SCOPES,
    ...settings,
  };
}

// The clients of the JWT bearer grant: the key in `jwks` signs their assertions.
function jwtBearerClient(clientId, method, jwk, settings = {}) {
  return {
    client_id: clientId,
    token_endpoint_auth_method: method,
    grant_types: [JWT_BEARER],
    response_types: [],
    redirect_uris: [],
    scope: ALL_SCOPES,
    jwks: { keys: [jwk] },
    ...settings,
  };
}

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

  // private_key_jwt (RFC 7523): one client per signing algorithm, each pinned to it, except
  // EdDSA's, which takes the JOSE name `EdDSA` and the fully-specified `Ed25519` alike: a
  // pinned alg is compared with the assertion's `alg` header as a string.
  authClient('pkjwt-rs256', {
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    jwks: { keys: [publicJwk('rsa.pkcs8.pem', 'rsa-1')] },
  }),
  authClient('pkjwt-ps256', {
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'PS256',
    jwks: { keys: [publicJwk('rsa.pkcs8.pem', 'rsa-1')] },
  }),
  authClient('pkjwt-es256', {
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    jwks: { keys: [publicJwk('ec256.pkcs8.pem', 'ec256-1')] },
  }),
  authClient('pkjwt-es384', {
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES384',
    jwks: { keys: [publicJwk('ec384.pkcs8.pem', 'ec384-1')] },
  }),
  authClient('pkjwt-eddsa', {
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: { keys: [publicJwk('ed25519.pkcs8.pem', 'ed25519-1')] },
  }),

  // client_secret_jwt: no pinned alg, so HS256, HS384 and HS512 all work.
  authClient('csjwt', {
    token_endpoint_auth_method: 'client_secret_jwt',
    client_secret: CSJWT_SECRET,
  }),

  // Mutual TLS (RFC 8705), only through the https listener; their access tokens are bound to
  // the certificate (`cnf` `x5t#S256`).
  authClient('mtls-pki', {
    token_endpoint_auth_method: 'tls_client_auth',
    tls_client_auth_subject_dn: 'CN=otok-mtls-client',
    tls_client_certificate_bound_access_tokens: true,
  }),
  authClient('mtls-self', {
    token_endpoint_auth_method: 'self_signed_tls_client_auth',
    jwks: { keys: [certificateJwk('self-signed.pem', 'self-signed-1')] },
    tls_client_certificate_bound_access_tokens: true,
  }),

  // DPoP (RFC 9449): every token request of these clients must carry a proof, with the
  // server's nonce.
  authClient('dpop-public', {
    token_endpoint_auth_method: 'none',
    dpop_bound_access_tokens: true,
  }),
  authClient('dpop-basic', {
    token_endpoint_auth_method: 'client_secret_basic',
    client_secret: 'dpop-basic-secret',
    dpop_bound_access_tokens: true,
  }),

  // Token exchange (RFC 8693): trades an access token of this server (the subject, and an
  // actor's) for a new one, with an audience.
  {
    client_id: 'exchanger',
    client_secret: 'exchanger-secret',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: [TOKEN_EXCHANGE, 'client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: ALL_SCOPES,
  },

  // The JWT bearer grant (RFC 7523 section 2.1): each of these clients presents assertions it
  // signed itself (`iss` = its client id) with the key registered in its `jwks`. The public
  // ones send only their client_id; jwtb-basic authenticates with its secret besides.
  jwtBearerClient('jwtb-rs256', 'none', publicJwk('rsa.pkcs8.pem', 'rsa-1')),
  jwtBearerClient('jwtb-es256', 'none', publicJwk('ec256.pkcs8.pem', 'ec256-1')),
  jwtBearerClient('jwtb-basic', 'client_secret_basic', publicJwk('rsa.pkcs8.pem', 'rsa-1'), {
    client_secret: 'jwtb-basic-secret',
  }),
  // Whom a JWT bearer request without any client authentication (no client_id either, as
  // Google's token endpoint takes service-account assertions) is issued to.
  {
    client_id: 'service-accounts',
    token_endpoint_auth_method: 'none',
    grant_types: [JWT_BEARER],
    response_types: [],
    redirect_uris: [],
    scope: ALL_SCOPES,
  },
];

// Service accounts whose assertions this server trusts, Google style: the account's email is
// the assertion's `iss` (and `sub` unless it names another), the key's id its `kid`.
const SERVICE_ACCOUNTS = new Map([
  ['otok-sa@interop.iam.example', [
    { ...publicJwk('rsa.pkcs8.pem', 'sa-key-1'), alg: 'RS256', use: 'sig' },
  ]],
]);

// ---------------------------------------------------------------------------------------------
// Mutual TLS: what oidc-provider asks of the TLS layer, answered from the https listener's
// socket. Requests on the plain http listener have no certificate.

function peerCertificate(ctx) {
  const { socket } = ctx;
  if (typeof socket?.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate(false);
  if (!peer?.raw) return undefined;
  return new crypto.X509Certificate(peer.raw);
}

// The RFC 4514 string of a subject as node prints it (one `type=value` per line, in the
// certificate's order): most significant last, comma-separated.
function subjectDn(cert) {
  return cert.subject.split('\n').reverse().join(',');
}

const mTLS = {
  enabled: true,
  certificateBoundAccessTokens: true,
  tlsClientAuth: true,
  selfSignedTlsClientAuth: true,
  getCertificate(ctx) {
    return peerCertificate(ctx)?.toString();
  },
  // Signed by ../keys/ca.pem: the TLS handshake checked it (rejectUnauthorized is off so that
  // self-signed certificates get through to self_signed_tls_client_auth).
  certificateAuthorized(ctx) {
    return ctx.socket?.authorized === true;
  },
  certificateSubjectMatches(ctx, property, expected) {
    const cert = peerCertificate(ctx);
    if (!cert) return false;
    switch (property) {
      case 'tls_client_auth_subject_dn':
        return subjectDn(cert) === expected;
      default:
        throw new Error(`${property} is not supported by this test server`);
    }
  },
};

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
    mTLS,
    // Every DPoP proof must carry a nonce of this server: a first proof without one is
    // answered 400 use_dpop_nonce with a DPoP-Nonce header, as RFC 9449 section 8 describes.
    dPoP: {
      enabled: true,
      nonceSecret: crypto.randomBytes(32),
      requireNonce() {
        return true;
      },
    },
  },

  clientAuthMethods: [
    'client_secret_basic',
    'client_secret_post',
    'client_secret_jwt',
    'private_key_jwt',
    'tls_client_auth',
    'self_signed_tls_client_auth',
    'none',
  ],
  enabledJWA: {
    clientAuthSigningAlgValues: [
      'RS256', 'PS256', 'ES256', 'ES384', 'EdDSA', 'Ed25519', 'HS256', 'HS384', 'HS512',
    ],
    dPoPSigningAlgValues: ['ES256', 'EdDSA', 'Ed25519'],
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
  // The claims the grants below put on the tokens they issue (`sub`, `act`): kept in the
  // token's `extra`, which introspection shows.
  extraTokenClaims(_ctx, token) {
    return token.extra;
  },
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
// Grants that start from another credential. Both issue a client-credentials-like token to the
// requesting client, whose introspection shows what it was made from: `sub` (the subject),
// `act` (the actor of a token exchange) and `aud` (its audience).

/** An `invalid_grant` that says why, unlike oidc-provider's own. */
function invalidGrant(description) {
  const err = new errors.InvalidGrant(description);
  err.error_description = description;
  return err;
}

/** A single-valued string parameter, or undefined; a repeated one is refused. */
function single(params, name, { required = false } = {}) {
  const value = params[name];
  if (Array.isArray(value)) {
    throw new errors.InvalidRequest(`${name} must not be provided twice`);
  }
  if (value === undefined || value === '') {
    if (required) throw new errors.InvalidRequest(`missing required parameter '${name}'`);
    return undefined;
  }
  return value;
}

function many(params, name) {
  const value = params[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
}

/** The scopes of `requested` that `client` may have and this server knows, or undefined. */
function grantedScope(client, requested) {
  if (!requested) return undefined;
  const allowed = new Set((client.scope ?? ALL_SCOPES).split(' '));
  const known = new Set(ALL_SCOPES.split(' '));
  const scope = requested.split(' ').filter((s) => s && allowed.has(s) && known.has(s));
  return scope.length ? [...new Set(scope)].join(' ') : undefined;
}

/** Issues the token and answers the token request. */
async function issue(ctx, provider, { client, scope, aud, extra, issuedTokenType }) {
  const token = new provider.ClientCredentials({ client, scope, extra });
  if (aud?.length) token.aud = aud.length === 1 ? aud[0] : aud;
  ctx.oidc.entity('ClientCredentials', token);
  const value = await token.save();
  ctx.status = 200;
  ctx.body = {
    access_token: value,
    ...(issuedTokenType ? { issued_token_type: issuedTokenType } : undefined),
    expires_in: token.expiration,
    ...(token.scope ? { scope: token.scope } : undefined),
    token_type: token.tokenType,
  };
}

/** An access token of this server that is still active (as introspection would say). */
async function activeAccessToken(provider, value) {
  let token;
  try {
    token = await provider.AccessToken.find(value) ?? await provider.ClientCredentials.find(value);
  } catch {
    return undefined;
  }
  if (!token?.isValid) return undefined;
  if (token.grantId) {
    const grant = await provider.Grant.find(token.grantId, { ignoreExpiration: true });
    if (!grant || grant.isExpired || grant.clientId !== token.clientId
      || grant.accountId !== token.accountId) {
      return undefined;
    }
  }
  return token;
}

// The public half of this server's signing key: ID tokens it issued are accepted as subject
// tokens of the `id_token` and `jwt` types.
let ownKeys;

/**
 * Whom a token given to the token exchange stands for: `sub` (the account of an access token
 * from a user's grant, the client of a client_credentials one, or the `sub` an earlier
 * exchange or JWT bearer grant gave it), its scope and its `act`.
 */
async function exchangeParty(provider, params, name) {
  const value = single(params, `${name}_token`, { required: true });
  const type = single(params, `${name}_token_type`, { required: true });
  switch (type) {
    case TOKEN_TYPE.access_token: {
      const token = await activeAccessToken(provider, value);
      if (!token) {
        throw invalidGrant(`${name}_token is not an active access token of this server`);
      }
      return {
        sub: token.accountId ?? token.extra?.sub ?? token.clientId,
        scope: token.scope,
        act: token.extra?.act,
      };
    }
    case TOKEN_TYPE.id_token:
    case TOKEN_TYPE.jwt: {
      try {
        const { payload } = await jose.jwtVerify(value, ownKeys, {
          issuer: provider.issuer, requiredClaims: ['sub', 'exp'],
        });
        return { sub: payload.sub, act: payload.act };
      } catch (err) {
        throw invalidGrant(`${name}_token is not a valid JWT of this server (${err.message})`);
      }
    }
    default:
      throw new errors.InvalidRequest(
        `${name}_token_type ${JSON.stringify(type)} is not supported: this server takes `
        + `${TOKEN_TYPE.access_token}, ${TOKEN_TYPE.id_token} or ${TOKEN_TYPE.jwt}`,
      );
  }
}

/** RFC 8693 section 2: the token exchange, for the authenticated client. */
async function tokenExchange(ctx) {
  const { provider, params, client } = ctx.oidc;
  const subject = await exchangeParty(provider, params, 'subject');
  let actor;
  if (params.actor_token !== undefined) {
    actor = await exchangeParty(provider, params, 'actor');
  } else if (params.actor_token_type !== undefined) {
    throw new errors.InvalidRequest('actor_token_type was given without actor_token');
  }

  const requested = single(params, 'requested_token_type');
  if (requested !== undefined && requested !== TOKEN_TYPE.access_token) {
    throw new errors.InvalidRequest(
      `requested_token_type ${JSON.stringify(requested)} is not supported: this server issues `
      + `${TOKEN_TYPE.access_token}`,
    );
  }

  const resources = many(params, 'resource');
  for (const resource of resources) {
    let url;
    try {
      url = new URL(resource);
    } catch {
      url = undefined;
    }
    if (!url || url.hash) {
      throw new errors.InvalidTarget(`resource ${JSON.stringify(resource)} is not an absolute URI without a fragment`);
    }
  }
  const aud = [...new Set([...many(params, 'audience'), ...resources])];

  // The scope asked for, else the subject token's, within what the client may have.
  const scope = grantedScope(client, single(params, 'scope') ?? subject.scope);

  // RFC 8693 section 4.1: the actor, with the subject token's own chain of actors nested.
  const extra = { sub: subject.sub };
  if (actor) extra.act = { sub: actor.sub, ...(subject.act ? { act: subject.act } : undefined) };

  await issue(ctx, provider, {
    client, scope, aud, extra, issuedTokenType: TOKEN_TYPE.access_token,
  });
}

// JWT bearer assertions: the algorithms accepted, the keys of each trusted issuer and the jtis
// seen (until their assertion expires).
const ASSERTION_ALGS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA', 'Ed25519'];
const MAX_ASSERTION_LIFETIME = 3600;
const IAT_LEEWAY = 60;
const seenJtis = new Map();

const clientKeySets = new Map(
  clients
    .filter((c) => c.grant_types?.includes(JWT_BEARER) && c.jwks)
    .map((c) => [c.client_id, jose.createLocalJWKSet(c.jwks)]),
);
const serviceAccountKeySets = new Map(
  [...SERVICE_ACCOUNTS].map(([email, keys]) => [email, jose.createLocalJWKSet({ keys })]),
);

/** Why jose refused an assertion, in the words of an error_description. */
function assertionProblem(err, audiences) {
  switch (err.code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the assertion signature is invalid';
    case 'ERR_JWT_EXPIRED':
      return 'the assertion has expired';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'no key of the assertion issuer matches its kid and alg';
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'several keys of the assertion issuer match: the assertion needs a kid';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return `the assertion alg is not one of ${ASSERTION_ALGS.join(', ')}`;
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (err.claim === 'aud') {
        return `the assertion aud must be the token endpoint or the issuer (${audiences.join(', ')})`;
      }
      return `the assertion ${err.claim} claim is invalid: ${err.message}`;
    default:
      return `the assertion is not a valid JWT: ${err.message}`;
  }
}

/**
 * RFC 7523 section 2.1 and 3: the assertion is signed by a service account of
 * SERVICE_ACCOUNTS, or by the requesting client itself (`iss` = its client id) with the key of
 * its `jwks`. Its `sub` (else its `iss`) is the subject of the token; the scope is the `scope`
 * parameter, else the assertion's `scope` claim (as Google's service-account assertions carry
 * it).
 */
async function jwtBearer(ctx, client = ctx.oidc.client) {
  const { provider, params } = ctx.oidc;
  const assertion = single(params, 'assertion', { required: true });
  let claims;
  try {
    claims = jose.decodeJwt(assertion);
  } catch (err) {
    throw invalidGrant(`the assertion is not a JWT: ${err.message}`);
  }
  const { iss } = claims;
  if (typeof iss !== 'string' || !iss) throw invalidGrant('the assertion has no iss');

  let keys = serviceAccountKeySets.get(iss);
  if (!keys && clientKeySets.has(iss)) {
    if (iss !== client.clientId) {
      throw invalidGrant(`the assertion issuer ${iss} is a client: it must be the requesting client, not ${client.clientId}`);
    }
    keys = clientKeySets.get(iss);
  }
  if (!keys) throw invalidGrant(`the assertion issuer ${iss} is not trusted by this server`);

  const audiences = [provider.urlFor('token'), provider.issuer, `${mtlsBase}/token`];
  let payload;
  try {
    ({ payload } = await jose.jwtVerify(assertion, keys, {
      issuer: iss,
      audience: audiences,
      algorithms: ASSERTION_ALGS,
      requiredClaims: ['exp'],
      clockTolerance: 30,
    }));
  } catch (err) {
    throw invalidGrant(assertionProblem(err, audiences));
  }

  const now = Math.floor(Date.now() / 1000);
  if (payload.iat !== undefined && payload.iat > now + IAT_LEEWAY) {
    throw invalidGrant('the assertion iat is in the future');
  }
  if (payload.exp - (payload.iat ?? now) > MAX_ASSERTION_LIFETIME) {
    throw invalidGrant(`the assertion lives longer than ${MAX_ASSERTION_LIFETIME} seconds`);
  }
  if (payload.jti !== undefined) {
    for (const [seen, exp] of seenJtis) if (exp < now) seenJtis.delete(seen);
    const key = `${iss}\n${payload.jti}`;
    if (seenJtis.has(key)) throw invalidGrant('the assertion was already used (same jti)');
    seenJtis.set(key, payload.exp);
  }
  const sub = payload.sub ?? iss;
  if (typeof sub !== 'string' || !sub) throw invalidGrant('the assertion sub is not a string');

  const claimScope = Array.isArray(payload.scope) ? payload.scope.join(' ') : payload.scope;
  const requested = single(params, 'scope') ?? (typeof claimScope === 'string' ? claimScope : undefined);
  await issue(ctx, provider, { client, scope: grantedScope(client, requested), extra: { sub } });
}

/**
 * A JWT bearer request without any client authentication, not even a client_id: oidc-provider
 * refuses it before any grant runs ("no client authentication mechanism provided"). This
 * answers it instead, as client `service-accounts`, with the parameters oidc-provider parsed.
 */
async function clientlessJwtBearer(provider, ctx) {
  if (
    ctx.status !== 400
    || ctx.body?.error !== 'invalid_request'
    || ctx.body?.error_description !== 'no client authentication mechanism provided'
    || ctx.oidc?.params?.grant_type !== JWT_BEARER
    || ctx.oidc.params.client_id !== undefined
  ) {
    return;
  }
  const client = await provider.Client.find('service-accounts');
  try {
    await jwtBearer(ctx, client);
  } catch (err) {
    if (!(err instanceof errors.OIDCProviderError)) throw err;
    ctx.status = err.status;
    ctx.body = { error: err.error, error_description: err.error_description };
  }
}

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

function listen(server, listenPort) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

const server = http.createServer();
server.keepAliveTimeout = 1000;

// The mutual-TLS listener: any client certificate is asked for and let through; whether it is
// signed by the test CA is ctx.socket.authorized, for features.mTLS above.
const tlsServer = https.createServer({
  cert: fixture('server.pem'),
  key: fixture('server.key'),
  ca: fixture('ca.pem'),
  requestCert: true,
  rejectUnauthorized: false,
});
tlsServer.keepAliveTimeout = 1000;

try {
  await listen(server, port);
} catch (err) {
  console.error(`cannot listen on 127.0.0.1:${port}: ${err.message}`);
  process.exit(1);
}
try {
  await listen(tlsServer, 0);
} catch (err) {
  console.error(`cannot listen with https on 127.0.0.1: ${err.message}`);
  process.exit(1);
}

const { port: actualPort } = server.address();
const issuer = `http://127.0.0.1:${actualPort}`;
const mtlsBase = `https://127.0.0.1:${tlsServer.address().port}`;
// RFC 8705 section 5: where a client authenticating with a certificate (or holding
// certificate-bound tokens) sends the requests that need it.
configuration.discovery = {
  mtls_endpoint_aliases: {
    token_endpoint: `${mtlsBase}/token`,
    revocation_endpoint: `${mtlsBase}/token/revocation`,
    introspection_endpoint: `${mtlsBase}/token/introspection`,
    device_authorization_endpoint: `${mtlsBase}/device/auth`,
    userinfo_endpoint: `${mtlsBase}/me`,
  },
};
const provider = new Provider(issuer, configuration);
provider.registerGrantType(TOKEN_EXCHANGE, tokenExchange, [
  'subject_token', 'subject_token_type', 'actor_token', 'actor_token_type',
  'requested_token_type', 'audience', 'resource', 'scope',
], ['audience', 'resource']);
provider.registerGrantType(JWT_BEARER, jwtBearer, ['assertion', 'scope']);
ownKeys = jose.createLocalJWKSet({
  keys: [{
    kty: signingKey.kty, n: signingKey.n, e: signingKey.e, kid: 'interop-rs256', alg: 'RS256',
  }],
});

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
      await clientlessJwtBearer(provider, ctx);
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

const callback = provider.callback();
server.on('request', callback);
tlsServer.on('request', callback);

function shutdown() {
  let open = 2;
  const closed = () => {
    open -= 1;
    if (open === 0) process.exit(0);
  };
  server.close(closed);
  tlsServer.close(closed);
  server.closeAllConnections();
  tlsServer.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

process.stdout.write(`ISSUER=${issuer}\n`);
