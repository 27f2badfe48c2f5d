// A strict checker for the subset of Mermaid sequenceDiagram syntax that mermaid.ts emits:
// header, participant lines (with an optional `as` alias), `A->>B: text`, `A-->>B: text`, `A--xB: text`,
// `Note over A,B: text`, `rect rgb(r, g, b)` … `end`, `%%` comments. Anything else is rejected.
// Message text must carry no raw `;`, `"`, `<`, `>`, `%`, `{`, `}`, control bytes, and `#` only
// as a numeric entity.

const LANE = '(Host|Modem|Server|Laptop)';
/** An alias runs to the end of the line: Mermaid stops it at `#` (a comment) and `;`. */
const PARTICIPANT = new RegExp(`^participant ${LANE}(?: as (.+))?$`);
const ARROW = new RegExp(`^${LANE}(->>|-->>|--x)${LANE}: (.+)$`);
const NOTE = new RegExp(`^Note over ${LANE}(?:,${LANE})?: (.+)$`);
const RECT = /^rect rgb\((\d{1,3}), (\d{1,3}), (\d{1,3})\)$/;

export function checkMermaid(text: string): string[] {
  const errors: string[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines[0] !== 'sequenceDiagram') errors.push(`line 1: expected "sequenceDiagram", got ${JSON.stringify(lines[0])}`);
  const declared = new Set<string>();
  let open = 0;
  let seenMessage = false;
  lines.slice(1).forEach((raw, i) => {
    const n = i + 2;
    const line = raw.trim();
    const bad = (why: string) => errors.push(`line ${n}: ${why}: ${JSON.stringify(raw)}`);
    if (line === '' || line.startsWith('%%')) return;
    let m: RegExpExecArray | null;
    if ((m = PARTICIPANT.exec(line))) {
      if (seenMessage) bad('participant after the first message');
      if (declared.has(m[1] ?? '')) bad('participant declared twice');
      declared.add(m[1] ?? '');
      if (m[2] !== undefined && /[#;"<>%{}\u0000-\u001f\u007f]/.test(m[2])) bad('raw character a participant alias cannot take');
    } else if ((m = ARROW.exec(line))) {
      seenMessage = true;
      if (m[1] === m[3]) bad('arrow to itself');
      for (const p of [m[1], m[3]]) if (!declared.has(p ?? '')) bad(`undeclared participant ${p}`);
      checkText(m[4] ?? '', bad);
    } else if ((m = NOTE.exec(line))) {
      seenMessage = true;
      for (const p of [m[1], m[2]]) if (p !== undefined && !declared.has(p)) bad(`undeclared participant ${p}`);
      checkText(m[3] ?? '', bad);
    } else if ((m = RECT.exec(line))) {
      if ([m[1], m[2], m[3]].some((v) => Number(v) > 255)) bad('colour component above 255');
      open++;
    } else if (line === 'end') {
      if (open === 0) bad('end without rect');
      else open--;
    } else bad('not part of the emitted grammar');
  });
  if (open !== 0) errors.push(`${open} rect block(s) not closed`);
  return errors;
}

function checkText(text: string, bad: (why: string) => void): void {
  if (text.trim() !== text) bad('label has surrounding spaces');
  const bare = text.replace(/#\d+;/g, '');
  if (/[;"<>%{}\u0000-\u001f\u007f]/.test(bare)) bad('raw character Mermaid cannot take');
  if (bare.includes('#')) bad('"#" that is not an entity code');
}
