"""Loopback token servers for scripts/bench.

CountingTokenServer: a minimal threaded http.server answering client_credentials requests on
POST /token and its discovery document on GET /.well-known/openid-configuration, counting
both, for the rows where the number of requests matters (cached, --issuer, concurrent).
OidcProvider: the real oidc-provider of tests/interop, for the cold rows.
"""

import base64
import json
import os
import selectors
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench_measure import BenchError


class _Server(ThreadingHTTPServer):
    # Fifty clients may connect at once: the default listen backlog of 5 would drop some SYNs.
    request_queue_size = 128
    daemon_threads = True


class CountingTokenServer:
    """POST /token with HTTP Basic client_id:secret and grant_type=client_credentials; its
    answers carry no refresh token. GET /.well-known/openid-configuration names the server
    as its own issuer, /token as the token endpoint, and lets the document be kept a day."""

    DISCOVERY = "/.well-known/openid-configuration"

    def __init__(self, client_id, secret):
        self.client_id = client_id
        self.secret = secret
        self.tokens = []  # every token issued, in order
        self.metadata_requests = 0  # every GET, whatever its path
        self._lock = threading.Lock()
        self._httpd = None
        self._thread = None

    @property
    def issuer(self):
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self):
        return self.issuer + "/token"

    @property
    def count(self):
        with self._lock:
            return len(self.tokens)

    @property
    def metadata_count(self):
        with self._lock:
            return self.metadata_requests

    @property
    def last_token(self):
        with self._lock:
            return self.tokens[-1] if self.tokens else None

    def __enter__(self):
        self._httpd = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def _issue(self):
        with self._lock:
            token = f"bench-token-{len(self.tokens) + 1}"
            self.tokens.append(token)
            return token

    def _authorized(self, header):
        expected = f"{self.client_id}:{self.secret}".encode()
        return header == "Basic " + base64.b64encode(expected).decode()

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with server._lock:
                    server.metadata_requests += 1
                if self.path == server.DISCOVERY:
                    metadata = {"issuer": server.issuer, "token_endpoint": server.url,
                                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                                "grant_types_supported": ["client_credentials"]}
                    self._reply(200, metadata, "max-age=86400")
                else:
                    self._reply(404, {"error": "not_found"})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                form = urllib.parse.parse_qs(body.decode(errors="replace"))
                if self.path != "/token":
                    self._reply(404, {"error": "not_found"})
                elif not server._authorized(self.headers.get("Authorization", "")):
                    self._reply(401, {"error": "invalid_client"})
                elif form.get("grant_type") != ["client_credentials"]:
                    self._reply(400, {"error": "unsupported_grant_type"})
                else:
                    token = server._issue()
                    self._reply(
                        200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
                    )

            def _reply(self, status, payload, cache_control="no-store"):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", cache_control)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


class OidcProvider:
    """tests/interop/server.mjs on 127.0.0.1:<ephemeral>, as scripts/lib/oidc-server.sh runs it."""

    def __init__(self, repo, scratch, env):
        self.repo = repo
        self.scratch = scratch
        self.env = env
        self.issuer = None
        self.token_endpoint = None
        self._proc = None
        self._log = None

    @staticmethod
    def missing_tools():
        return [tool for tool in ("node", "npm") if shutil.which(tool) is None]

    def __enter__(self):
        self._install()
        self._log = open(os.path.join(self.scratch, "oidc-provider.log"), "w+")
        self._proc = subprocess.Popen(
            ["node", "tests/interop/server.mjs"],
            cwd=self.repo,
            env={**self.env, "PORT": "0"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )
        try:
            self.issuer = self._read_issuer(deadline=time.monotonic() + 20)
            self.token_endpoint = self._discover_token_endpoint()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc and self._proc.stdout:
            self._proc.stdout.close()
        if self._log:
            self._log.close()

    def _install(self):
        interop = os.path.join(self.repo, "tests", "interop")
        if os.path.isdir(os.path.join(interop, "node_modules", "oidc-provider")):
            return
        print("bench: installing the authorization server's dependencies (npm ci, once)",
              file=sys.stderr)
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=interop,
                              env=self.env, stdout=sys.stderr)
        if done.returncode != 0:
            raise BenchError("npm ci in tests/interop failed")

    def _read_issuer(self, deadline):
        line = b""
        with selectors.DefaultSelector() as selector:
            selector.register(self._proc.stdout, selectors.EVENT_READ)
            while not line.endswith(b"\n"):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise BenchError("oidc-provider printed no ISSUER line within 20 s" + self._log_tail())
                chunk = os.read(self._proc.stdout.fileno(), 1)
                if not chunk:
                    raise BenchError("oidc-provider exited before it was ready" + self._log_tail())
                line += chunk
        text = line.decode().strip()
        if not text.startswith("ISSUER="):
            raise BenchError(f"oidc-provider printed {text!r}, not ISSUER=…")
        return text[len("ISSUER="):]

    def _discover_token_endpoint(self):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        url = self.issuer + "/.well-known/openid-configuration"
        with opener.open(url, timeout=10) as response:
            metadata = json.load(response)
        if "client_secret_post" not in metadata.get("token_endpoint_auth_methods_supported", []):
            raise BenchError("oidc-provider does not offer client_secret_post")
        return metadata["token_endpoint"]

    def _log_tail(self):
        self._log.flush()
        self._log.seek(0)
        tail = self._log.read()[-2000:]
        return ":\n" + tail if tail.strip() else ""
