/* Charts and the network graph of the dashboard and reports.
 * Data comes from json_script blocks; the libraries are vendored, so nothing is fetched. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function drawCharts() {
    var specs = readJson("dashboard-charts");
    if (!specs || typeof window.Chart === "undefined") {
      return;
    }
    var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = specs[canvas.dataset.chart];
      if (!spec) {
        return;
      }
      var options = {
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion ? false : undefined,
        plugins: { legend: { display: spec.datasets.length > 1 || spec.type === "doughnut" } }
      };
      if (spec.titles) {
        // Shortened labels (survey statements): the tooltip says the whole statement.
        options.plugins.tooltip = {
          callbacks: {
            title: function (items) { return items.length ? spec.titles[items[0].dataIndex] : ""; }
          }
        };
      }
      if (spec.type === "bar") {
        options.indexAxis = spec.horizontal ? "y" : "x";
        var valueAxis = spec.horizontal ? "x" : "y";
        var categoryAxis = spec.horizontal ? "y" : "x";
        options.scales = {};
        options.scales[valueAxis] = { beginAtZero: true, stacked: !!spec.stacked };
        options.scales[categoryAxis] = { stacked: !!spec.stacked };
        if (spec.horizontal) {
          // Long names (colleges) would be cut off at the canvas edge on a phone: shorten them
          // with an ellipsis. The tooltip and the "Show as table" figures keep the full name.
          options.scales.y.ticks = {
            callback: function (value) {
              var label = String(this.getLabelForValue(value));
              var room = Math.max(12, Math.floor(canvas.clientWidth / 14));
              return label.length > room ? label.slice(0, room - 1) + "\u2026" : label;
            }
          };
        }
        if (spec.max) {
          options.scales[valueAxis].max = spec.max;
        }
        if (spec.percent) {
          options.scales[valueAxis].max = 100;
        }
      }
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: options
      });
    });
  }

  var COLORS = { college: "#0b5ed7", mentor: "#198754", group: "#fd7e14" };

  function drawNetwork() {
    var container = document.getElementById("network-graph");
    var graph = readJson("network-graph-data");
    if (!container || !graph || typeof window.cytoscape === "undefined") {
      return;
    }
    var maxWeight = 1;
    graph.edges.forEach(function (edge) { maxWeight = Math.max(maxWeight, edge.weight); });
    var maxNode = 1;
    graph.nodes.forEach(function (node) { maxNode = Math.max(maxNode, node.weight); });
    // Colleges and VTE groups are sized by how many links they have, mentors by contacts.
    var degree = {};
    graph.edges.forEach(function (edge) {
      degree[edge.source] = (degree[edge.source] || 0) + 1;
      degree[edge.target] = (degree[edge.target] || 0) + 1;
    });
    var maxDegree = 1;
    Object.keys(degree).forEach(function (id) { maxDegree = Math.max(maxDegree, degree[id]); });
    function nodeSize(node) {
      if (node.kind === "mentor") {
        return 14 + 26 * node.weight / maxNode;
      }
      return 22 + 30 * (degree[node.id] || 0) / maxDegree;
    }
    // Only the largest nodes carry a label: a few hundred overlapping names cannot be read.
    var labelled = parseInt(container.dataset.labelled || "12", 10);
    var ranked = graph.nodes.slice().sort(function (a, b) { return nodeSize(b) - nodeSize(a); });
    var named = {};
    ranked.slice(0, labelled).forEach(function (node) { named[node.id] = true; });
    var elements = graph.nodes.map(function (node) {
      return {
        data: {
          id: node.id,
          label: node.label,
          kind: node.kind,
          size: nodeSize(node)
        },
        classes: named[node.id] ? "named" : ""
      };
    }).concat(graph.edges.map(function (edge, index) {
      return {
        data: {
          id: "edge-" + index,
          source: edge.source,
          target: edge.target,
          kind: edge.kind,
          width: edge.kind === "membership" ? 1 : 1.5 + 8 * edge.weight / maxWeight
        }
      };
    }));
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      style: [
        { selector: "node", style: {
          "label": "", "width": "data(size)", "height": "data(size)",
          "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, "color": "#222",
          "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1
        } },
        { selector: "node.named, node.shown", style: { "label": "data(label)" } },
        { selector: "node.shown", style: { "border-width": 3, "border-color": "#212529", "z-index": 10 } },
        { selector: "node[kind = 'college']", style: { "background-color": COLORS.college, "shape": "round-rectangle", "font-weight": "bold" } },
        { selector: "node[kind = 'mentor']", style: { "background-color": COLORS.mentor } },
        { selector: "node[kind = 'group']", style: { "background-color": COLORS.group, "shape": "diamond" } },
        { selector: "edge", style: { "width": "data(width)", "line-color": "#9aa5b1", "curve-style": "haystack", "opacity": 0.8 } },
        { selector: "edge[kind = 'membership']", style: { "line-style": "dashed", "line-color": "#c5ccd3" } }
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 70 }
    });
    var nameOut = document.getElementById("network-graph-name");
    var finder = document.getElementById("network-graph-find");
    function show(node) {
      cy.nodes(".shown").removeClass("shown");
      if (node && node.length) {
        node.addClass("shown");
        if (nameOut) {
          nameOut.textContent = node.data("label");
        }
      } else if (nameOut) {
        nameOut.textContent = "";
      }
    }
    cy.on("mouseover tap", "node", function (event) { show(event.target); });
    cy.on("mouseout", "node", function () { show(null); });
    if (finder) {
      finder.addEventListener("change", function () {
        show(finder.value ? cy.getElementById(finder.value) : null);
      });
    }
    container.dataset.named = Object.keys(named).join(" ");
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    drawNetwork();
  });
})();
