// Runs in the page, after Mermaid's dist bundle (globalThis.mermaid): renders one diagram into the page and
// reports, for every box, the title a reader sees at its top, whether that title fits in the box and which
// composite state's frame the box is drawn in; and loads SVG text as an image, as a viewer without Mermaid
// would. A plain state's title is its only label, a state with description lines has its title above the
// divider, a composite state's title is its cluster label. A box of the class `whileIn` (the lines of a
// composite state, scripts/statechartDiagrams.ts) is reported as such, not as a state.
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
    frame,
  };
}

/** The title of the smallest composite whose frame holds the box's frame; "" for none. */
function enclosing(box, composites) {
  const holders = composites.filter((other) => other !== box && within(box.frame, other.frame));
  const area = ({ frame }) => frame.width * frame.height;
  return holders.sort((a, b) => area(a) - area(b))[0]?.title ?? "";
}

globalThis.renderDiagram = async (id, text, config) => {
  const { mermaid } = globalThis;
  mermaid.initialize({ startOnLoad: false, ...config });
  const host = document.getElementById("diagram");
  host.innerHTML = (await mermaid.render(id, text)).svg;
  // Mermaid returns HTML (`<br>` in labels): serialised as XML, the SVG also opens as a file or an <img>.
  const svg = new XMLSerializer().serializeToString(host.querySelector("svg"));
  const states = [...host.querySelectorAll("g.node.statediagram-state")].map((node) =>
    stateBox(
      node.classList.contains("whileIn") ? "whileIn" : "state",
      node,
      node.querySelector(".label .nodeLabel, .label text"),
    ),
  );
  const composites = [...host.querySelectorAll("g.statediagram-cluster")].map((cluster) =>
    stateBox("composite", cluster, cluster.querySelector(".cluster-label .nodeLabel, .cluster-label text")),
  );
  const boxes = [...states, ...composites];
  return {
    svg,
    states: boxes.map((box) => ({
      kind: box.kind,
      title: box.title,
      fits: box.fits,
      drawnIn: enclosing(box, composites),
    })),
  };
};

/** The width an <img> of this SVG text is drawn at; throws when the browser cannot load it as an image. */
globalThis.imageWidth = async (svg) => {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  return image.naturalWidth;
};
