#!/bin/sh
# Makes a self-signed certificate at container start (unless one is mounted), then runs the command.
set -eu
cert=${TLS_CERT_FILE:-/srv/tls/cert.pem}
key=${TLS_KEY_FILE:-/srv/tls/key.pem}
if [ ! -s "$cert" ] || [ ! -s "$key" ]; then
  mkdir -p "$(dirname "$cert")" "$(dirname "$key")"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=${TLS_COMMON_NAME:-localhost}" \
    -addext "subjectAltName=DNS:localhost,DNS:backend,IP:127.0.0.1" \
    -keyout "$key" -out "$cert" 2>/dev/null
  echo "entrypoint: made a self-signed certificate for ${TLS_COMMON_NAME:-localhost} ($cert)" >&2
fi
exec "$@"
