import { Api } from '../test/support/api';
import { generatedIntegration } from '../test/support/fixtures';
import { GitBaseline } from './support/git-baseline';
import { Row, row, timed } from './support/measure';

const ROUNDS = Number(process.env.ILM_BENCH_ROUNDS ?? 20);

/**
 * Issue 2's figures on a generated 2,000-resource integration, through the
 * gateway as a user calls it: snapshot after 1 and 20 changes, diff of two
 * revisions 20 resources apart, revert 10 revisions back, one-resource GET.
 * Each is set beside git doing the same to one JSON file per resource.
 */
export async function foundationBench(api: Api): Promise<Row[]> {
  const spec = generatedIntegration(2000, 'bench foundation');
  const created = await api.post('/v1/integrations', spec);
  Api.expectStatus(created, 201);
  const id: string = created.body.id;
  const exports = spec.resources.filter((r: any) => r.type === 'export');
  const git = new GitBaseline(spec.resources);
  let edit = 0;

  /** Changes `n` exports (a new pageSize each time) in ILM and in the git work tree. */
  const change = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const r = exports[(edit * 7 + i) % exports.length];
      r.config = { ...r.config, pageSize: 1000 + edit };
      edit++;
      Api.expectStatus(await api.put(`/v1/integrations/${id}/resources/${r.key}`, r), 200);
      git.write(r);
    }
  };
  const snapshot = async (description: string) => {
    const res = await timed(() => api.post(`/v1/integrations/${id}/snapshots`, { description }));
    Api.expectStatus(res.value, 201);
    return { ms: res.ms, revision: res.value.body };
  };

  try {
    Api.expectStatus(await api.post(`/v1/integrations/${id}/snapshots`, { description: 'base' }), 201);

    const snap1: number[] = [];
    const git1: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await change(1);
      snap1.push((await snapshot(`1 change #${i}`)).ms);
      git1.push(await git.commit(`1 change #${i}`));
    }

    const snap20: number[] = [];
    const git20: number[] = [];
    const revs20: string[] = [];
    const commits20: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await change(20);
      const s = await snapshot(`20 changes #${i}`);
      snap20.push(s.ms);
      revs20.push(s.revision.id);
      git20.push(await git.commit(`20 changes #${i}`));
      commits20.push(git.head());
    }

    const diffs: number[] = [];
    const gitDiffs: number[] = [];
    for (let i = 1; i < revs20.length; i++) {
      const res = await timed(() => api.get(`/v1/revisions/${revs20[i - 1]}/diff?against=${revs20[i]}`));
      Api.expectStatus(res.value, 200);
      if (res.value.body.changes.length !== 20) throw new Error(`diff found ${res.value.body.changes.length} changes, expected 20`);
      diffs.push(res.ms);
      gitDiffs.push(await git.diff(commits20[i - 1], commits20[i]));
    }

    const reverts: number[] = [];
    const gitCheckouts: number[] = [];
    const revertRounds = Math.max(3, Math.floor(ROUNDS / 4));
    for (let i = 0; i < revertRounds; i++) {
      const history: string[] = [];
      for (let k = 0; k < 10; k++) {
        await change(1);
        history.push((await snapshot(`revert prep ${i}.${k}`)).revision.id);
        await git.commit(`revert prep ${i}.${k}`);
      }
      await change(1);
      await git.commit(`revert prep ${i} live`);
      const target = history[0];
      const res = await timed(async () => {
        const preview = await api.post(`/v1/integrations/${id}/reverts`, { revisionId: target });
        Api.expectStatus(preview, 201);
        const applied = await api.post(`/v1/reverts/${preview.body.id}/apply`, { previewHash: preview.body.previewHash });
        Api.expectStatus(applied, 200);
      });
      reverts.push(res.ms);
      gitCheckouts.push(await git.checkout(git.head(10)));
      await git.commit(`revert ${i}`);
    }

    const gets: number[] = [];
    for (let i = 0; i < ROUNDS * 5; i++) {
      const key = exports[(i * 13) % exports.length].key;
      const res = await timed(() => api.get(`/v1/integrations/${id}/resources/${key}`));
      Api.expectStatus(res.value, 200);
      gets.push(res.ms);
    }

    return [
      row('snapshot after 1 change', snap1, { targetMs: 50, gitMedianMs: median(git1) }),
      row('snapshot after 20 changes', snap20, { gitMedianMs: median(git20) }),
      row('diff, revisions 20 apart', diffs, { targetMs: 15, gitMedianMs: median(gitDiffs) }),
      row('revert 10 back (preview+apply)', reverts, { targetMs: 100, gitMedianMs: median(gitCheckouts) }),
      row('GET one resource', gets, { targetMs: 5 }),
    ];
  } finally {
    git.close();
  }
}

function median(values: number[]): number {
  return row('', values).medianMs;
}
