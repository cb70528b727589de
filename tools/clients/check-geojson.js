#!/usr/bin/env node
// Runs geojson.io's validator (@placemarkio/check-geojson, pinned in
// package.json) on each GeoJSON file named on the command line. Prints one
// JSON line per file: {"file": ..., "texts": N, "issues": [...]}. Exit 0
// when no file has issues, 1 otherwise. With --lines, each non-empty line
// of the files that follow is checked as its own GeoJSON text (GeoJSON text
// sequences; a leading 0x1E is dropped first). (The package has no
// command-line tool of its own, so `npx @placemarkio/check-geojson` cannot
// be used directly.)
// Usage: node check-geojson.js FILE... [--lines FILE...]
'use strict';
const fs = require('fs');
const { getIssues } = require('@placemarkio/check-geojson');

let bad = 0;
let lines = false;
for (const file of process.argv.slice(2)) {
  if (file === '--lines') { lines = true; continue; }
  const text = fs.readFileSync(file, 'utf8');
  const texts = lines
    ? text.split('\n').filter((l) => l.length).map((l) => l.replace(/^\x1e/, ''))
    : [text];
  const issues = [];
  texts.forEach((t, i) => {
    getIssues(t).forEach((x) => issues.push(Object.assign({ text: i + 1 }, x)));
  });
  if (issues.length || !texts.length) { bad += 1; }
  process.stdout.write(JSON.stringify({ file, texts: texts.length, issues }) + '\n');
}
process.exit(bad ? 1 : 0);
