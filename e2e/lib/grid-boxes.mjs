// Many predicted boxes on one picture, for the 1,000-box journey (23) and the image workspace bench
// (bench/image-canvas): a grid of `rectanglelabels` items in Label Studio's shape, in percent, a small gap between
// neighbours so that no two overlap, every seventh labelled `ok` and the rest `defect`.

/**
 * @param {number} n how many boxes
 * @param {number} width the picture's width in pixels (the grid has about as many columns per row as it is wide)
 * @param {number} height the picture's height in pixels
 */
export function gridBoxes(n, width, height) {
  const cols = Math.ceil(Math.sqrt(n * (width / height)));
  const rows = Math.ceil(n / cols);
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    from_name: 'box',
    to_name: 'image',
    type: 'rectanglelabels',
    original_width: width,
    original_height: height,
    image_rotation: 0,
    value: { x: ((i % cols) * 100) / cols + 0.2, y: (Math.floor(i / cols) * 100) / rows + 0.2, width: 100 / cols - 0.6, height: 100 / rows - 0.6, rotation: 0, rectanglelabels: [i % 7 === 0 ? 'ok' : 'defect'] },
  }));
}
