// The manager dashboard's bar chart: open cases per team, on time and overdue, stacked.
// The figures come from the page (JSON in the data-chart attribute of #team-chart-data, escaped as any
// attribute is, so that no team name can end an element); the table below the chart repeats them.
(function () {
  'use strict';
  var canvas = document.getElementById('team-chart');
  var source = document.getElementById('team-chart-data');
  if (!canvas || !source || typeof Chart === 'undefined') {
    return;
  }
  var data = JSON.parse(source.getAttribute('data-chart'));
  // Okabe-Ito blue and vermillion: told apart with the common colour-vision deficiencies.
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: data.teams,
      datasets: [
        { label: 'On time', data: data.onTime, backgroundColor: '#0072B2', maxBarThickness: 96 },
        { label: 'Overdue', data: data.overdue, backgroundColor: '#D55E00', maxBarThickness: 96 }
      ]
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Open cases' } }
      }
    }
  });
})();
