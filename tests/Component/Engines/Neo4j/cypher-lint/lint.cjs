// Reads [{statement, parameters: [names]}] as JSON on stdin and writes, for each, the diagnostics of Neo4j's Cypher
// linter (syntax and semantic analysis) in Cypher 5 and Cypher 25, with the parameters the adapter sent declared.
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

let input = '';
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(({ statement, parameters }) => {
    const declared = Object.fromEntries(parameters.map(name => [name, null]));
    const diagnostics = ['CYPHER 5', 'CYPHER 25'].flatMap(version => {
      const linted = lintCypherQuery(`${version} ${statement}`, { parameters: declared }, {});
      return (linted.diagnostics ?? linted).map(d => `${version}: ${d.message}`);
    });
    return { statement, diagnostics };
  });
  process.stdout.write(JSON.stringify(results));
});
