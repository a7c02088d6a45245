#!/usr/bin/env bash
# Regenerates every test key and certificate of this directory (see README.md). They are
# committed: run this only to replace them all, for example to add a new kind of fixture.
# Needs openssl 3 and node (for the JWK files, which openssl does not write).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Certificates are issued with `openssl ca`, which takes fixed dates: valid from 2025 for a
# hundred years, so that a machine whose clock is a little behind still accepts them.
printf '%s\n' '[ca]' 'default_ca = test' '[test]' "database = $tmp/index.txt" \
  "new_certs_dir = $tmp" "serial = $tmp/serial" 'default_md = sha256' 'policy = any' \
  'unique_subject = no' 'email_in_dn = no' '[any]' 'commonName = supplied' >"$tmp/ca.cnf"
: >"$tmp/index.txt"
openssl rand -hex 16 >"$tmp/serial"
# cert OUT KEY SUBJECT EXTENSIONS [ISSUER_CERT ISSUER_KEY]: self-signed without an issuer.
cert() {
  openssl req -new -key "$2" -subj "$3" -out "$tmp/req.csr"
  printf '%s\n' "$4" >"$tmp/ext"
  local issuer=(-selfsign -keyfile "$2")
  [ $# -gt 4 ] && issuer=(-cert "$5" -keyfile "$6")
  openssl ca -batch -notext -config "$tmp/ca.cnf" "${issuer[@]}" -in "$tmp/req.csr" \
    -startdate 20250101000000Z -enddate 21250101000000Z -extfile "$tmp/ext" -out "$1" 2>/dev/null
}
leaf='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature'

# RSA 2048: the same key as PKCS#8, PKCS#1 and a private JWK, and a self-signed certificate.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.pkcs8.pem
openssl rsa -in rsa.pkcs8.pem -traditional -out rsa.pkcs1.pem
cert rsa.cert.pem rsa.pkcs8.pem /CN=otok-rsa-client "$leaf"

# EC P-256 and P-384: SEC1 (with the public key, as openssl writes it) and the same key as PKCS#8.
openssl ecparam -name prime256v1 -genkey -noout -out ec256.sec1.pem
openssl pkcs8 -topk8 -nocrypt -in ec256.sec1.pem -out ec256.pkcs8.pem
openssl ecparam -name secp384r1 -genkey -noout -out ec384.sec1.pem
openssl pkcs8 -topk8 -nocrypt -in ec384.sec1.pem -out ec384.pkcs8.pem

# Ed25519 (PKCS#8 is its only PEM form).
openssl genpkey -algorithm ed25519 -out ed25519.pkcs8.pem

# Inputs a client must refuse, or must not mistake for a usable key.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.pem
openssl pkcs8 -topk8 -in ec256.pkcs8.pem -v2 aes-256-cbc -passout pass:otok-test \
  -out ec256.encrypted.pem
openssl rsa -in rsa.pkcs8.pem -aes128 -traditional -passout pass:otok-test \
  -out rsa.legacy-encrypted.pem
# A certificate of another P-256 key (the key itself is thrown away).
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/other.key"
cert ec256-other.cert.pem "$tmp/other.key" /CN=otok-other "$leaf"

# mTLS (RFC 8705): a test CA, the interop server's certificate and a client certificate that it
# signed (tls_client_auth), and a self-signed client certificate (self_signed_tls_client_auth).
# Every key is P-256 in PKCS#8.
for name in ca server client self-signed; do
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $name.key
done
cert ca.pem ca.key "/CN=otok test CA" 'basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash'
cert server.pem server.key /CN=127.0.0.1 "$leaf
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier=keyid" ca.pem ca.key
cert client.pem client.key /CN=otok-mtls-client "$leaf
extendedKeyUsage=clientAuth
authorityKeyIdentifier=keyid" ca.pem ca.key
cert self-signed.pem self-signed.key /CN=otok-self-signed "$leaf
extendedKeyUsage=clientAuth"

# The private JWKs, from the PEM keys above.
node --input-type=module - <<'JS'
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

function jwk(pem, kid) {
  const key = crypto.createPrivateKey(fs.readFileSync(pem)).export({ format: 'jwk' });
  return { kid, ...key };
}
const keys = {
  rsa: jwk('rsa.pkcs8.pem', 'rsa-1'),
  ec256: jwk('ec256.pkcs8.pem', 'ec256-1'),
  ec384: jwk('ec384.pkcs8.pem', 'ec384-1'),
  ed25519: jwk('ed25519.pkcs8.pem', 'ed25519-1'),
};
for (const [name, key] of Object.entries(keys)) {
  fs.writeFileSync(`${name}.jwk`, `${JSON.stringify(key, null, 2)}\n`);
}
fs.writeFileSync('two-keys.jwks', `${JSON.stringify({ keys: [keys.ec256, keys.ec384] }, null, 2)}\n`);
JS
