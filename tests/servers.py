"""Debian's nginx serving a built site with the project's deploy/nginx.conf, for tests."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Nginx:
    """`tls`, a certificate for 127.0.0.1 and its key: the site is served over https."""

    def __init__(self, site: Path, workdir: Path, tls: tuple[Path, Path] | None = None) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise RuntimeError("nginx est requis pour les tests de navigateur (.ci/run l'installe)")
        self.port = free_port()
        self.base = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/"
        conf = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
        conf = conf.replace("/var/www/referents/site", str(site))
        listen = f"listen 127.0.0.1:{self.port};"
        if tls:
            listen = (
                f"listen 127.0.0.1:{self.port} ssl; "
                f"ssl_certificate {tls[0]}; ssl_certificate_key {tls[1]};"
            )
        conf = conf.replace("listen 80;", listen)
        conf = conf.replace("listen [::]:80;", "")
        (workdir / "site.conf").write_text(conf, encoding="utf-8")
        # Workers run as root when the tests do: pytest's folders are private to root.
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = " ".join(
            f"{name}_temp_path {workdir}/{name};"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (workdir / "nginx.conf").write_text(
            f"{user}worker_processes 1; daemon off; pid {workdir}/nginx.pid;\n"
            f"error_log {workdir}/error.log;\nevents {{}}\n"
            f"http {{ access_log off; {temp} include {workdir}/site.conf; }}\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [binary, "-c", str(workdir / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The test's own self-signed certificate is the authority.
        context = ssl.create_default_context(cafile=str(tls[0])) if tls else None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base, timeout=2, context=context):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError((workdir / "error.log").read_text(encoding="utf-8"))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
