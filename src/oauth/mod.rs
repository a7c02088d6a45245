//! The OAuth 2.0 exchanges: the token request with its client authentication and body
//! encoding, ES256 client assertions, authorization, the device flow, discovery, revocation,
//! introspection, and the parsing of token and error responses. Their vocabulary (grants,
//! client authentication methods, encodings) is in `types`.

pub mod assertion;
pub mod authorize;
pub mod device;
pub mod discovery;
pub mod endpoint;
pub mod introspect;
pub mod pkce;
pub mod request;
pub mod response;
pub mod revoke;
