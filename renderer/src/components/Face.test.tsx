import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { Face } from './Face';
import { EMOTIONS } from '../../../scenarios/format/schema';

const render = (props: Parameters<typeof Face>[0]) => renderToStaticMarkup(<Face {...props} />);

describe('Face', () => {
  it('draws each of the eight emotions differently', () => {
    const markups = EMOTIONS.map((emotion) => render({ emotion, label: 'Client' }));
    expect(new Set(markups).size).toBe(EMOTIONS.length);
  });

  it('is one named image whose drawing is hidden from assistive tech', () => {
    const html = render({ emotion: 'worried', label: 'Léa Martin, inquiète' });
    expect(html).toMatch(/^<svg [^>]*role="img"/);
    expect(html).toContain('aria-label="Léa Martin, inquiète"');
    expect(html).toContain('<g aria-hidden="true">');
    expect(html).not.toMatch(/<style|style=/);
  });

  it('keeps every animated path the same shape of commands, so emotions can morph', () => {
    const commands = (html: string) => [...html.matchAll(/class="face-part"[^>]*?d="([^"]*)"|d="([^"]*)"[^>]*class="face-part"/g)]
      .map((m) => (m[1] ?? m[2] ?? '').replace(/[-\d.]+/g, '#'));
    const [first, ...rest] = EMOTIONS.map((emotion) => commands(render({ emotion, label: 'Client' })));
    expect(first?.length).toBeGreaterThan(0);
    for (const other of rest) expect(other).toEqual(first);
  });

  it('sizes, varies deterministically and marks reduced motion', () => {
    const html = render({ emotion: 'angry', label: 'Client', size: 96, variant: 3, reducedMotion: true });
    expect(html).toContain('width="96"');
    expect(html).toContain('class="face face--still"');
    expect(html).toBe(render({ emotion: 'angry', label: 'Client', size: 96, variant: 9, reducedMotion: true }));
    expect(new Set([0, 1, 2, 3, 4, 5].map((variant) => render({ emotion: 'neutral', label: 'Client', variant }))).size).toBe(6);
    expect(render({ emotion: 'neutral', label: 'Client', variant: Number.NaN })).toBe(render({ emotion: 'neutral', label: 'Client' }));
  });
});
