"""Logs hold no ID or phone number in clear: the access log, the app's logs, echoed SQL."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import time
from datetime import date

import httpx

from core.security.logs import MaskPersonalData, install
from core.security.masking import mask_id_number, mask_phone
from tests.factories import id_number
from tests.servers import JIUYE, free_port

NUMBER = id_number(date(1983, 7, 22), 153)
PHONE = "13912345678"


def test_a_served_request_leaves_no_number_in_the_logs(database_url: str) -> None:
    port = free_port()
    env = {
        **os.environ,
        "JIUYE_DATABASE_URL": database_url,
        "JIUYE_AUTH_REQUIRED": "false",
        "JIUYE_ECHO_SQL": "true",
    }
    process = subprocess.Popen(
        [JIUYE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "no server"
            time.sleep(0.2)
        query = "query($n: String!) { personByIdNumber(idNumber: $n) { id } }"
        asked = httpx.get(
            f"{base}/graphql",
            params={"query": query, "variables": json.dumps({"n": NUMBER}), "phone": PHONE},
            headers={"accept": "application/json"},
        )
        assert asked.status_code == 200 and asked.json()["data"] == {"personByIdNumber": None}
        posted = httpx.post(f"{base}/graphql", json={"query": query, "variables": {"n": NUMBER}})
        assert posted.status_code == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=15)
    assert "GET /graphql?" in output, output
    assert NUMBER not in output and PHONE not in output, output
    assert mask_id_number(NUMBER) in output and mask_phone(PHONE) in output


def test_an_exception_logged_with_a_number_is_masked() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("jiuye.tests.masking")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        install(logger)
        assert any(isinstance(f, MaskPersonalData) for f in handler.filters)
        try:
            raise ValueError(f"duplicate key ({NUMBER}, {PHONE})")
        except ValueError:
            logger.exception("import of %s failed for %s", "台账.xlsx", NUMBER)
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "Traceback" in text and "台账.xlsx" in text
    assert NUMBER not in text and PHONE not in text, text
    assert mask_id_number(NUMBER) in text
