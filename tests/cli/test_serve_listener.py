"""`refuge serve --workers N` listens on a socket whose connections get TCP_NODELAY."""

from __future__ import annotations

import socket

from refuge.cli.serve_cmd import tcp_listener


def test_the_shared_listener_is_a_tcp_socket_so_asyncio_sets_nodelay() -> None:
    sock = tcp_listener("127.0.0.1", 0)
    try:
        # asyncio sets TCP_NODELAY on accepted sockets only when the protocol is IPPROTO_TCP;
        # with protocol 0 every keep-alive response waits for the client's delayed ACK.
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.get_inheritable()
        sock.listen()
        client = socket.create_connection(sock.getsockname()[:2])
        accepted, _ = sock.accept()
        try:
            assert accepted.proto == socket.IPPROTO_TCP
        finally:
            accepted.close()
            client.close()
    finally:
        sock.close()
