"""2,000 slowloris-style connections, half trickling their headers and half silent, held open
while ordinary readers are answered. In a process of its own: that many sockets in the Swift
test process would share its descriptor table with every other test's child processes."""
import resource
import socket
import time
import urllib.request

import pytest

from bylinesite import start_site, stop

CONNECTIONS = 2000


@pytest.fixture(scope="module")
def site():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = CONNECTIONS + 400
    if soft < wanted:
        assert hard >= wanted, f"this test opens {CONNECTIONS} sockets; the hard file limit is {hard}"
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    # Trickled headers within the header timeout; silent ones within the idle timeout.
    process, base, _ = start_site("--header-timeout", "2m", "--idle-timeout", "2m")
    yield base
    stop(process)


def test_two_thousand_slow_clients_do_not_stop_the_site(site):
    port = int(site.rsplit(":", 1)[1])
    slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(CONNECTIONS)]
    tricklers = slow[: CONNECTIONS // 2]
    try:
        for connection in tricklers:
            connection.sendall(b"GET / HTTP/1.1\r\n")
        for round in range(10):
            for index, connection in enumerate(tricklers):
                if index % 10 == round:
                    connection.sendall(f"X-{round}: a\r\n".encode())
            started = time.monotonic()
            with urllib.request.urlopen(site + ("/" if round % 2 == 0 else "/healthz"), timeout=10) as response:
                assert response.status == 200
            waited = time.monotonic() - started
            assert waited < 5, f"round {round}: a reader waited {waited:.1f} s behind the slow clients"
        # Held, not dropped, while the site answered everyone else.
        for connection in slow:
            connection.setblocking(False)
            try:
                assert connection.recv(1) != b"", "a slow client was closed"
            except BlockingIOError:
                pass
    finally:
        for connection in slow:
            connection.close()
