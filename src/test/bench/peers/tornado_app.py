"""The Tornado peer of the rolling-restart benchmark: the main() of Tornado's "Running and deploying" guide with a
hello handler and a /long one that awaits asyncio.sleep(2), run one process per port under supervisord.

    /usr/bin/python3 tornado_app.py --port=8000 [--graceful] [--shutdown_timeout=...]

Without --graceful it is the guide's code: SIGTERM ends the process at once. With --graceful it installs the SIGTERM
handler Tornado users write, since Tornado has none built in (tornadoweb/tornado#1791): stop accepting with
server.stop(), wait a fixed time for requests in flight (the maintainers' advice: a fixed delay, as Tornado does not
track requests), then close what is left and exit.
"""
import asyncio
import signal

import tornado.web
from tornado.options import define, options, parse_command_line

define("port", default=8888, type=int)
define("graceful", default=False, type=bool)
define("shutdown_timeout", default="10s", type=str, help="accepted for the same command line as Gale; unused")

MAX_WAIT_SECONDS_BEFORE_SHUTDOWN = 3


class MainHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("Hello, world")


class LongHandler(tornado.web.RequestHandler):
    async def get(self):
        await asyncio.sleep(2)
        self.write(str(__import__("os").getpid()))


def make_app():
    return tornado.web.Application([(r"/", MainHandler), (r"/long", LongHandler)])


async def main():
    parse_command_line()
    server = make_app().listen(options.port, address="127.0.0.1")
    shutdown = asyncio.Event()
    if options.graceful:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, shutdown.set)
    await shutdown.wait()
    server.stop()
    await asyncio.sleep(MAX_WAIT_SECONDS_BEFORE_SHUTDOWN)
    await server.close_all_connections()


if __name__ == "__main__":
    asyncio.run(main())
