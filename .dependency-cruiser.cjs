/**
 * The layers of Leadloop, checked on every `npm test` (docs/architecture.md).
 * Edges (slack/, http/, jobs/) call use cases; use cases hold the story;
 * storage runs what it is given; the domain knows nothing of Slack or MongoDB.
 * A violating import fails the tests.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes the order of module start-up matter and the layers meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'edges-use-use-cases',
      severity: 'error',
      comment: 'Slack listeners, HTTP routes and jobs go through a use case, never straight to storage or the database.',
      from: { path: '^src/(slack|http|jobs)/' },
      to: { path: '^src/(storage|db)/' },
    },
    {
      name: 'domain-knows-no-infrastructure',
      severity: 'error',
      comment: 'The domain (leads, definition, reports, crm, routing) imports neither Slack, HTTP, storage nor the libraries behind them.',
      from: { path: '^src/(leads|definition|reports|crm|routing)/' },
      to: { path: ['^src/(slack|http|jobs|storage|db)/', '(^|/)node_modules/(mongoose|mongodb|agenda|@agendajs|@slack|express)/'] },
    },
    {
      name: 'sandbox-is-only-a-slack-stand-in',
      severity: 'error',
      comment: 'The local sandbox stands in for Slack at the edge: it talks to the app over HTTP like Slack does and reaches into nothing of the product.',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/(?!sandbox/)' },
    },
    {
      name: 'product-knows-no-sandbox',
      severity: 'error',
      comment: 'No product code path differs in sandbox mode: only main.ts decides where Slack lives.',
      from: { path: '^src/(?!sandbox/|main\\.ts$)' },
      to: { path: '^src/sandbox/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    reporterOptions: { dot: { collapsePattern: '^src/[^/]+' } },
  },
};
