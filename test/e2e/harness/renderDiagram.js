// Runs in the page, after Mermaid's dist bundle (globalThis.mermaid): renders one diagram into the page and
// reports, for every state box, the title a reader sees at its top and whether that title fits in the box;
// and loads SVG text as an image, as a viewer without Mermaid would.
// A plain state's title is its only label, a state with description lines has its title above the divider,
// a composite state's title is its cluster label.
const within = (inner, outer) =>
  inner.width > 0 &&
  inner.left >= outer.left - 0.5 &&
  inner.right <= outer.right + 0.5 &&
  inner.top >= outer.top - 0.5 &&
  inner.bottom <= outer.bottom + 0.5;

function stateBox(kind, element, title) {
  const frame = element.firstElementChild.getBoundingClientRect();
  return {
    kind,
    title: title?.textContent?.trim() ?? "",
    fits: title ? within(title.getBoundingClientRect(), frame) : false,
  };
}

globalThis.renderDiagram = async (id, text, config) => {
  const { mermaid } = globalThis;
  mermaid.initialize({ startOnLoad: false, ...config });
  const host = document.getElementById("diagram");
  host.innerHTML = (await mermaid.render(id, text)).svg;
  // Mermaid returns HTML (`<br>` in labels): serialised as XML, the SVG also opens as a file or an <img>.
  const svg = new XMLSerializer().serializeToString(host.querySelector("svg"));
  const states = [...host.querySelectorAll("g.node.statediagram-state")].map((node) =>
    stateBox("state", node, node.querySelector(".label .nodeLabel, .label text")),
  );
  const composites = [...host.querySelectorAll("g.statediagram-cluster")].map((cluster) =>
    stateBox("composite", cluster, cluster.querySelector(".cluster-label .nodeLabel, .cluster-label text")),
  );
  return { svg, states: [...states, ...composites] };
};

/** The width an <img> of this SVG text is drawn at; throws when the browser cannot load it as an image. */
globalThis.imageWidth = async (svg) => {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  return image.naturalWidth;
};
