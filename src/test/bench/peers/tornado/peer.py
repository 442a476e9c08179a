"""The Tornado peer of Gale's benchmarks: the demo's /, /ip and /home, as Tornado's guide writes an app, and /wait,
which waits 50 ms the way Tornado asks a handler to wait (a coroutine awaiting), before it answers.

    python3 peer.py PORT PROCESSES WEBROOT

PROCESSES is 1 for one process, 0 for one per CPU (fork_processes, sharing the port). WEBROOT is the demo's web
root: static/ and WEB-INF/locale, the same CSV translations Gale reads.
"""
import asyncio
import os
import sys

import tornado.httpserver
import tornado.ioloop
import tornado.locale
import tornado.log
import tornado.netutil
import tornado.process
import tornado.web


class MainHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("Hello, world")


class IpHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"remote_ip": self.request.remote_ip, "protocol": self.request.protocol,
                    "host": self.request.host})


class HomeHandler(tornado.web.RequestHandler):
    def get(self):
        self.render("home.html")


class WaitHandler(tornado.web.RequestHandler):
    async def get(self):
        await asyncio.sleep(0.05)
        self.write("waited")


def main():
    port, processes, webroot = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    tornado.log.enable_pretty_logging()
    tornado.locale.load_translations(os.path.join(webroot, "WEB-INF", "locale"))
    app = tornado.web.Application(
        [(r"/", MainHandler), (r"/ip", IpHandler), (r"/home", HomeHandler), (r"/wait", WaitHandler)],
        static_path=os.path.join(webroot, "static"),
        template_path=os.path.dirname(os.path.abspath(__file__)))
    # The launcher's backlog is the system's (--backlog); Tornado's default of 128 would refuse connections at 5,000.
    sockets = tornado.netutil.bind_sockets(port, "127.0.0.1", backlog=4096)
    if processes != 1:
        tornado.process.fork_processes(processes)
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(sockets)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
