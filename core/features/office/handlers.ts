// Office handlers: this install's party, and the app's clock for the UI.
import type { HandlersOf } from '../../api/contract';
import { OFFICE_KEY, type ServiceContext } from '../../api/context';
import type { officeCalls } from './calls';

export function createOfficeHandlers({ store, clock, office }: ServiceContext): HandlersOf<typeof officeCalls> {
  return {
    'app.info': () => ({ today: clock.today() }),

    'office.get': () => office(),

    'office.set': (input) => {
      const value = { party: input.party, communeName: input.party === 'commune' ? input.communeName : '' };
      store.setSetting(OFFICE_KEY, value, clock.now());
      return office()!;
    },
  };
}
