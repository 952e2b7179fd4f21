#!/usr/bin/env python3
"""Serves a directory over HTTPS on a free loopback port, for the provider network mirror test.

usage: https_static_server.py DIR CERT.pem KEY.pem
Prints "listening on https://127.0.0.1:PORT/" as its first line, then serves until killed.
Any static web server would do: the network mirror is plain files.
"""
import functools
import http.server
import ssl
import sys


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        pass


def main():
    root, cert, key = sys.argv[1:4]
    handler = functools.partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"listening on https://127.0.0.1:{server.server_address[1]}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
