"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { timelineLayout, axisTicks, yearStep } = require("../../refgraph/render/js/timeline.js");
const { decodeGraph } = require("../../refgraph/render/js/data.js");
const { graph } = require("./graph.js");

const works = (years) => decodeGraph({ nodes: years.map((y, i) => ["work:" + i, "work", "W" + i, 10, 8, null, null, { year: y }]), edges: [] });

test("works are placed left to right by year", () => {
  const { positions } = timelineLayout(graph());
  const x = Object.fromEntries(positions.map((p) => [p.id, p.x]));
  assert.ok(x["work:c"] < x["work:a"] && x["work:a"] < x["work:b"]);
});

test("ten works in one decade: every year marked, the decade spread wide", () => {
  const { axis } = timelineLayout(works([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]));
  assert.equal(axis.step, 110);
  assert.deepEqual(axisTicks(axis.minY, axis.maxY, axis.step * 0.8), [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
});

test("1870 to 2025: one screen wide, round years marked at readable spacing", () => {
  const years = [1870, 1905, 1950, 1999, 2025];
  const { axis, positions } = timelineLayout(works(years));
  const span = Math.max(...positions.map((p) => p.x)) - Math.min(...positions.map((p) => p.x));
  assert.ok(span <= 1900 && span >= 1500, String(span));
  const pxPerYear = axis.step * 0.5; // zoomed out to fit ~900 px
  const ticks = axisTicks(axis.minY, axis.maxY, pxPerYear);
  assert.ok(ticks.length >= 5 && ticks.length <= 16, ticks.join());
  assert.ok(ticks.every((y) => y % 10 === 0));
  for (let i = 1; i < ticks.length; i++) assert.ok((ticks[i] - ticks[i - 1]) * pxPerYear >= 64);
});

test("a crowded year stands in several columns, none on another", () => {
  const { positions } = timelineLayout(works(new Array(60).fill(2010).concat([2011, 2012])));
  const spots = new Set(positions.map((p) => Math.round(p.x) + "," + Math.round(p.y)));
  assert.equal(spots.size, positions.length);
  assert.ok(yearStep(2010, 2012) === 110);
  assert.ok(new Set(positions.filter((p) => p.id !== "work:60" && p.id !== "work:61").map((p) => Math.round(p.x))).size > 1);
});

test("the works without a year are one block the axis can label; topics are left out", () => {
  const g = decodeGraph({ nodes: [
    ...[2001, 2002, null, null, null].map((y, i) => ["work:" + i, "work", "W" + i, 10, 8, null, null, y ? { year: y } : {}]),
    ["topic:t", "topic", "T", 10, 8, null, null, {}],
  ], edges: [] });
  const { positions, axis } = timelineLayout(g);
  assert.equal(axis.undated.count, 3);
  const x = Object.fromEntries(positions.map((p) => [p.id, p.x]));
  for (const id of ["work:2", "work:3", "work:4"]) assert.ok(x[id] >= axis.undated.left && x[id] <= axis.undated.right);
  assert.ok(axis.undated.right < x["work:0"]);
  assert.ok(!("topic:t" in x));
  assert.equal(timelineLayout(works([2001, 2002])).axis.undated, null);
});
