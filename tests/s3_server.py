"""A real S3 API on loopback for the storage tests: moto's standalone server (installed
with the test extras, no container), and a proxy that cuts uploads off halfway."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
from botocore.config import Config
from servers import free_port

BUCKET = "medias-serie"


class S3Server:
    """moto_server on a free port, with one bucket readable by anyone (as a CDN's origin
    is), a CORS rule for any site, and one user whose keys the tests use."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = (workdir / "moto.log").open("w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p",
             str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("moto_server n'a pas démarré") from None
                time.sleep(0.2)
        try:
            self._set_up()
        except Exception:
            self.stop()
            raise

    def _set_up(self) -> None:
        setup = {"aws_access_key_id": "installation", "aws_secret_access_key": "installation"}
        iam = self._client("iam", **setup)
        iam.create_user(UserName="publieur")
        key = iam.create_access_key(UserName="publieur")["AccessKey"]
        iam.put_user_policy(
            UserName="publieur",
            PolicyName="tout",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
                }
            ),
        )
        self.keys = {
            "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
        }
        self.s3 = self._client("s3")
        self.s3.create_bucket(Bucket=BUCKET)
        # What the operator's page asks for: public reading, CORS for the site's origin.
        self.s3.put_bucket_policy(
            Bucket=BUCKET,
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": "*",
                            "Action": "s3:GetObject",
                            "Resource": f"arn:aws:s3:::{BUCKET}/*",
                        }
                    ],
                }
            ),
        )
        self.s3.put_bucket_cors(
            Bucket=BUCKET,
            CORSConfiguration={
                "CORSRules": [
                    {
                        "AllowedOrigins": ["*"],
                        "AllowedMethods": ["GET", "HEAD"],
                        "AllowedHeaders": ["Range"],
                        "ExposeHeaders": ["Content-Range", "Content-Length", "Accept-Ranges"],
                        "MaxAgeSeconds": 3600,
                    }
                ]
            },
        )

    def _client(self, service: str, **credentials: str):
        credentials = credentials or {
            "aws_access_key_id": self.keys["AWS_ACCESS_KEY_ID"],
            "aws_secret_access_key": self.keys["AWS_SECRET_ACCESS_KEY"],
        }
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}),
            **credentials,
        )

    def env(self, endpoint: str | None = None, **changes: str) -> dict[str, str]:
        """The variables a publisher sets for `episodes media --stockage`."""
        return {
            "AWS_ENDPOINT_URL": endpoint or self.endpoint,
            "AWS_REGION": "us-east-1",
            **self.keys,
            **changes,
        }

    def public_url(self, prefix: str) -> str:
        """Where anyone reads the bucket's folder (path style, as MinIO serves it)."""
        return f"{self.endpoint}/{BUCKET}/{prefix}/"

    def objects(self) -> dict[str, dict]:
        listed = self.s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return {item["Key"]: self.s3.head_object(Bucket=BUCKET, Key=item["Key"]) for item in listed}

    def check_credentials(self, enforced: bool) -> None:
        """moto checks signatures against its users only when asked to."""
        request = urllib.request.Request(
            f"{self.endpoint}/moto-api/reset-auth",
            data=b"0" if enforced else b"inf",
            method="POST",
            headers={"Content-Type": "text/plain"},
        )
        with urllib.request.urlopen(request, timeout=5):
            pass

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


class CuttingProxy:
    """Forwards requests to the store, and drops the connection of every upload (PUT)
    after the first `uploads`: a network lost in the middle of `episodes media`."""

    def __init__(self, upstream_port: int, uploads: int) -> None:
        state = {"puts": 0}
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.command == "PUT":
                    with lock:
                        state["puts"] += 1
                        cut = state["puts"] > uploads
                    if cut:
                        self.close_connection = True
                        self.connection.close()
                        return
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "expect"}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                upstream.close()

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
