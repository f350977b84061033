import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FaqLoadError, loadFaq, loadFaqReplies } from '../../src/faq/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('loading the knowledge base', () => {
  const entries = loadFaq();

  it('loads at least 40 valid entries with sources, a status and 3+ examples each', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    for (const entry of entries) {
      expect(entry.source.length).toBeGreaterThan(0);
      expect(['official', 'estimated']).toContain(entry.status);
      expect(entry.examples.length).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it('only links follow-ups to entries that exist', () => {
    const ids = new Set(entries.map((e) => e.id));
    const links = entries.flatMap((e) => e.followUps ?? []).filter((c) => c.value.startsWith('faq:'));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(ids, link.value).toContain(link.value.slice(4));
  });

  it('loads the fixed texts', () => {
    const replies = loadFaqReplies();
    expect(replies.outOfScope).toContain('{coveredCities}');
    expect(replies.assumedNote).toContain('{conditions}');
    expect(replies.outOfScopeChoices.length).toBeGreaterThan(0);
  });

  it('names the file and the path of every invalid value', () => {
    let error: unknown;
    try {
      loadFaq(join(fixtures, 'bad-entry'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FaqLoadError);
    const message = (error as Error).message;
    expect(message).toContain('broken.yaml: entries[0].id');
    expect(message).toContain('broken.yaml: entries[0].status');
    expect(message).toContain('broken.yaml: entries[0].examples');
  });

  it('rejects an id used twice', () => {
    expect(() => loadFaq(join(fixtures, 'duplicate'))).toThrow(/b\.yaml: entries\[0\]\.id: duplicate id "same-id"/);
  });

  it('reports a folder without entry files', () => {
    expect(() => loadFaq(join(fixtures, 'no-such-folder'))).toThrow();
  });
});
