import { html, type Html } from '../html.ts';
import type { InteractionGraph } from './model.ts';

/** The interaction graph as an SVG drawing (to be filled in). */
export function renderGraphSvg(graph: InteractionGraph): Html {
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Interaction graph" viewBox="0 0 100 100"><title>${graph.nodes.length} services</title></svg>`;
}
