CREATE TABLE `conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`request_id` text NOT NULL,
	`field` text NOT NULL,
	`local` text,
	`remote` text,
	`remote_event_id` text NOT NULL,
	`remote_office` text NOT NULL,
	`created_at` text NOT NULL,
	`resolved_at` text,
	`resolution` text,
	`resolved_by` text,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `conflicts_agreement_idx` ON `conflicts` (`agreement_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `exchange_state` (
	`agreement_id` text PRIMARY KEY NOT NULL,
	`last_package_out` integer DEFAULT 0 NOT NULL,
	`last_package_in` integer DEFAULT 0 NOT NULL,
	`received` text NOT NULL,
	`peer_acknowledged` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `packages` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`direction` text NOT NULL,
	`number` integer NOT NULL,
	`at` text NOT NULL,
	`file_name` text NOT NULL,
	`counts` text NOT NULL,
	`changes` integer NOT NULL,
	`conflicts` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `packages_agreement_idx` ON `packages` (`agreement_id`,`at`);--> statement-breakpoint
CREATE TABLE `peers` (
	`agreement_id` text PRIMARY KEY NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`party` text NOT NULL,
	`signing_key` text NOT NULL,
	`encryption_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`paired_at` text NOT NULL,
	`paired_by` text NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
DROP INDEX `requests_agreement_year_seq_unique`;--> statement-breakpoint
ALTER TABLE `requests` ADD `ref_office` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `requests_agreement_ref_seq_unique` ON `requests` (`agreement_id`,`ref_office`,`year`,`seq`);--> statement-breakpoint
ALTER TABLE `events` ADD `agreement_id` text;--> statement-breakpoint
ALTER TABLE `events` ADD `office_id` text;--> statement-breakpoint
ALTER TABLE `events` ADD `office_seq` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `office_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `events_office_seq_unique` ON `events` (`agreement_id`,`office_id`,`office_seq`);