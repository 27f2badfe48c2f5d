// The timeline of the session shown, read from the main side (which folds the journal) while the
// view is open, and the radio sampling setting. Refreshed every `everyMs` for a live session.
import { useCallback, useEffect, useState } from 'react';
import type { RadioSampling } from '../../../shared/api';
import type { Problem } from '../../../shared/outcome';
import type { Timeline } from '../../../shared/timeline/model';
import { useWorkbench } from '../../stores';

export function useTimeline(everyMs = 2_000): { timeline?: Timeline; problem?: Problem; refresh: () => void } {
  const api = useWorkbench((s) => s.api);
  const [timeline, setTimeline] = useState<Timeline>();
  const [problem, setProblem] = useState<Problem>();
  const refresh = useCallback(() => {
    void api.getTimeline().then((r) => {
      if (r.ok) {
        setTimeline(r.value);
        setProblem(undefined);
      } else setProblem(r.problem);
    });
  }, [api]);
  useEffect(() => {
    refresh();
    const id = setInterval(refresh, everyMs);
    return () => clearInterval(id);
  }, [refresh, everyMs]);
  return { ...(timeline ? { timeline } : {}), ...(problem ? { problem } : {}), refresh };
}

export function useRadioSampling(): { sampling?: RadioSampling; set: (s: { enabled: boolean; intervalMs?: number }) => void } {
  const api = useWorkbench((s) => s.api);
  const [sampling, setSampling] = useState<RadioSampling>();
  useEffect(() => {
    void api.getRadioSampling().then((r) => r.ok && setSampling(r.value));
  }, [api]);
  const set = useCallback(
    (s: { enabled: boolean; intervalMs?: number }) => {
      // Shown at once; the main side's answer (the setting as kept) follows.
      setSampling((prev) => ({ enabled: s.enabled, intervalMs: s.intervalMs ?? prev?.intervalMs ?? 10_000 }));
      void api.setRadioSampling(s).then((r) => r.ok && setSampling(r.value));
    },
    [api],
  );
  return { ...(sampling ? { sampling } : {}), set };
}
