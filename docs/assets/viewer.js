// Per-layer toggles of the annotated-document viewer.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.classList || !box.classList.contains("layer-toggle")) return;
  var viewer = box.closest(".tahaluf-viewer");
  if (viewer) viewer.classList.toggle("layer-off-" + box.dataset.layer, !box.checked);
});
