import { Api } from '../test/support/api';
import { generatedIntegration } from '../test/support/fixtures';
import { GitBaseline } from './support/git-baseline';
import { Row, row, timed } from './support/measure';

const ROUNDS = Math.max(3, Math.floor(Number(process.env.ILM_BENCH_ROUNDS ?? 20) / 2));

/**
 * Issue 4's figure: open + merge of a pull between two 2,000-resource
 * integrations where each side changed 50 resources, disjoint fields, 25 of
 * them in the same resources. Beside it, `git merge` of the same data as one
 * JSON file per resource, and the conflicts git reports for it.
 */
export async function pullBench(api: Api): Promise<{ rows: Row[]; notes: string[] }> {
  const open: number[] = [];
  const mergeMs: number[] = [];
  const total: number[] = [];
  const gitMerge: number[] = [];
  let gitConflicts = 0;
  let ilmConflicts = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const spec = generatedIntegration(2000, `bench pull ${round}`);
    const p = await api.post('/v1/integrations', spec);
    Api.expectStatus(p, 201);
    Api.expectStatus(await api.post(`/v1/integrations/${p.body.id}/snapshots`, { description: 'base' }), 201);
    const s = await api.post(`/v1/integrations/${p.body.id}/clone`, { name: `bench clone ${round}`, environment: 'sandbox' });
    Api.expectStatus(s, 201);
    const exports = spec.resources.filter((r: any) => r.type === 'export');
    const git = new GitBaseline(spec.resources);
    try {
      git.git('checkout', '-q', '-b', 'sandbox');
      git.git('checkout', '-q', '-');
      // current changes pageSize of exports 0..49; remote changes path of exports 25..74: 25 resources changed on both sides
      for (let i = 0; i < 50; i++) {
        const r = { ...exports[i], config: { ...exports[i].config, pageSize: 500 + round } };
        Api.expectStatus(await api.put(`/v1/integrations/${p.body.id}/resources/${r.key}`, r), 200);
        git.write(r);
      }
      await git.commit('current');
      git.git('checkout', '-q', 'sandbox');
      for (let i = 25; i < 75; i++) {
        const r = { ...exports[i], config: { ...exports[i].config, path: `/v2/items/${i}` } };
        Api.expectStatus(await api.put(`/v1/integrations/${s.body.id}/resources/${r.key}`, r), 200);
        git.write(r);
      }
      await git.commit('remote');
      git.git('checkout', '-q', '-');

      const opened = await timed(() => api.post(`/v1/integrations/${p.body.id}/pulls`, { remoteIntegrationId: s.body.id }));
      Api.expectStatus(opened.value, 201);
      ilmConflicts += opened.value.body.conflicts.length;
      if (opened.value.body.changes.length !== 50) throw new Error(`pull found ${opened.value.body.changes.length} changes, expected 50`);
      const merged = await timed(() => api.post(`/v1/pulls/${opened.value.body.id}/merge`, { previewHash: opened.value.body.previewHash }));
      Api.expectStatus(merged.value, 200);
      open.push(opened.ms);
      mergeMs.push(merged.ms);
      total.push(opened.ms + merged.ms);

      const g = await timed(async () => {
        try {
          git.git('merge', '-q', '--no-edit', 'sandbox');
          return 0;
        } catch {
          return git.git('diff', '--name-only', '--diff-filter=U').split('\n').filter(Boolean).length;
        }
      });
      gitMerge.push(g.ms);
      gitConflicts += g.value;
    } finally {
      git.close();
    }
  }
  return {
    rows: [
      row('pull open (2,000 × 50/50 changes)', open),
      row('pull merge', mergeMs),
      row('pull open + merge', total, { targetMs: 130, gitMedianMs: row('', gitMerge).medianMs }),
    ],
    notes: [`conflicts per pull: ILM ${ilmConflicts / ROUNDS}, git ${gitConflicts / ROUNDS} (edits to neighbouring lines of the same file)`],
  };
}
