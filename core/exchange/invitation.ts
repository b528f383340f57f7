// The invitation to join an agreement: the first file the office that created an agreement sends
// the other office. It cannot be sealed (the other office has no keys on record yet) and holds
// no personal data about requesters: the agreement's rules, schools, letter templates and DPD
// contacts, and the sender's public keys. It is signed with the key it carries, so what counts
// is the fingerprint of that key, read over the phone between the two DPDs before joining.
//
// Layout: magic "DSRINV" 0x00 <version> | u32 length | JSON | 64-byte Ed25519 signature over
// everything before it.
import { z } from 'zod';
import { concatBytes, fromUtf8, readU32be, u32be, utf8 } from './bytes';
import { SIGNATURE_BYTES, type ExchangeCrypto } from './crypto-port';
import { decodePublicKey, officeFingerprint } from './fingerprint';

const INVITATION_VERSION = 1;
const MAGIC = Uint8Array.of(0x44, 0x53, 0x52, 0x49, 0x4e, 0x56, 0x00, INVITATION_VERSION);
export const INVITATION_EXTENSION = '.dsrinv';
/** An agreement with its schools and templates is a few hundred kilobytes at most. */
const MAX_INVITATION_BYTES = 4 * 1024 * 1024;

const key = z.string().refine((k) => decodePublicKey(k) !== null, 'Clé publique invalide.');

const invitationSchema = z.strictObject({
  format: z.literal('dsr-invitation'),
  version: z.literal(INVITATION_VERSION),
  createdAt: z.iso.datetime(),
  sender: z.strictObject({
    officeId: z.string().min(1).max(100),
    name: z.string().min(1).max(200),
    party: z.enum(['commune', 'academie']),
    signingKey: key,
    encryptionKey: key,
  }),
  /** The agreement as the sender holds it (validated again by the receiver's schemas). */
  agreement: z.record(z.string(), z.unknown()),
  schools: z.array(z.record(z.string(), z.unknown())).max(5000),
});
export type Invitation = z.infer<typeof invitationSchema>;

export function buildInvitation(crypto: ExchangeCrypto, invitation: Invitation): Uint8Array {
  const body = utf8(JSON.stringify(invitationSchema.parse(invitation)));
  const signed = concatBytes([MAGIC, u32be(body.length), body]);
  return concatBytes([signed, crypto.sign(signed)]);
}

export type OpenedInvitation = { ok: true; invitation: Invitation; fingerprint: string } | { ok: false; message: string };

const NOT_AN_INVITATION =
  "Ce fichier n'est pas une invitation à rejoindre une convention (fichier .dsrinv exporté par l'autre office depuis « Échanges »).";

/** Checks the frame, the JSON and the signature by the key the invitation carries. */
export function openInvitation(crypto: ExchangeCrypto, file: Uint8Array): OpenedInvitation {
  if (file.length > MAX_INVITATION_BYTES) return { ok: false, message: `Fichier trop volumineux pour une invitation (${Math.round(file.length / 1024)} ko).` };
  if (file.length < MAGIC.length + 4 + SIGNATURE_BYTES || !MAGIC.every((b, i) => file[i] === b)) return { ok: false, message: NOT_AN_INVITATION };
  const length = readU32be(file, MAGIC.length);
  const end = MAGIC.length + 4 + length;
  if (end + SIGNATURE_BYTES !== file.length) {
    return { ok: false, message: "L'invitation est tronquée ou altérée : demandez à l'autre office de vous la renvoyer." };
  }
  const text = fromUtf8(file.subarray(MAGIC.length + 4, end));
  let json: unknown;
  try {
    json = text === null ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = invitationSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: "L'invitation est illisible ou altérée : demandez à l'autre office de vous la renvoyer." };
  const signingKey = decodePublicKey(parsed.data.sender.signingKey)!;
  if (!crypto.verify(file.subarray(0, end), file.subarray(end), signingKey)) {
    return { ok: false, message: "La signature de l'invitation ne correspond pas : elle a été modifiée. Demandez à l'autre office de vous la renvoyer." };
  }
  const { signingKey: s, encryptionKey: e } = parsed.data.sender;
  return { ok: true, invitation: parsed.data, fingerprint: officeFingerprint({ signingKey: s, encryptionKey: e }, crypto.sha256) };
}
