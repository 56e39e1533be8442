import { signal } from './signal';

/** Every string the page shows, by key; a language missing a key falls back to English. */
const en = {
  title: 'Plenary audit',
  skip: 'Skip to content',
  language: 'Language',
  nav: 'Sections',
  'nav.charter': 'Charter',
  'nav.structure': 'Organization',
  'nav.verify': 'Verify an event',
  'nav.tracker': 'My referendum ballot',
  loading: 'Loading…',
  error: 'Could not load: {message}',
  asOf: 'As of date',
  asOfHelp: 'Leave empty for the charter as it stands now.',
  now: 'Now',
  'charter.heading': 'Charter',
  'charter.inForce': 'Rules in force',
  'charter.repealed': 'Repealed rules',
  'charter.bodies': 'Bodies',
  'charter.commitments': 'Commitments',
  'charter.campaigns': 'Campaigns',
  'charter.none': 'None.',
  'charter.versions': '{count} versions',
  'charter.enacted': 'Enacted {date}',
  'rule.heading': 'Rule: {title}',
  'rule.back': 'Back to the charter',
  'rule.version': 'Version {version}',
  'rule.notFound': 'No such rule at this date.',
  'rule.vote': 'The vote',
  'rule.status.in-force': 'in force',
  'rule.status.repealed': 'repealed',
  'tally.caption': 'Tally of the vote',
  'tally.choice': 'Choice',
  'tally.count': 'Votes',
  'tally.share': 'Share',
  'tally.method': 'Method: {method}',
  'tally.outcome': 'Outcome: {outcome}',
  'tally.chart': 'Bar chart of the tally',
  'tally.none': 'No tally recorded.',
  'choice.yes': 'Yes',
  'choice.no': 'No',
  'choice.abstain': 'Abstain',
  'outcome.adopted': 'adopted',
  'outcome.rejected': 'rejected',
  'structure.heading': 'Organization',
  'structure.phase': 'Phase',
  'structure.phase.INTERIM': 'Interim',
  'structure.phase.FINAL': 'Final',
  'structure.committee': 'Committee',
  'structure.branches': 'Branches',
  'structure.chapters': 'Chapters',
  'structure.members': 'Members',
  'structure.name': 'Name',
  'structure.region': 'Region',
  'verify.heading': 'Verify an event in the ledger',
  'verify.position': 'Log position',
  'verify.run': 'Verify',
  'verify.pinned': 'Pinned public key (SPKI PEM)',
  'verify.pinHelp': 'Kept in this browser. When set, a checkpoint signed with any other key is not verified.',
  'verify.savePin': 'Save pinned key',
  'verify.clearPin': 'Forget pinned key',
  'verify.verified': 'Verified',
  'verify.notVerified': 'Not verified',
  'verify.leaf': 'Leaf hash and audit path lead to the signed root',
  'verify.leafBad': 'The audit path does not lead to the signed root',
  'verify.positionBad': 'The entry is not the one asked for',
  'verify.signature': 'Ed25519 signature over the checkpoint is valid',
  'verify.signatureBad': 'The checkpoint signature is not valid',
  'verify.noEd25519': 'This browser cannot check Ed25519 signatures with WebCrypto; the signature was not checked',
  'verify.pinMatch': 'The signing key matches your pinned key',
  'verify.pinMismatch': 'The signing key is not your pinned key',
  'verify.treeSize': 'Tree size',
  'verify.root': 'Root hash',
  'verify.leafText': 'Leaf',
  'tracker.heading': 'Find my ballot in the published count',
  'tracker.referendum': 'Referendum id',
  'tracker.tracker': 'My tracker',
  'tracker.find': 'Find',
  'tracker.found': 'Your ballot is in the published count: {choice}',
  'tracker.missing': 'No ballot with this tracker in the published count.',
};

export type MessageKey = keyof typeof en;

const es: Partial<Record<MessageKey, string>> = {
  title: 'Auditoría de Plenary',
  skip: 'Saltar al contenido',
  language: 'Idioma',
  nav: 'Secciones',
  'nav.charter': 'Estatuto',
  'nav.structure': 'Organización',
  'nav.verify': 'Verificar un evento',
  'nav.tracker': 'Mi papeleta del referéndum',
  loading: 'Cargando…',
  error: 'No se pudo cargar: {message}',
  asOf: 'A fecha de',
  asOfHelp: 'Déjelo vacío para ver el estatuto vigente hoy.',
  now: 'Hoy',
  'charter.heading': 'Estatuto',
  'charter.inForce': 'Normas en vigor',
  'charter.repealed': 'Normas derogadas',
  'charter.bodies': 'Órganos',
  'charter.commitments': 'Compromisos',
  'charter.campaigns': 'Campañas',
  'charter.none': 'Ninguno.',
  'charter.versions': '{count} versiones',
  'charter.enacted': 'Aprobada el {date}',
  'rule.heading': 'Norma: {title}',
  'rule.back': 'Volver al estatuto',
  'rule.version': 'Versión {version}',
  'rule.notFound': 'No existe esa norma en esta fecha.',
  'rule.vote': 'La votación',
  'rule.status.in-force': 'en vigor',
  'rule.status.repealed': 'derogada',
  'tally.caption': 'Recuento de la votación',
  'tally.choice': 'Opción',
  'tally.count': 'Votos',
  'tally.share': 'Proporción',
  'tally.method': 'Método: {method}',
  'tally.outcome': 'Resultado: {outcome}',
  'tally.chart': 'Gráfico de barras del recuento',
  'tally.none': 'No hay recuento registrado.',
  'choice.yes': 'Sí',
  'choice.no': 'No',
  'choice.abstain': 'Abstención',
  'outcome.adopted': 'aprobada',
  'outcome.rejected': 'rechazada',
  'structure.heading': 'Organización',
  'structure.phase': 'Fase',
  'structure.phase.INTERIM': 'Provisional',
  'structure.phase.FINAL': 'Definitiva',
  'structure.committee': 'Comité',
  'structure.branches': 'Secciones',
  'structure.chapters': 'Capítulos',
  'structure.members': 'Miembros',
  'structure.name': 'Nombre',
  'structure.region': 'Región',
  'verify.heading': 'Verificar un evento en el registro',
  'verify.position': 'Posición en el registro',
  'verify.run': 'Verificar',
  'verify.pinned': 'Clave pública fijada (SPKI PEM)',
  'verify.pinHelp':
    'Se guarda en este navegador. Si está fijada, un punto de control firmado con otra clave no se verifica.',
  'verify.savePin': 'Guardar clave fijada',
  'verify.clearPin': 'Olvidar clave fijada',
  'verify.verified': 'Verificado',
  'verify.notVerified': 'No verificado',
  'verify.leaf': 'El hash de la hoja y la ruta de auditoría llevan a la raíz firmada',
  'verify.leafBad': 'La ruta de auditoría no lleva a la raíz firmada',
  'verify.positionBad': 'La entrada no es la solicitada',
  'verify.signature': 'La firma Ed25519 del punto de control es válida',
  'verify.signatureBad': 'La firma del punto de control no es válida',
  'verify.noEd25519': 'Este navegador no puede comprobar firmas Ed25519 con WebCrypto; la firma no se comprobó',
  'verify.pinMatch': 'La clave de firma coincide con su clave fijada',
  'verify.pinMismatch': 'La clave de firma no es su clave fijada',
  'verify.treeSize': 'Tamaño del árbol',
  'verify.root': 'Hash raíz',
  'verify.leafText': 'Hoja',
  'tracker.heading': 'Buscar mi papeleta en el recuento publicado',
  'tracker.referendum': 'Identificador del referéndum',
  'tracker.tracker': 'Mi código de seguimiento',
  'tracker.find': 'Buscar',
  'tracker.found': 'Su papeleta está en el recuento publicado: {choice}',
  'tracker.missing': 'No hay ninguna papeleta con ese código en el recuento publicado.',
};

const catalogues: Record<string, Partial<Record<MessageKey, string>>> = { en, es };
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
];

const stored = localStorage.getItem('plenary-audit-language');
export const language = signal(stored !== null && stored in catalogues ? stored : 'en');

export function setLanguage(code: string): void {
  localStorage.setItem('plenary-audit-language', code);
  document.documentElement.lang = code;
  language.set(code);
}

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = catalogues[language.get()][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    return typeof value === 'number' ? formatNumber(value) : (value ?? '');
  });
}

/** A value the API records in English (a choice, an outcome), in the reader's language when the catalogue has it. */
export function label(prefix: 'choice' | 'outcome', value: string): string {
  const key = `${prefix}.${value}`;
  return key in en ? t(key as MessageKey) : value;
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(language.get(), options).format(value);
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(language.get(), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}
