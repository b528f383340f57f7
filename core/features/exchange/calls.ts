// The exchange between the académie's and the commune's installs (../shared/design.md, "Two
// offices, one register"): this office's identity, joining an agreement from the other
// office's invitation, packages out and in, and the conflicts to decide.
import { z } from 'zod';
import { fileSchema, id, partySchema, required, text } from '../../api/schemas';
import { agreementSchema } from '../agreements/calls';

/** A file the user picked: its name and content (base64), at most 64 MB once decoded. */
const pickedFile = {
  filename: text(300, 'Nom du fichier'),
  base64: z
    .string()
    .min(1, 'Fichier vide.')
    .max(Math.ceil((64 * 1024 * 1024 * 4) / 3) + 8, 'Fichier trop volumineux : 64 Mo au plus.'),
};

const officeCardSchema = z.object({ name: z.string(), party: partySchema, fingerprint: z.string() });

const packageSummarySchema = z.object({
  direction: z.enum(['out', 'in']),
  number: z.number().int(),
  at: z.string(),
  fileName: z.string(),
  changes: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  conflicts: z.number().int(),
});

const conflictSchema = z.object({
  id,
  requestId: id,
  reference: z.string(),
  /** What is in dispute, in French ("Statut", "Suite donnée : droit d'accès"…). */
  label: z.string(),
  local: z.string(),
  remote: z.string(),
  remoteOffice: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.enum(['local', 'remote']).nullable(),
  resolvedBy: z.string().nullable(),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const exchangeStatusSchema = z.object({
  agreementId: id,
  /** This office, and the other office once paired. */
  self: officeCardSchema,
  peer: officeCardSchema.extend({ pairedAt: z.string(), pairedBy: z.string() }).nullable(),
  lastSent: packageSummarySchema.nullable(),
  lastReceived: packageSummarySchema.nullable(),
  /** This office's changes the other office has not acknowledged yet. */
  waiting: z.number().int(),
  history: z.array(packageSummarySchema),
  conflicts: z.array(conflictSchema),
});
export type ExchangeStatus = z.infer<typeof exchangeStatusSchema>;

const importProblemSchema = z.object({ code: z.string(), message: z.string() });

export const exchangeCalls = {
  /** This office's identity: the fingerprint two DPDs read to each other on the phone. */
  'exchange.identity': {
    input: z.object({}).strict().default({}),
    output: z.object({ available: z.boolean(), officeId: z.string(), fingerprint: z.string(), lines: z.array(z.string()) }),
  },
  'exchange.status': { input: z.object({ agreementId: id }).strict(), output: exchangeStatusSchema },
  /** The invitation the other office imports to join this agreement (signed, carries no requests). */
  'exchange.invitation': { input: z.object({ agreementId: id }).strict(), output: fileSchema },
  'exchange.previewJoin': {
    input: z.object(pickedFile).strict(),
    output: z.object({
      agreement: z.object({ id, code: z.string(), name: z.string(), communeName: z.string(), academieName: z.string(), presetLabel: z.string() }),
      schools: z.number().int(),
      from: officeCardSchema,
      /** The same agreement is already on this install. */
      alreadyHere: z.boolean(),
    }),
  },
  'exchange.join': {
    input: z
      .object({
        ...pickedFile,
        /** The fingerprint the other office read on the phone, as typed (spaces free). */
        fingerprint: required(60, 'Empreinte lue par l’autre office'),
        confirmedBy: required(200, 'Vérifiée par'),
      })
      .strict(),
    output: z.object({ agreement: agreementSchema, file: fileSchema }),
  },
  /**
   * "Exporter pour l'autre partie": every change the other office has not acknowledged, or all;
   * with `letters`, each letter recorded by these changes goes with it (made again there on demand).
   */
  'exchange.export': {
    input: z.object({ agreementId: id, all: z.boolean().default(false), letters: z.boolean().default(false) }).strict(),
    output: z.object({ file: fileSchema, package: packageSummarySchema }),
  },
  /** Checks a package without writing anything: the report, and the sender to pair if new. */
  'exchange.previewImport': {
    input: z.object({ agreementId: id, ...pickedFile }).strict(),
    output: z.object({
      problems: z.array(importProblemSchema),
      /** The sender, when it is not paired yet: its fingerprint must be checked by phone. */
      pairing: officeCardSchema.nullable(),
      package: packageSummarySchema.nullable(),
      fresh: z.number().int(),
    }),
  },
  /** "Importer un paquet": all of it in one transaction, or nothing with the report. */
  'exchange.import': {
    input: z
      .object({
        agreementId: id,
        ...pickedFile,
        /** For a sender not paired yet: the fingerprint read on the phone and who checked it. */
        fingerprint: text(60, 'Empreinte lue par l’autre office').optional(),
        confirmedBy: text(200, 'Vérifiée par').optional(),
      })
      .strict(),
    output: z.object({
      package: packageSummarySchema,
      applied: z.number().int(),
      created: z.number().int(),
      /** Breaches declared by the other office, new in this register. */
      breaches: z.number().int(),
      conflicts: z.number().int(),
      /** Letters received with the package and kept here (those already here are not counted). */
      letters: z.number().int(),
      status: exchangeStatusSchema,
    }),
  },
  'exchange.resolveConflict': {
    input: z.object({ id, keep: z.enum(['local', 'remote'], { error: 'Choisissez la valeur à garder.' }), by: required(200, 'Décidé par') }).strict(),
    output: exchangeStatusSchema,
  },
} as const;
