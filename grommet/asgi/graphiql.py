"""The GraphiQL page a browser gets on GET: a small template loading GraphiQL from a CDN."""

from __future__ import annotations

_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>GraphiQL</title>
  <style>body { margin: 0; } #graphiql { height: 100dvh; }</style>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3/graphiql.min.css">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script crossorigin src="https://unpkg.com/react@18/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphql-ws@5/umd/graphql-ws.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@3/graphiql.min.js"></script>
  <script>
    const url = new URL(window.location.href);
    url.search = "";
    url.hash = "";
    const options = { url: url.toString() };
    if (__SUBSCRIPTIONS__) {
      const socket = new URL(url);
      socket.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      options.wsClient = graphqlWs.createClient({ url: socket.toString(), lazy: true });
    }
    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    root.render(
      React.createElement(GraphiQL, {
        fetcher: GraphiQL.createFetcher(options),
        defaultEditorToolsVisibility: true,
      }),
    );
  </script>
</body>
</html>
"""


def render_graphiql(*, subscriptions: bool) -> str:
    """The page; ``subscriptions`` makes GraphiQL run subscriptions over a WebSocket."""
    return _TEMPLATE.replace("__SUBSCRIPTIONS__", "true" if subscriptions else "false")
