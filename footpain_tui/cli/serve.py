"""``serve``: the explorer in web browsers through textual-serve, one app process per tab.

The tree (and a case file given with ``--cases``) are checked here, before anything is
served, so a broken file fails at the teacher's prompt with the usual message and exit code
instead of in every tab. Each tab runs ``footpain-tui explore`` with the options given here
(:func:`.tui_launch.explore_command`): the same app the terminal opens. textual-serve, aiohttp
and Textual load only when serving starts (:mod:`.serve_server`).

Exit codes: 0 when stopped with ctrl+c or SIGTERM (every app it started has ended); 1 a tree
with lint errors or cases that do not fit it; 2 an unreadable file, or an address or port
that cannot be listened on.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
from typing import Any

from ..core.records.sessions import sessions_dir
from ..core.tree.bundled import default_tree_path
from .common import EXIT_BAD_FILE, EXIT_OK, open_cases_or_exit, open_tree_or_exit, print_err
from .tui_launch import EXPLORE_CASES_HELP, add_app_options, explore_command

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return port


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: assume other machines can reach it


def public_url_for(host: str, port: int) -> str:
    """The address a browser uses when none is given: for a wildcard host, this machine's
    name (a browser elsewhere cannot use 0.0.0.0); IPv6 literals go in brackets."""
    if host in WILDCARD_HOSTS:
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def no_authentication_warning(host: str, port: int, public_url: str) -> str:
    lines = [
        f"warning: serving on {host or 'every address'} port {port}: anyone who can reach this"
        " machine can open the app. There is no authentication: use it only on a network you"
        " trust, and stop the server (ctrl+c) when the session is over.",
    ]
    if host in WILDCARD_HOSTS:
        lines.append(
            f"  browsers are sent to {public_url}; if the trainees' machines do not know that"
            " name, pass --public-url http://ADDRESS:PORT with this machine's address."
        )
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace) -> int:
    opened = open_tree_or_exit(args.tree)
    if isinstance(opened, int):
        return opened
    tree, index = opened
    if args.cases is not None:
        cases = open_cases_or_exit(tree, index, args.tree, args.cases)
        if isinstance(cases, int):
            return cases
    public_url = args.public_url or public_url_for(args.host, args.port)
    if not is_loopback(args.host):
        print_err(no_authentication_warning(args.host, args.port, public_url))
    # exec: the shell textual-serve starts becomes the app, so signals reach the app itself.
    command = "exec " + shlex.join(explore_command(args))
    banner = [
        f'footpain-tui: serving "{tree.meta.title}" at {public_url}',
        f"  each browser tab runs its own app; records go to {sessions_dir(args.data_dir)}",
        "  press ctrl+c to stop: every app ends with its record saved",
    ]
    from .serve_server import serve_tabs  # textual-serve and aiohttp load only now

    try:
        serve_tabs(
            command,
            host=args.host,
            port=args.port,
            title=tree.meta.title,
            public_url=public_url,
            banner=banner,
        )
    except OSError as exc:
        print_err(
            f"error: cannot serve on {args.host} port {args.port}: {exc.strerror or exc};"
            " pick another port with --port, or another address with --host"
        )
        return EXIT_BAD_FILE
    return EXIT_OK


def add_serve_command(sub: Any) -> None:
    """Register ``serve`` on ``build_parser``'s subparsers."""
    serve = sub.add_parser(
        "serve",
        help="serve the explorer to web browsers: one app per tab (a classroom)",
        description="Serve the explorer and training mode to web browsers on this network:"
        " every tab gets its own app. There is no authentication.",
    )
    serve.add_argument("tree", nargs="?", default=str(default_tree_path()), metavar="TREE")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="the address to listen on (default: %(default)s, this machine only); any other"
        " address lets everyone who reaches it in, with no authentication",
    )
    serve.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help="default: %(default)s"
    )
    serve.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="the address browsers use to reach this server, when it is not"
        " http://HOST:PORT (behind a proxy, or with --host 0.0.0.0)",
    )
    serve.add_argument("--cases", default=None, metavar="FILE", help=EXPLORE_CASES_HELP)
    # A data directory shared by every tab holds other trainees' unfinished walks: a new tab
    # must not offer to resume them (and append to a file another process is writing).
    add_app_options(serve, no_resume=True)
    serve.set_defaults(func=cmd_serve)
