import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenReferences, referencingFiles } from './doc-references';

/**
 * Docs and comments point only at what exists: every document, section and repository file they
 * name is there. A renamed heading or a deleted file fails here with the file and line of each
 * pointer left behind.
 */

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(import.meta.dirname, 'fixtures', 'doc-references');

/** Findings for a fixture, named by line only (the fixture's path is not the point). */
function fixtureFindings(name: string): string[] {
  return brokenReferences(path.join(fixtures, name), root)
    .map((finding) => finding.replace(/^.*?:(\d+): /, '$1: '))
    .sort((a, b) => parseInt(a) - parseInt(b));
}

describe('references in docs and comments', () => {
  it('lead to documents, sections and files that exist', () => {
    // This file names the fixtures' broken references in its expectations.
    const skip = ['test/source/fixtures', 'test/source/doc-references.test.ts'];
    const all = referencingFiles(root, skip).flatMap((file) => brokenReferences(file, root));
    expect(all).toEqual([]);
  });

  it('would be caught in a document when they lead nowhere', () => {
    expect(fixtureFindings('notes.md')).toEqual([
      '5: no section #outbox here',
      '10: docs/PBX-RIG.md is not in the repository',
      '10: BITRIX24-CONTRACT.md is not in the repository',
      '11: docs/ARCHITECTURE.md has no section #performance-budget',
      '12: ARCHITECTURE.md has no section 8',
      '12: notes.md has no section 1',
      '12: notes.md has no section 2',
      '13: docs/relay.md has no section "Scaling up"',
      '14: main/services/host-api/handlers.ts is not in the repository',
      '14: renderer/intl/ is not in the repository',
    ]);
  });

  it('would be caught in a comment, but not in a path the code builds', () => {
    expect(fixtureFindings('code.ts.txt')).toEqual([
      '2: main/services/host-api/handlers.ts is not in the repository',
      '3: docs/ARCHITECTURE.md has no section 5',
      '7: docs/ANCHORS.md is not in the repository',
    ]);
  });
});
