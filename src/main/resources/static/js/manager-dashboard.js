// The manager dashboard's charts: SLA compliance per month, mean time to remediate per severity, the age of
// open cases, and open cases per team (on time and overdue, stacked).
// Each chart's figures come from the page: JSON in the data-chart attribute of #<name>-chart-data, escaped as
// any attribute is, so that no name can end an element. The table beside each chart repeats its figures; a
// chart with nothing to show is not on the page (the page says so in words instead).
(function () {
  'use strict';
  if (typeof Chart === 'undefined') {
    return;
  }
  // Okabe-Ito colours: told apart with the common colour-vision deficiencies.
  var BLUE = '#0072B2';
  var VERMILLION = '#D55E00';
  var GREEN = '#009E73';
  var ORANGE = '#E69F00';

  function draw(name, config) {
    var canvas = document.getElementById(name + '-chart');
    var source = document.getElementById(name + '-chart-data');
    if (!canvas || !source) {
      return;
    }
    var data = JSON.parse(source.getAttribute('data-chart'));
    var options = config(data);
    options.options = Object.assign({ maintainAspectRatio: false, animation: false }, options.options);
    new Chart(canvas, options);
  }

  function count(title) {
    return { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: title } };
  }

  draw('compliance', function (data) {
    return {
      type: 'line',
      data: {
        labels: data.months,
        // A month with nothing fixed has no share (null): the line spans it rather than dropping to 0 %.
        datasets: [{ label: 'Fixed on time (%)', data: data.percent, borderColor: BLUE, backgroundColor: BLUE,
          spanGaps: true, pointRadius: 4 }]
      },
      options: {
        // offset: the first and last month's points sit inside the plot, not on its edges.
        scales: { x: { offset: true }, y: { min: 0, max: 100, title: { display: true, text: 'Fixed on time (%)' } } },
        plugins: { tooltip: { callbacks: { afterLabel: function (item) {
          return data.fixed[item.dataIndex] + ' fixed';
        } } } }
      }
    };
  });

  draw('remediation', function (data) {
    return {
      type: 'bar',
      data: {
        labels: data.severities,
        datasets: [{ label: 'Mean days to remediate', data: data.meanDays, backgroundColor: GREEN,
          maxBarThickness: 96 }]
      },
      options: {
        scales: { y: { beginAtZero: true, title: { display: true, text: 'Days, opening to fix' } } },
        plugins: { tooltip: { callbacks: { afterLabel: function (item) {
          return data.fixed[item.dataIndex] + ' fixed';
        } } } }
      }
    };
  });

  draw('aging', function (data) {
    return {
      type: 'bar',
      data: {
        labels: data.buckets,
        datasets: [{ label: 'Open cases', data: data.open, backgroundColor: ORANGE, maxBarThickness: 96 }]
      },
      options: { scales: { y: count('Open cases') } }
    };
  });

  draw('team', function (data) {
    return {
      type: 'bar',
      data: {
        labels: data.teams,
        datasets: [
          { label: 'On time', data: data.onTime, backgroundColor: BLUE, maxBarThickness: 96 },
          { label: 'Overdue', data: data.overdue, backgroundColor: VERMILLION, maxBarThickness: 96 }
        ]
      },
      options: { scales: { x: { stacked: true }, y: Object.assign(count('Open cases'), { stacked: true }) } }
    };
  });
})();
