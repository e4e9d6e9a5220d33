// Starts GraphiQL against the page's own address: queries and mutations over POST,
// subscriptions over graphql-transport-ws on the same path. `?q=` pre-fills the editor.
(function () {
  const endpoint = new URL(window.location.href);
  endpoint.search = "";
  endpoint.hash = "";
  const subscriptions = new URL(endpoint);
  subscriptions.protocol = endpoint.protocol === "https:" ? "wss:" : "ws:";
  const fetcher = GraphiQL.createFetcher({
    url: endpoint.toString(),
    subscriptionUrl: subscriptions.toString(),
  });
  const query = new URLSearchParams(window.location.search).get("q");
  const props = {
    fetcher: fetcher,
    isHeadersEditorEnabled: true,
  };
  if (query) props.query = query;
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, props),
  );
})();
