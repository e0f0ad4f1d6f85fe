#!/usr/bin/env bash
# Development PKI under .local/certs (ignored by git): never used in production, where paths come from settings.
#
#   operator-ca        signs the operator's own servers and client certificates
#   balance-api        server certificate of GetBalance (localhost, 127.0.0.1)
#   portal-gateway     server certificate of the portal gateway
#   portal-client      a portal backend's client certificate, CN=portal-dev (signed by operator-ca)
#   smdp-adapter       server certificate of the adapter (handleDownloadProgressInfo)
#   kafka-broker       server certificate of a local TLS broker (tools/kafka/broker.sh), also as a PEM key store
#   kafka-client       a Kafka client certificate (signed by operator-ca)
#   smdp-ca            the SM-DP+'s CA, which the adapter pins
#   smdp-server        the simulator's server certificate (localhost, 127.0.0.1)
#   smdp-client        the adapter's client certificate towards the SM-DP+ (signed by operator-ca)
#   smdp-notification-client  the SM-DP+'s client certificate towards the adapter (signed by smdp-ca)
#   microsoft-ca       stands in for the CA of Microsoft's client certificate
#   microsoft-client   CN=partners.datamart.windows.com (decisions.md D1), and an expired twin
#   microsoft-client-wrong-subject   chained to microsoft-ca with another subject
#   rogue-ca           an untrusted CA: rogue-client and rogue-smdp-server chain to it
#
# The CAs' private keys are deleted once the set is signed: nothing more can be issued under the development CAs
# (a new version of this script makes a new set). Production mode refuses every path under .local/.
# Idempotent: does nothing when the set is complete. CERTS_DIR overrides the folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${CERTS_DIR:-$root/.local/certs}"
version="3"
if [[ -f "$dir/.complete" && "$(cat "$dir/.complete")" == "$version" ]]; then exit 0; fi

command -v openssl >/dev/null || { echo "openssl is needed to generate development certificates" >&2; exit 1; }
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" && cd "$dir.tmp"
umask 077

ca() { # name subject
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "$2" \
    -keyout "$1.key" -out "$1.crt" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}

leaf() { # name subject ca usage(server|client)
  local ext="$1.ext"
  if [[ "$4" == server ]]; then
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$ext"
  else
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' >"$ext"
  fi
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "$2" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$3.crt" -CAkey "$3.key" -CAcreateserial -sha256 -days 825 \
    -extfile "$ext" -out "$1.crt" 2>/dev/null
  rm -f "$1.csr" "$ext"
}

expired_client() { # name subject ca: valid for one day in 2020, through `openssl ca` which can backdate
  mkdir -p "ca-$1" && : >"ca-$1/index.txt"
  cat >"ca-$1/ca.cnf" <<CNF
[ca]
default_ca = dev
[dev]
database = ca-$1/index.txt
new_certs_dir = ca-$1
serial = ca-$1/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
x509_extensions = client
[any]
commonName = supplied
[client]
basicConstraints = CA:FALSE
extendedKeyUsage = clientAuth
CNF
  openssl rand -hex 8 >"ca-$1/serial"
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "$2" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  openssl ca -batch -config "ca-$1/ca.cnf" -cert "$3.crt" -keyfile "$3.key" -in "$1.csr" -out "$1.crt" \
    -startdate 20200101000000Z -enddate 20200102000000Z -notext 2>/dev/null
  rm -rf "ca-$1" "$1.csr"
}

ca operator-ca "/O=Mobile Plans Operator (development)/CN=operator-dev-ca"
ca smdp-ca "/O=SM-DP\\+ (development)/CN=smdp-dev-ca"
ca microsoft-ca "/O=Microsoft stand-in (development)/CN=microsoft-dev-ca"
ca rogue-ca "/O=Nobody we trust/CN=rogue-ca"

leaf balance-api "/O=Mobile Plans Operator (development)/CN=localhost" operator-ca server
leaf smdp-server "/O=SM-DP\\+ (development)/CN=localhost" smdp-ca server
leaf smdp-client "/O=Mobile Plans Operator (development)/CN=mobileplans-smdp-adapter" operator-ca client
leaf portal-gateway "/O=Mobile Plans Operator (development)/CN=localhost" operator-ca server
leaf portal-client "/O=Mobile Plans Portal (development)/CN=portal-dev" operator-ca client
leaf smdp-adapter "/O=Mobile Plans Operator (development)/CN=localhost" operator-ca server
leaf smdp-notification-client "/O=SM-DP\\+ (development)/CN=smdp-dev-notifications" smdp-ca client
leaf kafka-broker "/O=Mobile Plans Operator (development)/CN=localhost" operator-ca server
leaf kafka-client "/O=Mobile Plans Operator (development)/CN=mobileplans-kafka-dev" operator-ca client
leaf microsoft-client "/CN=partners.datamart.windows.com" microsoft-ca client
leaf microsoft-client-wrong-subject "/CN=someone.else.example" microsoft-ca client
leaf rogue-client "/CN=partners.datamart.windows.com" rogue-ca client
leaf rogue-smdp-server "/O=Nobody we trust/CN=localhost" rogue-ca server
expired_client microsoft-client-expired "/CN=partners.datamart.windows.com" microsoft-ca

# Kafka reads a PEM key store: the private key (PKCS#8) followed by its certificate.
cat kafka-broker.key kafka-broker.crt >kafka-broker.pem

rm -f ./*.srl ./*-ca.key
echo "$version" >.complete
rm -rf "$dir" && mv "$dir.tmp" "$dir"
echo "development certificates in ${dir#"$root"/}"
