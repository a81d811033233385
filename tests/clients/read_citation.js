// Reads a citation file the way a reference manager built on citation-js does and prints what it
// understood: the CSL-JSON items, and their APA bibliography as citation-js renders it.
// Usage: node read_citation.js @bibtex/text|@biblatex/text|@ris/file|@csl/list+object < file
'use strict';
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-csl');

const format = process.argv[2];
const text = require('fs').readFileSync(0, 'utf8');
// "@bibtex/text" reads BibTeX's own fields only (year and month, no BibLaTeX date). Its "strict"
// option is left off: it refuses every @misc, which BibTeX allows with no required field at all.
const cite = new Cite(format === '@csl/list+object' ? JSON.parse(text) : text, { forceType: format });
const items = cite.data.map(({ _graph, ...item }) => item);
const apa = cite.format('bibliography', { template: 'apa', format: 'text' }).trim();
process.stdout.write(JSON.stringify({ items, apa }));
