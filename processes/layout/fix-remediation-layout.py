"""Post-process bpmn-auto-layout's DI for remediation.bpmn: open the event subprocesses below the main flow, and
spread the SLA clock's boundary timers along its bottom border."""
import re, sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
text = open(path).read()
a = text.index('<bpmndi:BPMNDiagram'); b = text.index('</bpmndi:BPMNDiagram>') + len('</bpmndi:BPMNDiagram>')
NS = {'bpmndi': 'http://www.omg.org/spec/BPMN/20100524/DI', 'dc': 'http://www.omg.org/spec/DD/20100524/DC',
      'di': 'http://www.omg.org/spec/DD/20100524/DI', 'bpmn': 'http://www.omg.org/spec/BPMN/20100524/MODEL'}
for k, v in NS.items():
    ET.register_namespace(k, v)
root = ET.fromstring(text)  # whole document, for the process structure
proc = root.find('bpmn:process', NS)
di = root.find('bpmndi:BPMNDiagram', NS)
plane = di.find('bpmndi:BPMNPlane', NS)
shapes = {s.get('bpmnElement'): s for s in plane.findall('bpmndi:BPMNShape', NS)}
edges = {e.get('bpmnElement'): e for e in plane.findall('bpmndi:BPMNEdge', NS)}
def bounds(el):
    bd = shapes[el].find('dc:Bounds', NS)
    return [float(bd.get(k)) for k in ('x', 'y', 'width', 'height')]
def fmt(v):
    v = round(float(v), 1)
    return str(int(v)) if v == int(v) else str(v)
def set_bounds(el, x, y, w, h):
    bd = shapes[el].find('dc:Bounds', NS)
    for k, v in zip(('x', 'y', 'width', 'height'), (x, y, w, h)):
        bd.set(k, fmt(v))
def set_points(flow, pts):
    e = edges[flow]
    for w in e.findall('di:waypoint', NS):
        e.remove(w)
    for x, y in pts:
        w = ET.SubElement(e, '{%s}waypoint' % NS['di'])
        w.set('x', fmt(x)); w.set('y', fmt(y))
flows = {f.get('id'): (f.get('sourceRef'), f.get('targetRef')) for f in proc.iter('{%s}sequenceFlow' % NS['bpmn'])}
def route(flow, start=None):
    s, t = flows[flow]
    sx, sy, sw, sh = bounds(s); tx, ty, tw, th = bounds(t)
    if start is None:
        start = (sx + sw, sy + sh / 2)
    end = (tx, ty + th / 2)
    if abs(start[1] - end[1]) < 1:
        set_points(flow, [start, end])
    elif start[1] > sy + sh - 1:  # leaves downwards (a boundary event)
        set_points(flow, [start, (start[0], end[1]), end])
    else:
        mid = (start[0] + end[0]) / 2
        set_points(flow, [start, (mid, start[1]), (mid, end[1]), end])

subs = [sp for sp in proc.findall('bpmn:subProcess', NS)]
inside = set()
for sp in subs:
    for child in sp:
        if child.get('id'):
            inside.add(child.get('id'))
main_ids = [k for k in shapes if k not in inside and k not in {sp.get('id') for sp in subs}]
max_y = max(bounds(k)[1] + bounds(k)[3] for k in main_ids)

# 1. the SLA clock: wide enough for its five timers on the bottom border
clock = 'Task_SlaClock'
cx, cy, cw, ch = bounds(clock)
timers = [be.get('id') for be in proc.findall('bpmn:boundaryEvent', NS) if be.get('attachedToRef') == clock]
width = 64 * len(timers) + 20
# Everything right of the clock moves right by what the clock grows, so that the flows still read left to right.
threshold, grow = cx + cw, width - cw
for k in main_ids:
    x, y, w, h = bounds(k)
    if x >= threshold:
        set_bounds(k, x + grow, y, w, h)
        for lb in shapes[k].findall('bpmndi:BPMNLabel/dc:Bounds', NS):
            lb.set('x', fmt(float(lb.get('x')) + grow))
for fid, e in edges.items():
    if fid in inside:
        continue
    for w in e.findall('di:waypoint', NS):
        if float(w.get('x')) > threshold + 1:
            w.set('x', fmt(float(w.get('x')) + grow))
    for lb in e.findall('bpmndi:BPMNLabel/dc:Bounds', NS):
        if float(lb.get('x')) >= threshold:
            lb.set('x', fmt(float(lb.get('x')) + grow))
set_bounds(clock, cx, cy, width, ch)
cx, cy, cw, ch = bounds(clock)
for i, t in enumerate(timers):
    set_bounds(t, cx + 24 + i * 64, cy + ch - 18, 36, 36)
    for label in shapes[t].findall('bpmndi:BPMNLabel', NS):
        shapes[t].remove(label)  # drawn below the circle where it now is
for flow, (s, t) in flows.items():
    if s in timers:
        x, y, w, h = bounds(s)
        route(flow, (x + w / 2, y + h))
    if t == clock:
        route(flow)

# 2. an event-based gateway's events to its right (the layouter sometimes puts one left, as if a loop)
for gw in proc.findall('bpmn:eventBasedGateway', NS):
    gid = gw.get('id')
    gx, gy, gw_, gh = bounds(gid)
    outs = [(f, t) for f, (src, t) in flows.items() if src == gid]
    right = [t for f, t in outs if bounds(t)[0] > gx + gw_]
    column = min((bounds(t)[0] for t in right), default=gx + gw_ + 100)
    row = 1
    for f, t in outs:
        x, y, w, h = bounds(t)
        if x + w / 2 < gx + gw_ / 2:
            set_bounds(t, column, gy + gh / 2 - h / 2 + 120 * row, w, h)
            for label in shapes[t].findall('bpmndi:BPMNLabel', NS):
                shapes[t].remove(label)
            row += 1
            for flow, (src, tgt) in flows.items():
                if tgt == t:
                    sx, sy, sw, sh = bounds(src)
                    tx, ty, tw, th = bounds(t)
                    set_points(flow, [(sx + sw / 2, sy + sh), (sx + sw / 2, ty + th / 2), (tx, ty + th / 2)])
                elif src == t:
                    route(flow)

# 3. the event subprocesses, opened, one under the other below the main flow
y0 = max_y + 80
for sp in subs:
    sid = sp.get('id')
    kids = [c.get('id') for c in sp if c.get('id') in shapes]
    kx = min(bounds(k)[0] for k in kids); ky = min(bounds(k)[1] for k in kids)
    kx2 = max(bounds(k)[0] + bounds(k)[2] for k in kids); ky2 = max(bounds(k)[1] + bounds(k)[3] for k in kids)
    dx = 160 - kx; dy = y0 + 40 - ky
    for k in kids:
        x, y, w, h = bounds(k)
        set_bounds(k, x + dx, y + dy, w, h)
        for lb in shapes[k].findall('bpmndi:BPMNLabel/dc:Bounds', NS):
            lb.set('x', fmt(float(lb.get('x')) + dx)); lb.set('y', fmt(float(lb.get('y')) + dy))
    for c in sp:
        if c.get('id') in edges:
            e = edges[c.get('id')]
            for w in e.findall('di:waypoint', NS):
                w.set('x', fmt(float(w.get('x')) + dx)); w.set('y', fmt(float(w.get('y')) + dy))
            for lb in e.findall('bpmndi:BPMNLabel/dc:Bounds', NS):
                lb.set('x', fmt(float(lb.get('x')) + dx)); lb.set('y', fmt(float(lb.get('y')) + dy))
    set_bounds(sid, 120, y0, (kx2 - kx) + 80, (ky2 - ky) + 80)
    shapes[sid].set('isExpanded', 'true')
    y0 += (ky2 - ky) + 80 + 40

out = ET.tostring(di, encoding='unicode')
out = out.replace(' xmlns:bpmndi="%s"' % NS['bpmndi'], '').replace(' xmlns:dc="%s"' % NS['dc'], '').replace(' xmlns:di="%s"' % NS['di'], '')
open(path, 'w').write(text[:a] + out + text[b:])
