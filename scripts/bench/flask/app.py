"""
The seed's service, as the benchmark's yardstick: a Flask app that does what
the original did (REFERENCE.md, "The original service"). /say and
/say/<message> draw the default cow with a pure-Python cowsay, and the Accept
header picks a Jinja2 page (also the fallback), JSON or plain text. Nothing is
cached: each request is drawn and rendered, as the seed's were.

Run by scripts/bench/bench.ts with Debian's gunicorn, one worker:
    gunicorn --workers 1 --bind 127.0.0.1:PORT --chdir scripts/bench/flask app:app
"""
import textwrap

from flask import Flask, jsonify, render_template, request

app = Flask(__name__)

COW = r"""        \   ^__^
         \  (oo)\_______
            (__)\       )\/\
                ||----w |
                ||     ||
"""


def balloon(lines):
    width = max((len(line) for line in lines), default=0)
    top = " " + "_" * (width + 2)
    bottom = " " + "-" * (width + 2)
    if len(lines) < 2:
        rows = ["< %s >" % (lines[0] if lines else "").ljust(width)]
    else:
        rows = ["/ %s \\" % lines[0].ljust(width)]
        rows += ["| %s |" % line.ljust(width) for line in lines[1:-1]]
        rows.append("\\ %s /" % lines[-1].ljust(width))
    return "\n".join([top, *rows, bottom]) + "\n"


def cowsay(message):
    lines = textwrap.wrap(message, 39) or [""]
    return balloon(lines) + COW


@app.route("/say", defaults={"message": "moo"})
@app.route("/say/<path:message>")
def say(message):
    drawing = cowsay(message)
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "text/plain"], "text/html")
    if best == "application/json":
        return jsonify(text=message, output=drawing)
    if best == "text/plain":
        return drawing, 200, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("result.html", message=message, drawing=drawing)
