/** Client-side navigation: pages link with plain anchors; main.ts draws the page for the new path. */
let draw: () => void = () => {};

export function onNavigate(render: () => void): void {
  draw = render;
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  draw();
}
