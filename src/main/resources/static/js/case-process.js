// Draws the remediation process on the case page with bpmn-js and marks where the case stands.
// Loaded as a file: the Content-Security-Policy runs no inline script.
(function () {
  'use strict';
  var box = document.getElementById('process-picture');
  if (!box || typeof BpmnJS === 'undefined') {
    return;
  }
  var progress = JSON.parse(box.getAttribute('data-progress'));
  var viewer = new BpmnJS({ container: box });
  fetch(box.getAttribute('data-diagram'), { credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) {
        throw new Error('the diagram did not load (' + response.status + ')');
      }
      return response.text();
    })
    .then(function (xml) { return viewer.importXML(xml); })
    .then(function () {
      var canvas = viewer.get('canvas');
      var registry = viewer.get('elementRegistry');
      progress.passed.forEach(function (id) {
        if (registry.get(id)) { canvas.addMarker(id, 'passed'); }
      });
      progress.current.forEach(function (id) {
        if (registry.get(id)) { canvas.addMarker(id, 'highlight'); }
      });
      // The whole process is too wide to read at once: open on the step the case waits in, readable,
      // and let the reader drag and zoom (the navigated viewer) to see the rest.
      // The SLA clock runs beside every step of the owner's work; the owner's step tells more.
      var steps = progress.current.map(function (id) { return registry.get(id); })
        .filter(function (e) { return Boolean(e); });
      var focus = steps.filter(function (e) { return e.id !== 'Task_SlaClock'; })[0] || steps[0];
      if (focus) {
        canvas.zoom(0.9);
        var view = canvas.viewbox();
        canvas.viewbox({ x: focus.x + focus.width / 2 - view.width / 2,
          y: focus.y + focus.height / 2 - view.height / 2, width: view.width, height: view.height });
      } else {
        canvas.zoom('fit-viewport', 'auto');
      }
      var names = steps.map(function (e) { return e.businessObject.name || e.id; });
      if (names.length) {
        document.getElementById('process-current').textContent = names.join(', ');
      }
      box.setAttribute('data-drawn', String(registry.getAll().length));
    })
    .catch(function (error) {
      box.textContent = 'The process picture could not be drawn: ' + error.message
        + '. The timeline below tells where the case stands.';
      box.setAttribute('data-drawn', 'failed');
    });
}());
