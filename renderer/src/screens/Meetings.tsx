// The DPD meetings (monthly under seed 000 annex 1, 3.2.1; seed 003 provides for none, its
// art. 4 a steering committee at least once a year): what the next one will have to look at,
// the meetings of each agreement, and a new one (date, participants, other items), whose agenda
// is generated from the requests as they are.
import { useState, type FormEvent } from 'react';
import type { Agreement, ApiError } from '../../../core/api/contract';
import { MEETING_FORMATS, MEETING_FORMAT_LABELS, nextMeetingDefault, type MeetingFormat } from '../../../core/documents/agenda';
import { rollForward } from '../../../core/deadlines';
import { call } from '../api';
import { frDate, lines, plural, todayInParis } from '../format';
import { go } from '../router';
import { useCall } from '../useCall';
import { ErrorBanner, Field, Loading, PageTitle } from '../ui';
import { DateField } from '../DateField';

/** What the meeting form holds (texts as typed; format '' when not given). */
export interface MeetingValues {
  date: string;
  time: string;
  format: MeetingFormat | '';
  participants: string;
  otherItems: string;
}

/** The call's fields from the form: an empty time or format is « not given ». */
export const meetingInput = (v: MeetingValues) => ({
  date: v.date,
  time: v.time.trim() || null,
  format: v.format || null,
  participants: lines(v.participants),
  otherItems: lines(v.otherItems),
});

/** Date, time, format, participants and free agenda items of a meeting: the fields shared by creation and editing. */
export function MeetingFields({
  values,
  set,
  fields,
}: {
  values: MeetingValues;
  set: { setDate: (v: string) => void; setTime: (v: string) => void; setFormat: (v: MeetingFormat | '') => void; setParticipants: (v: string) => void; setOtherItems: (v: string) => void };
  fields: Record<string, string>;
}) {
  return (
    <>
      <DateField label="Date de la réunion" value={values.date} onChange={set.setDate} error={fields.date} />
      <Field label="Heure de la réunion" hint="Par exemple 14:30 ou 14 h 30 (heure de Paris)." error={fields.time}>
        {(p) => <input {...p} value={values.time} inputMode="numeric" maxLength={8} onChange={(e) => set.setTime(e.target.value)} />}
      </Field>
      <Field label="Modalité" error={fields.format}>
        {(p) => (
          <select {...p} value={values.format} onChange={(e) => set.setFormat(e.target.value as MeetingFormat | '')}>
            <option value="">Non précisée</option>
            {MEETING_FORMATS.map((f) => (
              <option key={f} value={f}>
                {MEETING_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Participants" hint="Un participant par ligne." error={fields.participants}>
        {(p) => <textarea {...p} rows={3} value={values.participants} onChange={(e) => set.setParticipants(e.target.value)} />}
      </Field>
      <Field label="Autres points à l'ordre du jour" hint="Un point par ligne (questions diverses)." error={fields.otherItems}>
        {(p) => <textarea {...p} rows={3} value={values.otherItems} onChange={(e) => set.setOtherItems(e.target.value)} />}
      </Field>
    </>
  );
}

/**
 * The date offered for a new meeting: one month after the agreement's last one, on a working day
 * of its calendar (as the agenda plans it), or the next working day from today.
 */
function defaultMeetingDate(agreement: Agreement, meetings: readonly { agreementId: string; date: string }[]): string {
  const today = todayInParis();
  const last = meetings.filter((m) => m.agreementId === agreement.id).map((m) => m.date).sort().at(-1);
  const planned = last ? nextMeetingDefault(last, agreement.holidayCalendar) : null;
  return planned && planned >= today ? planned : rollForward(today, agreement.holidayCalendar);
}

function NewMeeting({ agreements, meetings, onCancel }: { agreements: Agreement[]; meetings: readonly { agreementId: string; date: string }[]; onCancel: () => void }) {
  const [agreementId, setAgreementId] = useState(agreements[0]!.id);
  const agreement = agreements.find((a) => a.id === agreementId)!;
  const defaultParticipants = [agreement.dpdContacts.academie.name, agreement.dpdContacts.commune.name].filter(Boolean).join('\n');
  const [date, setDate] = useState(() => defaultMeetingDate(agreement, meetings));
  const [time, setTime] = useState('');
  const [format, setFormat] = useState<MeetingFormat | ''>('');
  const [participants, setParticipants] = useState(defaultParticipants);
  const [otherItems, setOtherItems] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = error?.fields ?? {};

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await call('meetings.create', { agreementId, ...meetingInput({ date, time, format, participants, otherItems }) });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    go(`#/reunions/${r.value.id}`);
  }

  return (
    <form className="action-form" onSubmit={(e) => void create(e)} noValidate aria-label="Nouvelle réunion">
      <ErrorBanner error={error} />
      {agreements.length > 1 && (
        <Field label="Convention" error={fields.agreementId}>
          {(p) => (
            <select {...p} value={agreementId} onChange={(e) => setAgreementId(e.target.value)}>
              {agreements.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <MeetingFields values={{ date, time, format, participants, otherItems }} set={{ setDate, setTime, setFormat, setParticipants, setOtherItems }} fields={fields} />
      <div className="action-buttons">
        <button type="submit" className="primary" disabled={busy}>
          Créer la réunion et son ordre du jour
        </button>
        <button type="button" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}

export function Meetings() {
  const [info] = useCall('app.info', {});
  const [stats] = useCall('requests.stats', {});
  const [meetings] = useCall('meetings.list', {});
  const [agreements] = useCall('agreements.list', {});
  const [creating, setCreating] = useState(false);

  if (info.state === 'error') return <ErrorBanner error={info.error} />;
  if (meetings.state === 'error') return <ErrorBanner error={meetings.error} />;
  if (agreements.state === 'error') return <ErrorBanner error={agreements.error} />;
  if (info.state !== 'ready' || meetings.state !== 'ready' || agreements.state !== 'ready') return <Loading />;

  return (
    <>
      <PageTitle>Réunions</PageTitle>
      <p className="lead">
        Réunions des DPD : assurer la fluidité du processus et le respect des délais, faire l'état des lieux des demandes en cours, répartir les
        réponses (point mensuel de la convention Versailles / Fontenay, annexe 1, § 3.2.1 ; la convention DSDEN 13 n'en prévoit pas, son comité de
        pilotage se réunit au moins une fois par an). L'ordre du jour est établi à partir des demandes ; le relevé de décisions les met à jour.
      </p>
      {stats.state === 'ready' && (
        <section aria-labelledby="h-next">
          <h2 id="h-next">À revoir à la prochaine réunion (situation au {frDate(info.value.today)})</h2>
          <ul>
            <li>
              <a href="#/demandes?urgence=overdue&partie=">{plural(stats.value.overdue, 'demande en retard', 'demandes en retard')}</a>
            </li>
            <li>
              <a href="#/demandes?urgence=due-soon&partie=">{plural(stats.value.dueSoon, 'échéance sous 7 jours', 'échéances sous 7 jours')}</a>
            </li>
            <li>{plural(stats.value.toSettle, 'répartition à arbitrer', 'répartitions à arbitrer')}</li>
            <li>{plural(stats.value.pendingDecisions, 'préemption ou arbitrage en attente de validation', 'préemptions ou arbitrages en attente de validation')}</li>
          </ul>
        </section>
      )}
      <section aria-labelledby="h-meetings">
        <h2 id="h-meetings">Réunions enregistrées</h2>
        <div className="actions">
          <button type="button" className="primary" aria-expanded={creating} onClick={() => setCreating(!creating)}>
            Nouvelle réunion
          </button>
          {creating && <NewMeeting agreements={agreements.value} meetings={meetings.value} onCancel={() => setCreating(false)} />}
        </div>
        {meetings.value.length === 0 ? (
          <p>Aucune réunion enregistrée.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Convention</th>
                <th scope="col">Participants</th>
                <th scope="col">En retard</th>
                <th scope="col">Échéance avant la suivante</th>
                <th scope="col">À arbitrer</th>
                <th scope="col">Relevé de décisions</th>
              </tr>
            </thead>
            <tbody>
              {meetings.value.map((m) => (
                <tr key={m.id}>
                  <td>
                    <a href={`#/reunions/${m.id}`}>
                      {m.shortTitle} du {frDate(m.date)}
                    </a>
                  </td>
                  <td>{m.agreementName}</td>
                  <td>{m.participants.join(', ') || '—'}</td>
                  <td>{m.counts.overdue}</td>
                  <td>{m.counts.dueSoon}</td>
                  <td>{m.counts.toSettle + m.counts.pending}</td>
                  <td>{m.closedAt ? plural(m.decisions, 'décision', 'décisions') : 'à enregistrer'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
