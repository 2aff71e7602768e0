// Starts GraphiQL; a file of its own so that the page runs under script-src 'self'.
const defaultQuery = `# 前 10 户及其成员与就业经历
query {
  households(first: 10, filter: { region: "450225" }) {
    totalCount
    edges {
      node {
        registryNumber
        village { name }
        members {
          name
          relation
          labourCapacity
          employments { form place employer startDate endDate }
        }
      }
    }
  }
}
`;
// An API token given once as /graphql#token=… is kept for this tab and sent as a header.
const match = window.location.hash.match(/token=([^&]+)/);
if (match) {
  sessionStorage.setItem("jiuye-token", decodeURIComponent(match[1]));
  window.history.replaceState(null, "", window.location.pathname);
}
const token = sessionStorage.getItem("jiuye-token");
const headers = token ? { Authorization: "Bearer " + token } : {};
const fetcher = GraphiQL.createFetcher({ url: window.location.pathname, headers });
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery })
);
