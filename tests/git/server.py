#!/usr/bin/env python3
"""A git smart-HTTP server for the tests: `git http-backend` behind Basic authentication that
accepts only `oauth2:<token>` for the token currently in TOKEN_FILE (the authorization
server's current token). Prints `PORT=<n>` once it listens on 127.0.0.1.

    server.py REPO_ROOT TOKEN_FILE LOG_FILE
"""

import base64
import http.server
import os
import subprocess
import sys

ROOT, TOKEN_FILE, LOG_FILE = sys.argv[1:4]


def current_token():
    try:
        with open(TOKEN_FILE) as f:
            return f.read().strip()
    except FileNotFoundError:
        return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def authorized(self):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return "none"
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except Exception:
            return "bad"
        token = current_token()
        return "ok" if user == "oauth2" and token and password == token else "refused"

    def handle_any(self):
        verdict = self.authorized()
        with open(LOG_FILE, "a") as log:
            log.write(f"{self.command} {self.path} {verdict}\n")
        if verdict != "ok":
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="otok-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        env = dict(os.environ)
        env.update({
            "GIT_PROJECT_ROOT": ROOT,
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": "oauth2",
            "REMOTE_ADDR": "127.0.0.1",
        })
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             capture_output=True, check=False).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = out.partition(b"\n\n")
        status = 200
        headers = []
        for line in head.decode(errors="replace").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = handle_any
    do_POST = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"PORT={server.server_address[1]}", flush=True)
server.serve_forever()
