#!/usr/bin/python3
"""The lab's guest services, one process per listening port, run inside a guest namespace:

  http       plain HTTP ('Nginx' gateway on 80, 'Traefik' web entrypoint on 80: /ping -> OK)
  https      the same over TLS (Traefik websecure 8443, Portainer 9443: /api/system/status)
  step-ca    Step-CA's API over TLS on 9000: GET /health, /provisioners (with nextCursor
             pagination), /roots; JSON shaped like step-ca's

Python 3 standard library only."""

import argparse
import base64
import hashlib
import json
import ssl
import struct
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DEFAULT_PROVISIONERS_LIMIT = 20   # step-ca's defaults for GET /provisioners
MAX_PROVISIONERS_LIMIT = 100


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwk_from_ec_key(key_path):
    """The public JWK (P-256) of an EC key made by openssl, with its RFC 7638 thumbprint as kid."""
    der = subprocess.run(["openssl", "ec", "-in", key_path, "-pubout", "-outform", "DER"],
                         capture_output=True, check=True).stdout
    point = der[-65:]
    if point[0] != 4:
        raise ValueError("expected an uncompressed P-256 point")
    x, y = b64url(point[1:33]), b64url(point[33:65])
    canonical = json.dumps({"crv": "P-256", "kty": "EC", "x": x, "y": y},
                           separators=(",", ":"), sort_keys=True)
    kid = b64url(hashlib.sha256(canonical.encode("ascii")).digest())
    return {"use": "sig", "kty": "EC", "kid": kid, "crv": "P-256", "alg": "ES256", "x": x, "y": y}


def provisioner_list(jwk_key):
    """The Phoenix CA's provisioners: JWK admin@thinkheads.ai and ACME 'acme' (http-01,
    tls-alpn-01), each with step-ca's sort id (4-byte index + sha1 of the provisioner id)."""
    jwk = jwk_from_ec_key(jwk_key)
    provisioners = [
        ("admin@thinkheads.ai:" + jwk["kid"],
         {"type": "JWK", "name": "admin@thinkheads.ai", "key": jwk,
          "options": {"x509": {}, "ssh": {}}}),
        ("acme/acme",
         {"type": "ACME", "name": "acme", "forceCN": False,
          "challenges": ["http-01", "tls-alpn-01"],
          "claims": {"enableSSHCA": True, "disableRenewal": False,
                     "allowRenewalAfterExpiry": False, "disableSmallstepExtensions": False},
          "options": {"x509": {}, "ssh": {}}}),
    ]
    sorted_list = []
    for index, (pid, body) in enumerate(provisioners):
        digest = bytearray(hashlib.sha1(pid.encode("utf-8")).digest())
        digest[0:4] = struct.pack(">I", index)
        sorted_list.append((digest.hex(), body))
    sorted_list.sort(key=lambda item: item[0])
    return sorted_list


def provisioner_page(provisioners, cursor, limit):
    if limit <= 0:
        limit = DEFAULT_PROVISIONERS_LIMIT
    limit = min(limit, MAX_PROVISIONERS_LIMIT)
    cursor = cursor.rjust(40, "0")
    start = next((i for i, (uid, _) in enumerate(provisioners) if uid >= cursor), len(provisioners))
    page = provisioners[start:start + limit]
    end = start + len(page)
    next_cursor = provisioners[end][0].lstrip("0") if end < len(provisioners) else ""
    return {"provisioners": [body for _, body in page], "nextCursor": next_cursor}


class Handler(BaseHTTPRequestHandler):
    server_version = "droptrace-lab"
    sys_version = ""

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def reply(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reply_json(self, status, value):
        self.reply(status, json.dumps(value) + "\n")

    def do_GET(self):
        url = urlparse(self.path)
        role = self.server.role
        if role == "step-ca":
            self.step_ca(url)
        elif url.path == "/ping" and self.server.service.startswith("traefik"):
            self.reply(200, "OK", "text/plain; charset=utf-8")
        elif url.path == "/api/system/status" and self.server.service == "portainer":
            self.reply_json(200, {"Version": "2.19.4", "InstanceID": "droptrace-lab"})
        elif url.path == "/":
            self.reply(200, f"{self.server.service}: droptrace lab\n", "text/plain; charset=utf-8")
        else:
            self.reply(404, "404 page not found\n", "text/plain; charset=utf-8")

    def step_ca(self, url):
        if url.path == "/health":
            self.reply_json(200, {"status": "ok"})
        elif url.path == "/provisioners":
            query = parse_qs(url.query)
            try:
                limit = int(query.get("limit", ["0"])[0] or 0)
            except ValueError:
                self.reply_json(400, {"status": 400, "message": "error converting limit to integer"})
                return
            cursor = query.get("cursor", [""])[0]
            self.reply_json(200, provisioner_page(self.server.provisioners, cursor, limit))
        elif url.path == "/roots":
            self.reply_json(200, {"crts": [self.server.root_pem]})
        else:
            self.reply_json(404, {"status": 404, "message": "The requested resource was not found"})


class LabServer(ThreadingHTTPServer):
    """Handshakes TLS in the connection's own thread, so a silent or plain-TCP client (a port
    probe) never holds up the accept loop."""
    daemon_threads = True
    tls_context = None

    def finish_request(self, request, client_address):
        request.settimeout(10)
        if self.tls_context is not None:
            try:
                request = self.tls_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as e:
                sys.stderr.write(f"{client_address[0]} TLS handshake failed: {e}\n")
                return
        super().finish_request(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kind", choices=["http", "https", "step-ca"], required=True)
    parser.add_argument("--service", required=True, help="service name, e.g. traefik-web")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bind", default="0.0.0.0")
    parser.add_argument("--cert", help="PEM chain: leaf first, then intermediates")
    parser.add_argument("--key")
    parser.add_argument("--root", help="the CA root served by /roots (step-ca)")
    parser.add_argument("--jwk-key", help="EC key of the JWK provisioner (step-ca)")
    args = parser.parse_args()

    server = LabServer((args.bind, args.port), Handler)
    server.role = args.kind
    server.service = args.service
    if args.kind in ("https", "step-ca"):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.tls_context = context
    if args.kind == "step-ca":
        with open(args.root, encoding="ascii") as f:
            server.root_pem = f.read()
        server.provisioners = provisioner_list(args.jwk_key)
    print(f"{args.service}: listening on {args.bind}:{args.port} ({args.kind})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
