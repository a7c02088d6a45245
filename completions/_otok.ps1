
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'otok' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'otok'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'otok' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token: from the store while it lasts, else refreshed, else new')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Get a new token now (with the refresh token if there is one), store it, print it')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what the store holds (never a token)')
            [CompletionResult]::new('authorize', 'authorize', [CompletionResultType]::ParameterValue, 'Authorize in a browser (code flow with PKCE) or on another device, and store the tokens')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke the stored tokens at the provider, then delete them here')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Delete stored tokens without contacting the provider')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with the access token in its environment (never in its arguments)')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Send an HTTP request with the access token (never in argv); a 401 invalid_token gets a new token and one retry')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token''s JWT header and claims, with its times (the signature is not verified)')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the provider''s RFC 7662 introspection endpoint whether a token is active')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List the built-in providers and those of the config file')
            [CompletionResult]::new('kubeconfig', 'kubeconfig', [CompletionResultType]::ParameterValue, 'Print the kubeconfig `users` entry that makes kubectl get its tokens from otok')
            [CompletionResult]::new('git-credential', 'git-credential', [CompletionResultType]::ParameterValue, 'git''s credential helper: `get`, `store` and `erase` on stdin and stdout')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'otok;token' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse a stored token only with this many seconds left (capped at half its lifetime)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions')
            [CompletionResult]::new('--env-var', '--env-var', [CompletionResultType]::ParameterName, 'Variable name for --format env and github')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Ignore the stored access token (a stored refresh token is still used)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;refresh' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions')
            [CompletionResult]::new('--env-var', '--env-var', [CompletionResultType]::ParameterName, 'Variable name for --format env and github')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;authorize' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--device-url', '--device-url', [CompletionResultType]::ParameterName, 'Device authorization endpoint (overrides discovery)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port of the loopback redirect listener on 127.0.0.1 [default: any free port]')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'The redirect URI registered with the provider: on 127.0.0.1 or localhost otok listens there; any other is pasted back from the browser')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions')
            [CompletionResult]::new('--env-var', '--env-var', [CompletionResultType]::ParameterName, 'Variable name for --format env and github')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--device', '--device', [CompletionResultType]::ParameterName, 'Device authorization grant (RFC 8628): print a code to enter on another device')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not open a browser: print the URL, and read the redirect URL pasted on stdin')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;revoke' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Which stored token to revoke; all revokes the refresh token first')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail (exit 3) when nothing is stored, or when the provider cannot be told')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;forget' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Delete every stored token')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;exec' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--env-var', '--env-var', [CompletionResultType]::ParameterName, 'The environment variable that carries the token to the command')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse a stored token only with this many seconds left (capped at half its lifetime)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('--keep-env', '--keep-env', [CompletionResultType]::ParameterName, 'Pass otok''s own secret variables (OTOK_CLIENT_SECRET, OTOK_PASSWORD, OTOK_PIN, OTOK_CARD, OTOK_REFRESH_TOKEN and those the profile''s secrets name) on to the command; by default they are removed from its environment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;request' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Request method [default: GET, or POST with a body]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Request method [default: GET, or POST with a body]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Request header (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Request header (repeatable)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Request body [content type: application/x-www-form-urlencoded]')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Request body [content type: application/x-www-form-urlencoded]')
            [CompletionResult]::new('--data-file', '--data-file', [CompletionResultType]::ParameterName, 'Request body read from a file, `-` for stdin [content type: application/octet-stream]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'JSON request body; sets Content-Type and Accept to application/json')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Base URL of the API, for URLs that start with `/` [default: the provider''s base URL]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('--min-ttl', '--min-ttl', [CompletionResultType]::ParameterName, 'Reuse a stored token only with this many seconds left (capped at half its lifetime)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Print the status line and the headers before the body')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Print the status line and the headers before the body')
            [CompletionResult]::new('--no-fail', '--no-fail', [CompletionResultType]::ParameterName, 'Exit 0 whatever the status of the answer')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;inspect' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Print JSON instead of text')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read the token from stdin instead of the store')
            [CompletionResult]::new('--id-token', '--id-token', [CompletionResultType]::ParameterName, 'Decode the stored ID token instead of the access token')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;introspect' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Which stored token to ask about (with --stdin: the hint sent to the server)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Print the server''s JSON instead of a table')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Built-in provider, or one defined in the config file (see `otok providers`)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the provider; every endpoint of a built-in derives from it')
            [CompletionResult]::new('--token-url', '--token-url', [CompletionResultType]::ParameterName, 'Token endpoint (overrides the provider''s)')
            [CompletionResult]::new('--authorize-url', '--authorize-url', [CompletionResultType]::ParameterName, 'Authorization endpoint (overrides the provider''s)')
            [CompletionResult]::new('--revoke-url', '--revoke-url', [CompletionResultType]::ParameterName, 'Revocation endpoint (overrides the provider''s)')
            [CompletionResult]::new('--introspect-url', '--introspect-url', [CompletionResultType]::ParameterName, 'Token introspection endpoint, RFC 7662 (overrides the provider''s and discovery''s)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)')
            [CompletionResult]::new('--auth-method', '--auth-method', [CompletionResultType]::ParameterName, 'Client authentication, overriding the provider''s')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Extra trusted root certificate (PEM), for servers with their own CA')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds allowed for each HTTP request [default: 30]; for `authorize`, also the wait for the person [default: 300]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'OAuth client id')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)')
            [CompletionResult]::new('--private-key-file', '--private-key-file', [CompletionResultType]::ParameterName, 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion')
            [CompletionResult]::new('--key-id', '--key-id', [CompletionResultType]::ParameterName, 'Key id of --private-key-file (High Mobility: the assertion''s issuer)')
            [CompletionResult]::new('--grant', '--grant', [CompletionResultType]::ParameterName, 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope to request (repeatable, or space-separated)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Resource owner''s user name (password grant; MyQ user logins)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from a file (or set OTOK_PASSWORD)')
            [CompletionResult]::new('--login-type', '--login-type', [CompletionResultType]::ParameterName, 'MyQ login_info type')
            [CompletionResult]::new('--card-file', '--card-file', [CompletionResultType]::ParameterName, 'Read the MyQ card number from a file (or set OTOK_CARD)')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from a file (or set OTOK_PIN)')
            [CompletionResult]::new('--refresh-token-file', '--refresh-token-file', [CompletionResultType]::ParameterName, 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'Extra token-request parameter (repeatable); secrets go with --param-file')
            [CompletionResult]::new('--param-file', '--param-file', [CompletionResultType]::ParameterName, 'Extra token-request parameter read from a file, for secrets such as subject_token (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read the token from stdin instead of the store')
            [CompletionResult]::new('--client-secret-stdin', '--client-secret-stdin', [CompletionResultType]::ParameterName, 'Read the client secret from stdin')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin')
            [CompletionResult]::new('--card-stdin', '--card-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ card number from stdin')
            [CompletionResult]::new('--pin-stdin', '--pin-stdin', [CompletionResultType]::ParameterName, 'Read the MyQ PIN from stdin')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;providers' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'otok;kubeconfig' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user [default: otok-PROFILE]')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'How kubectl runs otok [default: otok, found on PATH]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'otok;git-credential' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('--setup', '--setup', [CompletionResultType]::ParameterName, 'Print the `git config` lines that make git ask otok for HOST, with PROFILE')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where tokens are kept between runs')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'otok;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: <config dir>/otok/config.toml]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Trace HTTP requests and responses on stderr, secrets redacted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'otok;help' {
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a valid access token: from the store while it lasts, else refreshed, else new')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Get a new token now (with the refresh token if there is one), store it, print it')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what the store holds (never a token)')
            [CompletionResult]::new('authorize', 'authorize', [CompletionResultType]::ParameterValue, 'Authorize in a browser (code flow with PKCE) or on another device, and store the tokens')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke the stored tokens at the provider, then delete them here')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Delete stored tokens without contacting the provider')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with the access token in its environment (never in its arguments)')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Send an HTTP request with the access token (never in argv); a 401 invalid_token gets a new token and one retry')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode a token''s JWT header and claims, with its times (the signature is not verified)')
            [CompletionResult]::new('introspect', 'introspect', [CompletionResultType]::ParameterValue, 'Ask the provider''s RFC 7662 introspection endpoint whether a token is active')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List the built-in providers and those of the config file')
            [CompletionResult]::new('kubeconfig', 'kubeconfig', [CompletionResultType]::ParameterValue, 'Print the kubeconfig `users` entry that makes kubectl get its tokens from otok')
            [CompletionResult]::new('git-credential', 'git-credential', [CompletionResultType]::ParameterValue, 'git''s credential helper: `get`, `store` and `erase` on stdin and stdout')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'otok;help;token' {
            break
        }
        'otok;help;refresh' {
            break
        }
        'otok;help;status' {
            break
        }
        'otok;help;authorize' {
            break
        }
        'otok;help;revoke' {
            break
        }
        'otok;help;forget' {
            break
        }
        'otok;help;exec' {
            break
        }
        'otok;help;request' {
            break
        }
        'otok;help;inspect' {
            break
        }
        'otok;help;introspect' {
            break
        }
        'otok;help;providers' {
            break
        }
        'otok;help;kubeconfig' {
            break
        }
        'otok;help;git-credential' {
            break
        }
        'otok;help;completions' {
            break
        }
        'otok;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
