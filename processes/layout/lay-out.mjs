// Lays out the BPMN files given as arguments with bpmn-auto-layout; writes <file>.laid beside each.
import { layoutProcess } from 'bpmn-auto-layout';
import fs from 'fs';
for (const f of process.argv.slice(2)) {
  const xml = fs.readFileSync(f, 'utf8');
  const out = await layoutProcess(xml);
  fs.writeFileSync(f + '.laid', out);
  console.log(f, out.length);
}
