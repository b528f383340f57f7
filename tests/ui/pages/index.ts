// Page objects of the UI tests, one per screen: locators and the steps a user takes there.
export { Screen } from './app';
export { Office, useOffice, type CreatedRequest, type OfficeOptions } from './office';
export { DashboardPage } from './dashboard';
export { CorrectionPage, NewRequestPage, type RequestForm } from './new-request';
export { RequestListPage } from './request-list';
export { ActionFormPart, RequestPage, type PartyLabel } from './request-view';
export { AgreementPage, AgreementsPage, FirstRunPage } from './agreements';
export { LetterPage, LetterTemplatesPage } from './letter-view';
export { MeetingPage, MeetingsPage, type NewMeeting } from './meetings';
export { BackupsPart, RecoveryPage, SettingsPage, type Letterhead } from './settings';
export { BreachListPage, BreachPage, NewBreachPage, type BreachForm } from './breaches';
export { RegisterImportPage } from './register-import';
export { AnnualReportPage } from './annual-report';
export { RetentionPage } from './retention';
