// Reads a citation file the way a reference manager built on citation-js does and prints what it
// understood: the CSL-JSON items, and their APA bibliography as citation-js renders it.
// Usage: node read_citation.js @bibtex/text|@biblatex/text|@ris/file|@csl/list+object < file
// Without a format it reads many files, as the tests do (starting Node and citation-js took two
// seconds a file): one JSON request a line, {"format": ..., "text": ...}, and one JSON answer a line,
// {"error": ...} for a file it cannot read.
'use strict';
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-csl');

function read(format, text) {
  // "@bibtex/text" reads BibTeX's own fields only (year and month, no BibLaTeX date). Its "strict"
  // option is left off: it refuses every @misc, which BibTeX allows with no required field at all.
  const cite = new Cite(format === '@csl/list+object' ? JSON.parse(text) : text, { forceType: format });
  const items = cite.data.map(({ _graph, ...item }) => item);
  const apa = cite.format('bibliography', { template: 'apa', format: 'text' }).trim();
  return { items, apa };
}

const format = process.argv[2];
if (format) {
  process.stdout.write(JSON.stringify(read(format, require('fs').readFileSync(0, 'utf8'))));
} else {
  require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
    let answer;
    try {
      const request = JSON.parse(line);
      answer = read(request.format, request.text);
    } catch (error) {
      answer = { error: String(error.stack || error) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
}
