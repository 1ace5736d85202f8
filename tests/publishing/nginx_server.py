"""A real nginx on a free loopback port running the shipped configuration (deploy/nginx/static-sites.conf)."""

import contextlib
import http.client
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

NGINX = "/usr/sbin/nginx"
SHIPPED_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "static-sites.conf"

MAIN_CONFIG = """daemon off;
{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/static-sites.conf;
}}
"""


def require_nginx():
    if not Path(NGINX).exists():
        if os.environ.get("REQUIRE_BROWSER"):  # CI: every real peer is mandatory
            pytest.fail(f"{NGINX} is required (apt-get install nginx-light)")
        pytest.skip("nginx is not installed")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_config(port, static_root, upstream):
    """The shipped file with this machine's three values: listen address, baked-sites folder, app server."""
    text = SHIPPED_CONFIG.read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "root /srv/cms/static_sites/$host;": f"root {static_root}/$host;",
        "server 127.0.0.1:8000;": f"server {upstream};",
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, f"{old!r} must appear once in {SHIPPED_CONFIG}"
        text = text.replace(old, new)
    return text


@contextlib.contextmanager
def running_nginx(prefix, static_root, upstream):
    require_nginx()
    prefix = Path(prefix)
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (prefix / "static-sites.conf").write_text(site_config(port, static_root, upstream))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private temp folder
    (prefix / "nginx.conf").write_text(MAIN_CONFIG.format(prefix=prefix, user=user))
    command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(port, path, host, headers=None, method="GET"):
    """(status, headers, body) of one request to 127.0.0.1:port with the given Host header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()
