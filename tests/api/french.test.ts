// French where the service writes a name after « de »: the commune office is « la commune
// d'Aubagne », never « de Aubagne », in its label (the journal's author) and its letterhead.
import { describe, expect, it } from 'vitest';
import { testHost } from '../helpers/host';
import { useTempDir } from '../helpers/tmp';

const tmp = useTempDir();

describe('names after « de »', () => {
  it("calls the commune office « La commune d'Aubagne » and « La commune de Sceaux »", async () => {
    const host = testHost(tmp());
    expect((await host.ok('office.set', { party: 'commune', communeName: 'Aubagne' })).label).toBe("La commune d'Aubagne");
    expect((await host.ok('office.set', { party: 'commune', communeName: 'Sceaux' })).label).toBe('La commune de Sceaux');
    host.close();
  });
});
