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
complete -c otok -n "__fish_otok_needs_command" -f -a "token" -d 'Print a valid access token'
complete -c otok -n "__fish_otok_needs_command" -f -a "providers" -d 'List the built-in providers and those of the config file'
complete -c otok -n "__fish_otok_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c otok -n "__fish_otok_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c otok -n "__fish_otok_using_subcommand token" -l provider -d 'Built-in provider, or one defined in the config file (see `otok providers`)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l base-url -d 'Base URL of the provider; every endpoint of a built-in derives from it' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l token-url -d 'Token endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l authorize-url -d 'Authorization endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l revoke-url -d 'Revocation endpoint (overrides the provider\'s)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l issuer -d 'Issuer whose endpoints come from RFC 8414 / OpenID discovery (generic provider)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l auth-method -d 'Client authentication, overriding the provider\'s' -r -f -a "basic\t'HTTP Basic with id and secret form-urlencoded first (RFC 6749 §2.3.1)'
post\t'client_id and client_secret in the request body'
none\t'client_id in the body, no secret (public clients)'"
complete -c otok -n "__fish_otok_using_subcommand token" -l ca-cert -d 'Extra trusted root certificate (PEM), for servers with their own CA' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l timeout -d 'Seconds allowed for each HTTP request [default: 30]' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l client-id -d 'OAuth client id' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l client-secret-file -d 'Read the client secret from a file (or set OTOK_CLIENT_SECRET)' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l private-key-file -d 'EC P-256 private key (PKCS#8 PEM) that signs an ES256 client assertion' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l key-id -d 'Key id of --private-key-file (High Mobility: the assertion\'s issuer)' -r
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
complete -c otok -n "__fish_otok_using_subcommand token" -l param -d 'Extra token-request parameter (repeatable)' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l format -d 'What to print: the token alone, JSON, an HTTP header, a shell export, or GitHub Actions' -r -f -a "raw\t'The token and a newline'
json\t'access_token, token_type, expires_at, expires_in, scope, provider, profile, from_cache'
header\t'Authorization: Bearer …'
env\t'export ACCESS_TOKEN=\'…\''
github\t'::add-mask:: on stdout, and the variable appended to $GITHUB_ENV'"
complete -c otok -n "__fish_otok_using_subcommand token" -l env-var -d 'Variable name for --format env and github' -r
complete -c otok -n "__fish_otok_using_subcommand token" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand token" -l client-secret-stdin -d 'Read the client secret from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -l password-stdin -d 'Read the password from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -l card-stdin -d 'Read the MyQ card number from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -l pin-stdin -d 'Read the MyQ PIN from stdin'
complete -c otok -n "__fish_otok_using_subcommand token" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c otok -n "__fish_otok_using_subcommand providers" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand providers" -l json -d 'Print JSON instead of a table'
complete -c otok -n "__fish_otok_using_subcommand providers" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand providers" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand completions" -l config -d 'Config file [default: <config dir>/otok/config.toml]' -r -F
complete -c otok -n "__fish_otok_using_subcommand completions" -s v -l verbose -d 'Trace HTTP requests and responses on stderr, secrets redacted'
complete -c otok -n "__fish_otok_using_subcommand completions" -s h -l help -d 'Print help'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token providers completions help" -f -a "token" -d 'Print a valid access token'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token providers completions help" -f -a "providers" -d 'List the built-in providers and those of the config file'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token providers completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c otok -n "__fish_otok_using_subcommand help; and not __fish_seen_subcommand_from token providers completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
