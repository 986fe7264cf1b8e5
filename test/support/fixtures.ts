/** An integration of 3 flows, 4 exports, 4 imports, 2 connections (with credentials) and a script. */
export function ordersIntegration(secret: string) {
  const exports = [1, 2, 3, 4].map((i) => ({
    key: `exp-${i}`,
    type: 'export',
    name: `Export ${i}`,
    connection: i % 2 ? 'conn-src' : 'conn-dst',
    config: { path: `/v1/items/${i}`, pageSize: 100, filters: { status: 'open' } },
  }));
  const imports = [1, 2, 3, 4].map((i) => ({
    key: `imp-${i}`,
    type: 'import',
    name: `Import ${i}`,
    config: { table: `items_${i}`, mode: 'upsert', keyFields: ['id'] },
  }));
  const connections = [
    { key: 'conn-src', type: 'connection', name: 'Source ERP', config: { baseUrl: 'https://erp.example.test' }, credentials: { apiKey: secret } },
    { key: 'conn-dst', type: 'connection', name: 'Warehouse', config: { host: 'db.example.test' }, credentials: { password: `${secret}-2` } },
  ];
  const script = { key: 'transform', type: 'script', name: 'Transform', code: 'function transform(r) {\n  return { ...r, total: r.qty * r.price };\n}\n' };
  const flows = [
    { key: 'flow-a', type: 'flow', name: 'Orders', steps: [
      { id: 'a1', kind: 'export', ref: 'exp-1' }, { id: 'a2', kind: 'script', ref: 'transform' }, { id: 'a3', kind: 'import', ref: 'imp-1' },
    ] },
    { key: 'flow-b', type: 'flow', name: 'Stock', steps: [
      { id: 'b1', kind: 'export', ref: 'exp-2' }, { id: 'b2', kind: 'import', ref: 'imp-2' }, { id: 'b3', kind: 'import', ref: 'imp-3' },
    ] },
    { key: 'flow-c', type: 'flow', name: 'Prices', steps: [
      { id: 'c1', kind: 'export', ref: 'exp-3' }, { id: 'c2', kind: 'export', ref: 'exp-4' }, { id: 'c3', kind: 'import', ref: 'imp-4' },
    ] },
  ];
  return {
    name: 'Orders sync',
    environment: 'production',
    settings: { schedule: '*/15 * * * *' },
    resources: [...exports, ...imports, ...connections, script, ...flows],
  };
}

/** `n` generated resources: exports, imports and flows that use them. */
export function generatedIntegration(n: number, name = 'generated') {
  const resources: any[] = [];
  const third = Math.floor(n / 3);
  for (let i = 0; i < third; i++) resources.push({ key: `exp-${i}`, type: 'export', name: `Export ${i}`, config: { path: `/items/${i}`, pageSize: 100 } });
  for (let i = 0; i < third; i++) resources.push({ key: `imp-${i}`, type: 'import', name: `Import ${i}`, config: { table: `t_${i}` } });
  for (let i = 0; resources.length < n; i++) {
    resources.push({ key: `flow-${i}`, type: 'flow', name: `Flow ${i}`, steps: [
      { id: 's1', kind: 'export', ref: `exp-${i % third}` }, { id: 's2', kind: 'import', ref: `imp-${i % third}` },
    ] });
  }
  return { name, environment: 'production', resources };
}
