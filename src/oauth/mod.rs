//! The OAuth 2.0 exchanges: the token request with its client authentication and body
//! encoding, ES256 client assertions, authorization, the device flow, discovery, revocation,
//! introspection, and the parsing of token and error responses. Their vocabulary (grants,
//! client authentication methods, encodings) is in `types`.

pub(crate) mod assertion;
pub mod authorize;
pub(crate) mod device;
pub(crate) mod discovery;
pub(crate) mod endpoint;
pub(crate) mod introspect;
pub(crate) mod pkce;
pub(crate) mod request;
pub mod response;
pub(crate) mod revoke;
