# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_otok_global_optspecs
    string join \n v/verbose config= h/help V/version
end

function __fish_otok_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_otok_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_otok_using_subcommand
    set -l cmd (__fish_otok_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c otok -n "__fish_otok_needs_command" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_needs_command" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_needs_command" -s V -l version -d 'Print version'
complete -c otok -n "__fish_otok_needs_command" -f -a "token" -d 'Print a valid access token: from the store while it lasts, else refreshed, else new'
complete -c otok -n "__fish_otok_needs_command" -f -a "refresh" -d 'Get a new token now (with the refresh token if there is one), store it, print it'
complete -c otok -n "__fish_otok_needs_command" -f -a "status" -d 'Show what the store holds (never a token)'
complete -c otok -n "__fish_otok_needs_command" -f -a "authorize" -d 'Authorize in a browser (code flow with PKCE) or on another device, and store the tokens'
complete -c otok -n "__fish_otok_needs_command" -f -a "revoke" -d 'Revoke the stored tokens at the provider, then delete them here'
complete -c otok -n "__fish_otok_needs_command" -f -a "forget" -d 'Delete stored tokens without contacting the provider'
complete -c otok -n "__fish_otok_needs_command" -f -a "exec" -d 'Run a command with the access token in its environment (never in its arguments)'
complete -c otok -n "__fish_otok_needs_command" -f -a "request" -d 'Send an HTTP request with the access token (never in argv); a 401 invalid_token gets a new token and one retry'
complete -c otok -n "__fish_otok_needs_command" -f -a "dpop-proof" -d 'Print a DPoP proof (RFC 9449) for a request another tool makes with the stored DPoP token'
complete -c otok -n "__fish_otok_needs_command" -f -a "inspect" -d 'Decode a token\'s JWT header and claims, with its times (the signature is not verified)'
complete -c otok -n "__fish_otok_needs_command" -f -a "introspect" -d 'Ask the provider\'s RFC 7662 introspection endpoint whether a token is active'
complete -c otok -n "__fish_otok_needs_command" -f -a "providers" -d 'List the built-in providers and those of the config file'
complete -c otok -n "__fish_otok_needs_command" -f -a "kubeconfig" -d 'Print the kubeconfig `users` entry that makes kubectl get its tokens from otok'
complete -c otok -n "__fish_otok_needs_command" -f -a "git-credential" -d 'git\'s credential helper: `get`, `store` and `erase` on stdin and stdout'
complete -c otok -n "__fish_otok_needs_command" -f -a "profile" -d 'Add, list, show or remove the profiles of the config file'
complete -c otok -n "__fish_otok_needs_command" -f -a "doctor" -d 'Check the set-up: config file, store, provider, clock; each line ok, warn or fail'
complete -c otok -n "__fish_otok_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c otok -n "__fish_otok_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c otok -n "__fish_otok_using_subcommand token" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand token" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand token" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand token" -l min-ttl -d 'Reuse a stored token only with this many seconds left (capped at half its lifetime)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l format -d 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions' -r -f -a "raw\t'The token and a newline'
json\t'access_token, token_type, expires_at, expires_in, scope, provider, profile, from_cache'
header\t'Authorization: Bearer …'
env\t'export ACCESS_TOKEN=\'…\''
github\t'::add-mask:: on stdout, and the variable appended to $GITHUB_ENV'
exec-credential\t'A Kubernetes ExecCredential, for kubectl\'s exec credential plugins'"
complete -c otok -n "__fish_otok_using_subcommand token" -l env-var -d 'Variable name for --format env and github' -r
complete -c otok -n "__fish_otok_using_subcommand token" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand token" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand token" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -l force -d 'Ignore the stored access token (a stored refresh token is still used)'
complete -c otok -n "__fish_otok_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand refresh" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand refresh" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand refresh" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand refresh" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand refresh" -l format -d 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions' -r -f -a "raw\t'The token and a newline'
json\t'access_token, token_type, expires_at, expires_in, scope, provider, profile, from_cache'
header\t'Authorization: Bearer …'
env\t'export ACCESS_TOKEN=\'…\''
github\t'::add-mask:: on stdout, and the variable appended to $GITHUB_ENV'
exec-credential\t'A Kubernetes ExecCredential, for kubectl\'s exec credential plugins'"
complete -c otok -n "__fish_otok_using_subcommand refresh" -l env-var -d 'Variable name for --format env and github' -r
complete -c otok -n "__fish_otok_using_subcommand refresh" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand refresh" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand refresh" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand refresh" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand refresh" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand refresh" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand refresh" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand refresh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand status" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand status" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand status" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand status" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand status" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand status" -l format -d 'Print JSON instead of a table' -r -f -a "table\t''
json\t''"
complete -c otok -n "__fish_otok_using_subcommand status" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand status" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand status" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand status" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand status" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand status" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand status" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l device-url -d 'Device authorization endpoint (overrides discovery)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l port -d 'Port of the loopback redirect listener on 127.0.0.1 [default: any free port]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l redirect-uri -d 'The redirect URI registered with the provider: on 127.0.0.1 or localhost otok listens there; any other is pasted back from the browser' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand authorize" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand authorize" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand authorize" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand authorize" -l format -d 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions' -r -f -a "raw\t'The token and a newline'
json\t'access_token, token_type, expires_at, expires_in, scope, provider, profile, from_cache'
header\t'Authorization: Bearer …'
env\t'export ACCESS_TOKEN=\'…\''
github\t'::add-mask:: on stdout, and the variable appended to $GITHUB_ENV'
exec-credential\t'A Kubernetes ExecCredential, for kubectl\'s exec credential plugins'"
complete -c otok -n "__fish_otok_using_subcommand authorize" -l env-var -d 'Variable name for --format env and github' -r
complete -c otok -n "__fish_otok_using_subcommand authorize" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l device -d 'Device authorization grant (RFC 8628): print a code to enter on another device'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l no-browser -d 'Do not open a browser: print the URL, and read the redirect URL pasted on stdin'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand authorize" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand authorize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand revoke" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l token -d 'Which stored token to revoke; all revokes the refresh token first' -r -f -a "access\t'The access token'
refresh\t'The refresh token'
all\t'Both, the refresh token first'"
complete -c otok -n "__fish_otok_using_subcommand revoke" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand revoke" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand revoke" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand revoke" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand revoke" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand revoke" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand revoke" -l strict -d 'Fail (exit 3) when nothing is stored, or when the provider cannot be told'
complete -c otok -n "__fish_otok_using_subcommand revoke" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand revoke" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand revoke" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand revoke" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand revoke" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand revoke" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand forget" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand forget" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand forget" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand forget" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand forget" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand forget" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand forget" -l all -d 'Delete every stored token'
complete -c otok -n "__fish_otok_using_subcommand forget" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand forget" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand forget" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand forget" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand forget" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand forget" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand forget" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand exec" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l env-var -d 'The environment variable that carries the token to the command' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand exec" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand exec" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand exec" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand exec" -l min-ttl -d 'Reuse a stored token only with this many seconds left (capped at half its lifetime)' -r
complete -c otok -n "__fish_otok_using_subcommand exec" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand exec" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand exec" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand exec" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand exec" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand exec" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand exec" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand exec" -l keep-env -d 'Pass otok\'s own secret variables (OTOK_CLIENT_SECRET, OTOK_PASSWORD, OTOK_PIN, OTOK_CARD, OTOK_REFRESH_TOKEN and those the profile\'s secrets name) on to the command; by default they are removed from its environment'
complete -c otok -n "__fish_otok_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand request" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -s X -l method -d 'Request method [default: GET, or POST with a body]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -s H -l header -d 'Request header (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -s d -l data -d 'Request body [content type: application/x-www-form-urlencoded]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l data-file -d 'Request body read from a file, `-` for stdin [content type: application/octet-stream]' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l json -d 'JSON request body; sets Content-Type and Accept to application/json' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l api-url -d 'Base URL of the API, for URLs that start with `/` [default: the provider\'s base URL]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand request" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand request" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand request" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand request" -l min-ttl -d 'Reuse a stored token only with this many seconds left (capped at half its lifetime)' -r
complete -c otok -n "__fish_otok_using_subcommand request" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand request" -s i -l include -d 'Print the status line and the headers before the body'
complete -c otok -n "__fish_otok_using_subcommand request" -l no-fail -d 'Exit 0 whatever the status of the answer'
complete -c otok -n "__fish_otok_using_subcommand request" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand request" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand request" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand request" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand request" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand request" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -s X -l method -d 'The method of the request the proof goes with' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l url -d 'The URL of the request the proof goes with' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l nonce -d 'The resource server\'s latest `DPoP-Nonce`' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l min-ttl -d 'Reuse a stored token only with this many seconds left (capped at half its lifetime)' -r
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand dpop-proof" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l format -d 'Print JSON instead of text' -r -f -a "table\t''
json\t''"
complete -c otok -n "__fish_otok_using_subcommand inspect" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand inspect" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand inspect" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand inspect" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand inspect" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand inspect" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l stdin -d 'Read the token from stdin instead of the store'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l id-token -d 'Decode the stored ID token instead of the access token'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand inspect" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand introspect" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l token -d 'Which stored token to ask about (with --stdin: the hint sent to the server)' -r -f -a "access\t'The access token'
refresh\t'The refresh token'"
complete -c otok -n "__fish_otok_using_subcommand introspect" -l format -d 'Print the server\'s JSON instead of a table' -r -f -a "table\t''
json\t''"
complete -c otok -n "__fish_otok_using_subcommand introspect" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand introspect" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand introspect" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand introspect" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand introspect" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand introspect" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand introspect" -l stdin -d 'Read the token from stdin instead of the store'
complete -c otok -n "__fish_otok_using_subcommand introspect" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand introspect" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand introspect" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand introspect" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand introspect" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand introspect" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand introspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand providers" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand providers" -l json -d 'Print JSON instead of a table'
complete -c otok -n "__fish_otok_using_subcommand providers" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand providers" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand kubeconfig" -l user -d 'The name of the kubeconfig user [default: otok-PROFILE]' -r
complete -c otok -n "__fish_otok_using_subcommand kubeconfig" -l command -d 'How kubectl runs otok [default: otok, found on PATH]' -r -F
complete -c otok -n "__fish_otok_using_subcommand kubeconfig" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand kubeconfig" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand kubeconfig" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand git-credential" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand git-credential" -l setup -d 'Print the `git config` lines that make git ask otok for HOST, with PROFILE' -r
complete -c otok -n "__fish_otok_using_subcommand git-credential" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand git-credential" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand git-credential" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove help" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove help" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove help" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove help" -f -a "add" -d 'Add a profile: each answer asked on a terminal, or given by its flag'
complete -c otok -n "__fish_otok_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove help" -f -a "list" -d 'List the profiles of the config file'
complete -c otok -n "__fish_otok_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove help" -f -a "show" -d 'Show a profile, and where its secrets come from (never a secret)'
complete -c otok -n "__fish_otok_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove help" -f -a "remove" -d 'Remove a profile from the config file (its stored tokens stay: `otok forget`)'
complete -c otok -n "__fish_otok_using_subcommand profile; and not __fish_seen_subcommand_from add list show remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l secret-from -d 'Where the client secret comes from: env:VAR, file:PATH, command:CMD, or keyring (typed once, or read from stdin, and kept in the keychain)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l no-check -d 'Do not make a token request to prove the profile works'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l replace -d 'Replace a profile of the same name'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from list" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from show" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from remove" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a profile: each answer asked on a terminal, or given by its flag'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the profiles of the config file'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a profile, and where its secrets come from (never a secret)'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a profile from the config file (its stored tokens stay: `otok forget`)'
complete -c otok -n "__fish_otok_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c otok -n "__fish_otok_using_subcommand doctor" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l introspect-url -d 'Token introspection endpoint, RFC 7662 (overrides the provider\'s and discovery\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'
private_key_jwt\t'A JWT signed with the client\'s private key (RFC 7523 §2.2)'
client_secret_jwt\t'A JWT signed with the client secret, HS256/384/512 (OpenID Connect Core §9)'
tls_client_auth\t'Mutual TLS with a certificate from a CA (RFC 8705 §2.1)'
self_signed_tls_client_auth\t'Mutual TLS with a self-signed certificate registered with the server (RFC 8705 §2.2)'
client_assertion_jwt\t'A client assertion made by someone else (a CI job\'s identity), sent as it is: workload identity federation'"
complete -c otok -n "__fish_otok_using_subcommand doctor" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l private-key-file -d 'Private key that signs client assertions (private_key_jwt): PEM (PKCS#8, PKCS#1, SEC1) or a JWK / JWKS file' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l key-id -d 'Key id of the private key: the assertion\'s `kid`, and the key chosen from a JWKS (High Mobility: the assertion\'s issuer)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l signing-alg -d 'Algorithm of client assertions [default: from the key; HS256 for client_secret_jwt]' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l assertion-audience -d '`aud` of client assertions: endpoint (the URL called), issuer, token-endpoint, or a URL [default: endpoint]' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l assertion-lifetime -d 'Seconds a client assertion is valid [default: 60]' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l client-cert-file -d 'Client certificate (PEM chain) for mutual TLS, RFC 8705, and for `x5t#S256` in assertions' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l client-key-file -d 'Private key (PEM) of --client-cert-file' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l grant -d 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l scope -d 'Scope to request (repeatable, or space-separated)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l username -d 'Resource owner\'s user name (password grant; MyQ user logins)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l password-file -d 'Read the password from a file (or set OTOK_PASSWORD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l login-type -d 'MyQ login_info type' -r -f -a "card\t'1: card number'
pin\t'2: PIN'
user\t'3: user name and password'
card-pin\t'4: card number and PIN'
card-password\t'5: card number and password'"
complete -c otok -n "__fish_otok_using_subcommand doctor" -l card-file -d 'Read the MyQ card number from a file (or set OTOK_CARD)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l pin-file -d 'Read the MyQ PIN from a file (or set OTOK_PIN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l refresh-token-file -d 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l subject-token-file -d 'Read the subject token of a token exchange from a file (or set OTOK_SUBJECT_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l subject-token-from -d 'Where the subject token comes from: profile:NAME, github-actions[:AUDIENCE], gitlab:VARIABLE, kubernetes[:PATH], file:PATH, env:VAR, command:CMD' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l subject-token-type -d 'Type of the subject token: access_token, id_token, jwt, refresh_token, saml1, saml2 or a URI [default: jwt for a CI identity, else access_token]' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l actor-token-file -d 'Read the actor token from a file (or set OTOK_ACTOR_TOKEN)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l actor-token-from -d 'Where the actor token comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l actor-token-type -d 'Type of the actor token [default: as for the subject token]' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l audience -d 'The service the new token is for (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l resource -d 'The resource the new token is for, an absolute URI (repeatable; RFC 8707)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l requested-token-type -d 'The type of token asked for (a token type as for --subject-token-type)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l assertion-file -d 'Read the JWT-bearer grant\'s assertion from a file, as it is (or set OTOK_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l assertion-from -d 'Where the JWT-bearer grant\'s assertion comes from (the sources of --subject-token-from)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l assertion-issuer -d '`iss` of the assertion otok signs for the JWT-bearer grant [default: the client id]' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l assertion-subject -d '`sub` of the assertion otok signs for the JWT-bearer grant [default: its issuer]' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l service-account-file -d 'A service account key file (Google\'s JSON form): the JWT-bearer grant with its key' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l client-assertion-file -d 'Read a client assertion made by someone else, for --auth-method client_assertion_jwt (or set OTOK_CLIENT_ASSERTION)' -r -F
complete -c otok -n "__fish_otok_using_subcommand doctor" -l client-assertion-from -d 'Where that client assertion comes from (the sources of --subject-token-from), as workload identity federation takes a CI job\'s identity' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l param -d 'Extra token-request parameter (repeatable); secrets go with --param-file' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l param-file -d 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand doctor" -l store -d 'Where tokens are kept between runs' -r -f -a "auto\t'The keychain, or the file store when the keychain cannot be written'
keyring\t'The OS keychain only (fails when it is unavailable)'
file\t'JSON files under the data directory (0600)'
none\t'Keep nothing: every call asks the provider'"
complete -c otok -n "__fish_otok_using_subcommand doctor" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand doctor" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand doctor" -l dpop -d 'Bind tokens to a key of otok\'s with DPoP proofs (RFC 9449)'
complete -c otok -n "__fish_otok_using_subcommand doctor" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand doctor" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand doctor" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand doctor" -l subject-token-stdin -d 'Read the subject token from stdin'
complete -c otok -n "__fish_otok_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand completions" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand completions" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand completions" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "token" -d 'Print a valid access token: from the store while it lasts, else refreshed, else new'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "refresh" -d 'Get a new token now (with the refresh token if there is one), store it, print it'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "status" -d 'Show what the store holds (never a token)'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "authorize" -d 'Authorize in a browser (code flow with PKCE) or on another device, and store the tokens'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "revoke" -d 'Revoke the stored tokens at the provider, then delete them here'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "forget" -d 'Delete stored tokens without contacting the provider'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "exec" -d 'Run a command with the access token in its environment (never in its arguments)'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "request" -d 'Send an HTTP request with the access token (never in argv); a 401 invalid_token gets a new token and one retry'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "dpop-proof" -d 'Print a DPoP proof (RFC 9449) for a request another tool makes with the stored DPoP token'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "inspect" -d 'Decode a token\'s JWT header and claims, with its times (the signature is not verified)'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "introspect" -d 'Ask the provider\'s RFC 7662 introspection endpoint whether a token is active'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "providers" -d 'List the built-in providers and those of the config file'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "kubeconfig" -d 'Print the kubeconfig `users` entry that makes kubectl get its tokens from otok'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "git-credential" -d 'git\'s credential helper: `get`, `store` and `erase` on stdin and stdout'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "profile" -d 'Add, list, show or remove the profiles of the config file'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "doctor" -d 'Check the set-up: config file, store, provider, clock; each line ok, warn or fail'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token refresh status authorize revoke forget exec request dpop-proof inspect introspect providers kubeconfig git-credential profile doctor completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
