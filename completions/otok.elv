
use builtin;
use str;

set edit:completion:arg-completer[otok] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'otok'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'otok'= {
            cand --config 'Config file [default: <config dir>/otok/config.toml]'
            cand -v 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand --verbose 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand token 'Print a valid access token: from the store while it lasts, else refreshed, else new'
            cand refresh 'Get a new token now (with the refresh token if there is one), store it, print it'
            cand status 'Show what the store holds (never a token)'
            cand forget 'Delete stored tokens without contacting the provider'
            cand providers 'List the built-in providers and those of the config file'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'otok;token'= {
            cand --provider 'Built-in provider, or one defined in the config file (see `otok providers`)'
            cand --base-url 'Base URL of the provider; every endpoint of a built-in derives from it'
            cand --token-url 'Token endpoint (overrides the provider''s)'
            cand --authorize-url 'Authorization endpoint (overrides the provider''s)'
            cand --revoke-url 'Revocation endpoint (overrides the provider''s)'
            cand --issuer 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)'
            cand --auth-method 'Client authentication, overriding the provider''s'
            cand --ca-cert 'Extra trusted root certificate (PEM), for servers with their own CA'
            cand --timeout 'Seconds allowed for each HTTP request [default: 30]'
            cand --client-id 'OAuth client id'
            cand --client-secret-file 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)'
            cand --private-key-file 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion'
            cand --key-id 'Key id of --private-key-file (High Mobility: the assertion''s issuer)'
            cand --grant 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI'
            cand --scope 'Scope to request (repeatable, or space-separated)'
            cand --username 'Resource owner''s user name (password grant; MyQ user logins)'
            cand --password-file 'Read the password from a file (or set OTOK_PASSWORD)'
            cand --login-type 'MyQ login_info type'
            cand --card-file 'Read the MyQ card number from a file (or set OTOK_CARD)'
            cand --pin-file 'Read the MyQ PIN from a file (or set OTOK_PIN)'
            cand --refresh-token-file 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)'
            cand --param 'Extra token-request parameter (repeatable)'
            cand --store 'Where tokens are kept between runs'
            cand --min-ttl 'Reuse a stored token only with this many seconds left (capped at half its lifetime)'
            cand --format 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions'
            cand --env-var 'Variable name for --format env and github'
            cand --config 'Config file [default: <config dir>/otok/config.toml]'
            cand --client-secret-stdin 'Read the client secret from stdin'
            cand --password-stdin 'Read the password from stdin'
            cand --card-stdin 'Read the MyQ card number from stdin'
            cand --pin-stdin 'Read the MyQ PIN from stdin'
            cand --force 'Ignore the stored access token (a stored refresh token is still used)'
            cand -v 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand --verbose 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'otok;refresh'= {
            cand --provider 'Built-in provider, or one defined in the config file (see `otok providers`)'
            cand --base-url 'Base URL of the provider; every endpoint of a built-in derives from it'
            cand --token-url 'Token endpoint (overrides the provider''s)'
            cand --authorize-url 'Authorization endpoint (overrides the provider''s)'
            cand --revoke-url 'Revocation endpoint (overrides the provider''s)'
            cand --issuer 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)'
            cand --auth-method 'Client authentication, overriding the provider''s'
            cand --ca-cert 'Extra trusted root certificate (PEM), for servers with their own CA'
            cand --timeout 'Seconds allowed for each HTTP request [default: 30]'
            cand --client-id 'OAuth client id'
            cand --client-secret-file 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)'
            cand --private-key-file 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion'
            cand --key-id 'Key id of --private-key-file (High Mobility: the assertion''s issuer)'
            cand --grant 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI'
            cand --scope 'Scope to request (repeatable, or space-separated)'
            cand --username 'Resource owner''s user name (password grant; MyQ user logins)'
            cand --password-file 'Read the password from a file (or set OTOK_PASSWORD)'
            cand --login-type 'MyQ login_info type'
            cand --card-file 'Read the MyQ card number from a file (or set OTOK_CARD)'
            cand --pin-file 'Read the MyQ PIN from a file (or set OTOK_PIN)'
            cand --refresh-token-file 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)'
            cand --param 'Extra token-request parameter (repeatable)'
            cand --store 'Where tokens are kept between runs'
            cand --format 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions'
            cand --env-var 'Variable name for --format env and github'
            cand --config 'Config file [default: <config dir>/otok/config.toml]'
            cand --client-secret-stdin 'Read the client secret from stdin'
            cand --password-stdin 'Read the password from stdin'
            cand --card-stdin 'Read the MyQ card number from stdin'
            cand --pin-stdin 'Read the MyQ PIN from stdin'
            cand -v 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand --verbose 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'otok;status'= {
            cand --provider 'Built-in provider, or one defined in the config file (see `otok providers`)'
            cand --base-url 'Base URL of the provider; every endpoint of a built-in derives from it'
            cand --token-url 'Token endpoint (overrides the provider''s)'
            cand --authorize-url 'Authorization endpoint (overrides the provider''s)'
            cand --revoke-url 'Revocation endpoint (overrides the provider''s)'
            cand --issuer 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)'
            cand --auth-method 'Client authentication, overriding the provider''s'
            cand --ca-cert 'Extra trusted root certificate (PEM), for servers with their own CA'
            cand --timeout 'Seconds allowed for each HTTP request [default: 30]'
            cand --client-id 'OAuth client id'
            cand --client-secret-file 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)'
            cand --private-key-file 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion'
            cand --key-id 'Key id of --private-key-file (High Mobility: the assertion''s issuer)'
            cand --grant 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI'
            cand --scope 'Scope to request (repeatable, or space-separated)'
            cand --username 'Resource owner''s user name (password grant; MyQ user logins)'
            cand --password-file 'Read the password from a file (or set OTOK_PASSWORD)'
            cand --login-type 'MyQ login_info type'
            cand --card-file 'Read the MyQ card number from a file (or set OTOK_CARD)'
            cand --pin-file 'Read the MyQ PIN from a file (or set OTOK_PIN)'
            cand --refresh-token-file 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)'
            cand --param 'Extra token-request parameter (repeatable)'
            cand --store 'Where tokens are kept between runs'
            cand --format 'Print JSON instead of a table'
            cand --config 'Config file [default: <config dir>/otok/config.toml]'
            cand --client-secret-stdin 'Read the client secret from stdin'
            cand --password-stdin 'Read the password from stdin'
            cand --card-stdin 'Read the MyQ card number from stdin'
            cand --pin-stdin 'Read the MyQ PIN from stdin'
            cand -v 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand --verbose 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'otok;forget'= {
            cand --provider 'Built-in provider, or one defined in the config file (see `otok providers`)'
            cand --base-url 'Base URL of the provider; every endpoint of a built-in derives from it'
            cand --token-url 'Token endpoint (overrides the provider''s)'
            cand --authorize-url 'Authorization endpoint (overrides the provider''s)'
            cand --revoke-url 'Revocation endpoint (overrides the provider''s)'
            cand --issuer 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)'
            cand --auth-method 'Client authentication, overriding the provider''s'
            cand --ca-cert 'Extra trusted root certificate (PEM), for servers with their own CA'
            cand --timeout 'Seconds allowed for each HTTP request [default: 30]'
            cand --client-id 'OAuth client id'
            cand --client-secret-file 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)'
            cand --private-key-file 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion'
            cand --key-id 'Key id of --private-key-file (High Mobility: the assertion''s issuer)'
            cand --grant 'Grant: client_credentials, password, login_info, refresh_token, or an extension URI'
            cand --scope 'Scope to request (repeatable, or space-separated)'
            cand --username 'Resource owner''s user name (password grant; MyQ user logins)'
            cand --password-file 'Read the password from a file (or set OTOK_PASSWORD)'
            cand --login-type 'MyQ login_info type'
            cand --card-file 'Read the MyQ card number from a file (or set OTOK_CARD)'
            cand --pin-file 'Read the MyQ PIN from a file (or set OTOK_PIN)'
            cand --refresh-token-file 'Read a refresh token from a file, for --grant refresh_token (or set OTOK_REFRESH_TOKEN)'
            cand --param 'Extra token-request parameter (repeatable)'
            cand --store 'Where tokens are kept between runs'
            cand --config 'Config file [default: <config dir>/otok/config.toml]'
            cand --all 'Delete every stored token'
            cand --client-secret-stdin 'Read the client secret from stdin'
            cand --password-stdin 'Read the password from stdin'
            cand --card-stdin 'Read the MyQ card number from stdin'
            cand --pin-stdin 'Read the MyQ PIN from stdin'
            cand -v 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand --verbose 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'otok;providers'= {
            cand --config 'Config file [default: <config dir>/otok/config.toml]'
            cand --json 'Print JSON instead of a table'
            cand -v 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand --verbose 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'otok;completions'= {
            cand --config 'Config file [default: <config dir>/otok/config.toml]'
            cand -v 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand --verbose 'Trace HTTP requests and responses on stderr, secrets redacted'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'otok;help'= {
            cand token 'Print a valid access token: from the store while it lasts, else refreshed, else new'
            cand refresh 'Get a new token now (with the refresh token if there is one), store it, print it'
            cand status 'Show what the store holds (never a token)'
            cand forget 'Delete stored tokens without contacting the provider'
            cand providers 'List the built-in providers and those of the config file'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'otok;help;token'= {
        }
        &'otok;help;refresh'= {
        }
        &'otok;help;status'= {
        }
        &'otok;help;forget'= {
        }
        &'otok;help;providers'= {
        }
        &'otok;help;completions'= {
        }
        &'otok;help;help'= {
        }
    ]
    $completions[$command]
}
