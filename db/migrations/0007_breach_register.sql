CREATE TABLE `breach_events` (
	`id` text PRIMARY KEY NOT NULL,
	`breach_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`breach_id`) REFERENCES `breaches`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `breach_events_breach_seq_unique` ON `breach_events` (`breach_id`,`seq`);--> statement-breakpoint
CREATE TABLE `breaches` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`reference` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`ref_office` text NOT NULL,
	`status` text NOT NULL,
	`rules` text NOT NULL,
	`known_at` text NOT NULL,
	`known_how` text NOT NULL,
	`discovered_by` text NOT NULL,
	`discoverer_name` text DEFAULT '' NOT NULL,
	`origin` text NOT NULL,
	`service` text NOT NULL,
	`hosting` text DEFAULT '' NOT NULL,
	`started_at` text,
	`ended_at` text,
	`nature` text NOT NULL,
	`data_categories` text NOT NULL,
	`person_categories` text NOT NULL,
	`persons_count` integer,
	`records_count` integer,
	`consequences` text DEFAULT '' NOT NULL,
	`measures` text DEFAULT '' NOT NULL,
	`security_incident` integer NOT NULL,
	`security_incident_only` integer NOT NULL,
	`high_risk` integer NOT NULL,
	`notified_at` text,
	`notified_to` text DEFAULT '[]' NOT NULL,
	`update_times` text DEFAULT '[]' NOT NULL,
	`cnil_decision` text,
	`notifying_party` text,
	`cnil_notification` text,
	`persons_communication` text,
	`closed_at` text,
	`closure_note` text,
	`journal_head` text,
	`event_count` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `breaches_reference_unique` ON `breaches` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `breaches_agreement_ref_seq_unique` ON `breaches` (`agreement_id`,`ref_office`,`year`,`seq`);--> statement-breakpoint
CREATE INDEX `breaches_status_idx` ON `breaches` (`status`,`known_at`);