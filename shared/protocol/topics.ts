// MQTT topic filters (MQTT 3.1.1 §4.7, protocol.md §2.6): '+' one level, '#' the rest, the parent
// level included ('a/#' matches 'a').

/** True when `topic` matches `filter`. Argument order as in the sentence: filter first. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
