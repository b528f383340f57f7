import { useState } from 'react';
import type { Office, RequestDetail } from '../../../core/api/contract';
import { decisionPartyChoices, type PartyChoice } from '../../../core/allocation';
import { ERASURE_EXCEPTION_TEXTS } from '../../../core/documents/letter-request';
import {
  ERASURE_EXCEPTIONS,
  OUTCOMES,
  OUTCOME_LABELS,
  PARTY_LABELS,
  RIGHT_LABELS,
  type ErasureException,
  type Outcome,
  type Party,
  type Right,
} from '../../../core/domain';
import { ActionForm } from '../ActionForm';
import { call } from '../api';
import { frDate } from '../format';
import { Field, SelectField } from '../ui';
import { DateField } from '../DateField';

type Done = (r: RequestDetail, label: string) => void;

function TextArea({ label, value, onChange, error, hint }: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined; hint?: string }) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {(p) => <textarea {...p} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

function TextInput({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  return <Field label={label} error={error}>{(p) => <input {...p} value={value} onChange={(e) => onChange(e.target.value)} />}</Field>;
}

/** A party among the choices the rules allow (core/allocation `decisionPartyChoices`): never one they would refuse. */
function PartySelect({
  label,
  choice,
  value,
  onChange,
  error,
}: {
  label: string;
  choice: PartyChoice;
  value: Party;
  onChange: (p: Party) => void;
  error?: string | undefined;
}) {
  return (
    <SelectField
      label={label}
      value={choice.options.includes(value) ? value : choice.default}
      onChange={(p) => p && onChange(p)}
      options={choice.options.map((x) => [x, PARTY_LABELS[x]] as const)}
      error={error}
    />
  );
}

/** Suspension, extension, allocation decisions, handover, status changes, data file. */
export function RequestActions({ r, office, today, onDone }: { r: RequestDetail; office: Office; today: string; onDone: Done }) {
  const [kind, setKind] = useState<'identity' | 'clarification'>(r.actions.askIdentity.allowed ? 'identity' : 'clarification');
  const [whatAsked, setWhatAsked] = useState(r.identityDocumentsMissing.join('\n'));
  const [doubt, setDoubt] = useState('');
  const [date, setDate] = useState(today);
  // Recording a receipt: every document still missing is ticked as received; untick what did not come.
  const [docs, setDocs] = useState<string[]>(r.identityDocumentsMissing);
  const [reasons, setReasons] = useState('');
  // Each form offers only the parties the rules allow, with a sensible default (the other party
  // for a decided allocation, the one that may pre-empt, this office's missing validation).
  const choices = decisionPartyChoices({
    allocation: r.allocation,
    pending: r.pendingDecision,
    preemptionParty: r.preemptionParty,
    office: office.party,
  });
  const [settlementParty, setSettlementParty] = useState<Party>(choices.settlement.default);
  const [validationParty, setValidationParty] = useState<Party>(choices.validation?.default ?? office.party);
  const { preemption: preemptionChoice, validation: validationChoice } = choices;
  const preemptionParty = preemptionChoice?.default ?? office.party;
  const [by, setBy] = useState('');
  const [evidence, setEvidence] = useState('');
  const [fileRequested, setFileRequested] = useState(r.dataFile.requestedOn ?? '');
  const [fileReceived, setFileReceived] = useState(r.dataFile.receivedOn ?? '');
  const [fileFrom, setFileFrom] = useState('');
  const [forwardedOn, setForwardedOn] = useState(r.processor?.forwardedOn ?? '');
  const [deletedOn, setDeletedOn] = useState(r.processor?.deletedOn ?? '');
  const [certificate, setCertificate] = useState(r.processor?.deletionCertificate ?? '');
  const open = r.suspensions.find((s) => s.receivedOn === null);
  const can = (action: keyof RequestDetail['actions']) => r.actions[action].allowed;
  const pending = r.pendingDecision;
  const reset = () => {
    setReasons('');
    setDate(today);
  };
  const done: Done = (value, label) => {
    reset();
    onDone(value, label);
  };

  return (
    <div className="actions">
      {(can('askIdentity') || can('askClarification')) && (
        <ActionForm
          label="Demander des pièces ou précisions"
          submitLabel="Enregistrer la demande de pièces"
          onSubmit={() => call('requests.askInformation', { id: r.id, kind, whatAsked, doubt: kind === 'identity' ? doubt.trim() || null : null, sentOn: date })}
          onDone={done}
        >
          {(f) => (
            <>
              <Field label="Objet" error={f.kind}>
                {(p) => (
                  <select {...p} value={kind} onChange={(e) => setKind(e.target.value as 'identity' | 'clarification')}>
                    {can('askIdentity') && <option value="identity">Pièces d'identité (doute raisonnable, RGPD art. 12(6))</option>}
                    {can('askClarification') && <option value="clarification">Précisions sur la demande</option>}
                  </select>
                )}
              </Field>
              {kind === 'identity' && (
                <TextArea
                  label="Doute raisonnable sur l'identité"
                  value={doubt}
                  onChange={setDoubt}
                  error={f.doubt}
                  hint="Ce qui, précisément, fait douter de l'identité du demandeur ou de sa qualité pour agir (RGPD art. 12(6)) : le courrier l'énonce."
                />
              )}
              <TextArea
                label="Ce qui est demandé"
                value={whatAsked}
                onChange={setWhatAsked}
                error={f.whatAsked}
                hint={
                  kind === 'identity'
                    ? "Une pièce par ligne, jamais plus que nécessaire : pas de pièce d'identité pour une personne qui écrit depuis son compte ENT, pas de livret de famille quand l'école connaît déjà le représentant légal. Le délai est suspendu jusqu'à réception (décret n° 2019-536)."
                    : 'Un point par ligne. Une demande de précisions ne suspend pas le délai (considérant 63 du RGPD).'
                }
              />
              <DateField label="Date d'envoi" value={date} onChange={setDate} error={f.sentOn} max={today} />
            </>
          )}
        </ActionForm>
      )}
      {open && can('informationReceived') && (
        <ActionForm
          label={open.kind === 'identity' ? 'Enregistrer la réception des pièces' : 'Enregistrer la réponse aux précisions'}
          submitLabel="Enregistrer la réception"
          tone="primary"
          onSubmit={() => call('requests.informationReceived', { id: r.id, kind: open.kind, receivedOn: date, documentsReceived: docs })}
          onDone={done}
        >
          {(f) => (
            <>
              <p className="muted pre">Demandé le {frDate(open.sentOn)} :{'\n'}{open.whatAsked}</p>
              <DateField label={open.kind === 'identity' ? 'Date de réception des pièces' : 'Date de la réponse'} value={date} onChange={setDate} error={f.receivedOn} max={today} />
              {open.kind === 'identity' && r.identityDocumentsMissing.length > 0 && (
                <fieldset className="nested">
                  <legend>Pièces reçues</legend>
                  <p className="hint">Décochez ce qui n'est pas arrivé : cela reste « Manquante ».</p>
                  {r.identityDocumentsMissing.map((d) => (
                    <label className="choice" key={d}>
                      <input type="checkbox" checked={docs.includes(d)} onChange={(e) => setDocs(e.target.checked ? [...docs, d] : docs.filter((x) => x !== d))} />
                      {d}
                    </label>
                  ))}
                </fieldset>
              )}
            </>
          )}
        </ActionForm>
      )}
      {can('extend') && (
        <ActionForm
          label="Prolonger de deux mois"
          submitLabel="Enregistrer la prolongation"
          onSubmit={() => call('requests.extend', { id: r.id, reasons, notifiedOn: date })}
          onDone={done}
        >
          {(f) => (
            <>
              <TextArea label="Motifs de la prolongation" value={reasons} onChange={setReasons} error={f.reasons} hint="Complexité ou nombre des demandes (RGPD art. 12(3)) ; ils sont communiqués à la personne." />
              <DateField label="Personne informée le" value={date} onChange={setDate} error={f.notifiedOn} max={today} />
              {r.deadline.extensionNoticeDue && date > r.deadline.extensionNoticeDue && (
                <p className="warning" role="alert">
                  Informée après le {frDate(r.deadline.extensionNoticeDue)} : la prolongation sera enregistrée comme tardive et ne prolongera pas l'échéance (RGPD art. 12(3)).
                </p>
              )}
            </>
          )}
        </ActionForm>
      )}
      {can('proposeSettlement') && (
        <ActionForm
          label={r.allocation.status === 'to-settle' ? 'Confirmer ou arbitrer la répartition' : 'Proposer une autre répartition'}
          submitLabel="Proposer l'arbitrage"
          onSubmit={() => call('requests.proposeSettlement', { id: r.id, party: choices.settlement.options.includes(settlementParty) ? settlementParty : choices.settlement.default, by, reason: reasons })}
          onDone={done}
        >
          {(f) => (
            <>
              <PartySelect label="Partie qui répondra" choice={choices.settlement} value={settlementParty} onChange={setSettlementParty} error={f.party} />
              <TextInput label="Proposé par" value={by} onChange={setBy} error={f.by} />
              <TextArea
                label="Motif de l'arbitrage"
                value={reasons}
                onChange={setReasons}
                error={f.reason}
                hint="Votre office la valide en la proposant ; elle prend effet quand l'autre partie l'a validée."
              />
            </>
          )}
        </ActionForm>
      )}
      {can('claimPreemption') && preemptionChoice && (
        <ActionForm
          label="Préempter la demande"
          submitLabel="Enregistrer la préemption"
          onSubmit={() =>
            call('requests.claimPreemption', { id: r.id, party: preemptionParty, by, reason: reasons, evidence: preemptionParty === office.party ? null : evidence.trim() || null })
          }
          onDone={done}
        >
          {(f) => (
            <>
              <p className="hint">
                Seule {r.preemptionParty === 'commune' ? 'la commune' : "l'académie"}, qui n'a pas reçu la demande, peut la préempter (convention,
                annexe 1, § 3.2.2).
              </p>
              <PartySelect label="Partie qui préempte" choice={preemptionChoice} value={preemptionParty} onChange={() => undefined} error={f.party} />
              <TextInput label="Demandée par" value={by} onChange={setBy} error={f.by} />
              <TextArea label="Motif de la préemption" value={reasons} onChange={setReasons} error={f.reason} hint="Elle prend effet quand les deux parties l'ont validée." />
              {preemptionParty !== office.party && (
                <Field
                  label="Preuve de la demande"
                  error={f.evidence}
                  hint={`${preemptionParty === 'commune' ? 'La commune' : "L'académie"} préempte normalement par son propre office, et sa demande arrive par l'échange. Pour l'enregistrer ici en son nom, indiquez ce qui montre qu'elle l'a faite (par exemple : courriel du DPD du 12/03/2026).`}
                >
                  {(p) => <input {...p} value={evidence} onChange={(e) => setEvidence(e.target.value)} />}
                </Field>
              )}
            </>
          )}
        </ActionForm>
      )}
      {pending && can('validateDecision') && validationChoice && (
        <>
          <ActionForm
            label={pending.kind === 'preemption' ? 'Valider la préemption' : "Valider l'arbitrage"}
            submitLabel="Enregistrer la validation"
            tone="primary"
            onSubmit={() => call('requests.validateDecision', { id: r.id, party: validationParty, by, evidence: validationParty === office.party ? null : evidence.trim() || null })}
            onDone={done}
          >
            {(f) => (
              <>
                <PartySelect label="Validée au nom de" choice={validationChoice} value={validationParty} onChange={setValidationParty} error={f.party} />
                <TextInput label="Validée par" value={by} onChange={setBy} error={f.by} />
                {/* The other party validates through its own office (its event arrives by the
                    exchange); recorded here on its behalf, the validation needs its evidence. */}
                {validationParty !== office.party && (
                  <Field
                    label="Preuve de la validation"
                    error={f.evidence}
                    hint={`${validationParty === 'commune' ? 'La commune' : "L'académie"} valide normalement par son propre office, et sa validation arrive par l'échange. Pour l'enregistrer ici en son nom, indiquez ce qui montre qu'elle a été donnée (par exemple : courriel du DPD du 12/03/2026).`}
                  >
                    {(p) => <input {...p} value={evidence} onChange={(e) => setEvidence(e.target.value)} />}
                  </Field>
                )}
              </>
            )}
          </ActionForm>
          <ActionForm label="Abandonner" submitLabel="Confirmer l'abandon" onSubmit={() => call('requests.cancelDecision', { id: r.id, reason: reasons })} onDone={done}>
            {(f) => <TextArea label="Motif de l'abandon" value={reasons} onChange={setReasons} error={f.reason} />}
          </ActionForm>
        </>
      )}
      {can('handOver') && (
        <ActionForm
          label="Transmettre au co-responsable"
          submitLabel="Enregistrer la transmission"
          onSubmit={() => call('requests.handOver', { id: r.id, on: date, reason: reasons })}
          onDone={done}
        >
          {(f) => (
            <>
              <DateField label="Date de transmission" value={date} onChange={setDate} error={f.on} max={today} />
              <TextArea label="Motif de la transmission" value={reasons} onChange={setReasons} error={f.reason} hint="La personne est informée de qui lui répondra (RGPD art. 26(3))." />
            </>
          )}
        </ActionForm>
      )}
      {r.nextStatuses
        .filter((s): s is typeof s & { to: 'in-progress' | 'closed' | 'inadmissible' | 'withdrawn' } =>
          ['in-progress', 'closed', 'inadmissible', 'withdrawn'].includes(s.to),
        )
        .map((s) => (
          <ActionForm
            key={s.to}
            label={s.action}
            submitLabel="Confirmer"
            tone={s.to === 'closed' ? 'primary' : 'normal'}
            onSubmit={() => call('requests.changeStatus', { id: r.id, to: s.to, reason: reasons, on: date })}
            onDone={done}
          >
            {(f) => (
              <>
                <DateField label="Date" value={date} onChange={setDate} error={f.on} max={today} />
                <TextArea label={s.requiresReason ? 'Motif (obligatoire)' : 'Motif ou commentaire'} value={reasons} onChange={setReasons} error={f.reason} />
              </>
            )}
          </ActionForm>
        ))}
      {can('cancel') && (
        <ActionForm
          label="Annuler la demande (saisie par erreur)"
          submitLabel="Confirmer l'annulation"
          onSubmit={() => call('requests.cancel', { id: r.id, reason: reasons })}
          onDone={done}
        >
          {(f) => (
            <>
              <p className="hint">
                Pour une demande saisie par erreur (doublon, essai) : elle sort des listes, des statistiques et de l'ordre du jour, et reste consultable
                dans le filtre « Annulées » avec son historique. Rien n'est supprimé.
              </p>
              <TextArea label="Motif de l'annulation" value={reasons} onChange={setReasons} error={f.reason} hint="Par exemple : doublon de FAR-A-2026-0012." />
            </>
          )}
        </ActionForm>
      )}
      {can('processor') && r.rights.some((x) => x === 'erasure' || x === 'rectification') && (
        <ActionForm
          label="Instruction d'effacement à l'éditeur"
          submitLabel="Enregistrer l'instruction"
          onSubmit={() => call('requests.processorDeletion', { id: r.id, instructedOn: date })}
          onDone={done}
        >
          {(f) => (
            <>
              <p className="hint">L'éditeur efface ou modifie les données sous 15 jours calendaires au maximum (clause de sous-traitance) et fournit une attestation sur demande.</p>
              <DateField label="Instruction donnée le" value={date} onChange={setDate} error={f.instructedOn} max={today} />
            </>
          )}
        </ActionForm>
      )}
      {can('processor') && r.processor && (
        <ActionForm
          label="Ce qu'a fait l'éditeur"
          submitLabel="Enregistrer"
          onSubmit={() =>
            call('requests.processorDone', { id: r.id, forwardedOn: forwardedOn || null, deletedOn: deletedOn || null, deletionCertificate: certificate.trim() || null })
          }
          onDone={done}
        >
          {(f) => (
            <>
              {r.processor?.receivedOn && <DateField label="Demande transmise par l'éditeur le" value={forwardedOn} onChange={setForwardedOn} error={f.forwardedOn} max={today} />}
              {r.processor?.deletionInstructedOn && (
                <>
                  <DateField label="Données effacées par l'éditeur le" value={deletedOn} onChange={setDeletedOn} error={f.deletedOn} max={today} />
                  <TextInput label="Référence de l'attestation d'effacement" value={certificate} onChange={setCertificate} error={f.deletionCertificate} />
                </>
              )}
            </>
          )}
        </ActionForm>
      )}
      <ActionForm
        label="Fichier des données (format structuré)"
        submitLabel="Enregistrer"
        onSubmit={() => call('requests.dataFile', { id: r.id, requestedOn: fileRequested || null, receivedOn: fileReceived || null, from: fileFrom })}
        onDone={done}
      >
        {(f) => (
          <>
            <p className="hint">Fichier de toutes les données du demandeur, dans un format structuré et lisible par machine (convention, annexe 1, § 3.2.1).</p>
            <TextInput label="Auprès de (responsable ou sous-traitant)" value={fileFrom} onChange={setFileFrom} error={f.from} />
            <DateField label="Fichier demandé le" value={fileRequested} onChange={setFileRequested} error={f.requestedOn} max={today} />
            <DateField label="Fichier reçu le" value={fileReceived} onChange={setFileReceived} error={f.receivedOn} max={today} />
          </>
        )}
      </ActionForm>
    </div>
  );
}

/** Records the outcome of one right: a reason for a refusal, even partial; for erasure, the art. 17(3) point. */
export function AnswerRight({ r, right, today, onDone }: { r: RequestDetail; right: Right; today: string; onDone: Done }) {
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [reason, setReason] = useState('');
  const [exception, setException] = useState<ErasureException | ''>('');
  const [date, setDate] = useState(today);
  const reasoned = outcome === 'refused' || outcome === 'partly';
  const limitedErasure = right === 'erasure' && reasoned;
  return (
    <ActionForm
      label={`Suite : ${RIGHT_LABELS[right]}`}
      submitLabel="Enregistrer la suite"
      onSubmit={() =>
        call('requests.answerRight', {
          id: r.id,
          right,
          outcome: outcome as Outcome,
          refusalReason: reasoned ? reason.trim() || null : null,
          erasureException: limitedErasure && exception ? exception : null,
          answeredOn: date,
        })
      }
      onDone={onDone}
    >
      {(f) => (
        <>
          <Field label="Suite donnée" error={f.outcome}>
            {(p) => (
              <select {...p} value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
                <option value="">Choisir…</option>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {OUTCOME_LABELS[o]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {limitedErasure && (
            <SelectField
              label="Exception de l'article 17(3) du RGPD"
              value={exception}
              onChange={setException}
              empty="Choisir le point qui s'applique…"
              options={ERASURE_EXCEPTIONS.map((x) => [x, `${x}) nécessaire ${ERASURE_EXCEPTION_TEXTS[x]}`] as const)}
              error={f.erasureException}
              hint="Le traitement reste nécessaire : le courrier cite ce point en toutes lettres."
            />
          )}
          {reasoned && (
            <TextArea
              label={outcome === 'refused' ? 'Motif du refus' : "Motif de ce qui n'est pas fait"}
              value={reason}
              onChange={setReason}
              error={f.refusalReason}
              hint="Un refus, même partiel, est motivé ; le courrier ajoute le droit de saisir la CNIL et d'exercer un recours juridictionnel (RGPD art. 12(4))."
            />
          )}
          <DateField label="Date de la réponse" value={date} onChange={setDate} error={f.answeredOn} max={today} />
        </>
      )}
    </ActionForm>
  );
}
