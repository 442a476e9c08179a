"""A Tornado application that shares a cookie_secret with Gale, to check that each reads the other's signed cookies.

Usage: python3 tornado_signed_cookies.py COOKIE_SECRET
Listens on a free loopback port and prints "port N" once it is ready.
  GET /sign?name=NAME  sets the signed cookie "user" to NAME, as Tornado's own login would
  GET /read            answers the value of the signed cookie "user", or 404 when it does not verify
"""
import sys

import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web


class SignHandler(tornado.web.RequestHandler):
    def get(self):
        # set_signed_cookie since Tornado 6.3, set_secure_cookie before (Debian 12 ships 6.2).
        sign = getattr(self, "set_signed_cookie", None) or self.set_secure_cookie
        sign("user", self.get_argument("name"))
        self.write("signed")


class ReadHandler(tornado.web.RequestHandler):
    def get(self):
        read = getattr(self, "get_signed_cookie", None) or self.get_secure_cookie
        value = read("user")
        if value is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.write(value)


def main():
    app = tornado.web.Application(
        [(r"/sign", SignHandler), (r"/read", ReadHandler)], cookie_secret=sys.argv[1])
    sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    print("port %d" % sockets[0].getsockname()[1], flush=True)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
