CREATE TABLE `agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`commune_name` text NOT NULL,
	`academie_name` text NOT NULL,
	`preset` text NOT NULL,
	`rules` text NOT NULL,
	`holiday_calendar` text DEFAULT 'metropole' NOT NULL,
	`dpd_contacts` text NOT NULL,
	`processor_name` text,
	`identity_documents` text NOT NULL,
	`letter_templates` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `agreements_code_unique` ON `agreements` (`code`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text,
	`meeting_id` text,
	`kind` text NOT NULL,
	`template_version` integer DEFAULT 1 NOT NULL,
	`title` text NOT NULL,
	`format` text NOT NULL,
	`content` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `documents_request_idx` ON `documents` (`request_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `events_request_seq_unique` ON `events` (`request_id`,`seq`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`date` text NOT NULL,
	`participants` text NOT NULL,
	`agenda` text,
	`minutes` text,
	`created_at` text NOT NULL,
	`closed_at` text,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `meetings_agreement_idx` ON `meetings` (`agreement_id`,`date`);--> statement-breakpoint
CREATE TABLE `request_rights` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`right` text NOT NULL,
	`outcome` text,
	`refusal_reason` text,
	`answered_on` text,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `request_rights_unique` ON `request_rights` (`request_id`,`right`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`reference` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`received_on` text NOT NULL,
	`channel` text NOT NULL,
	`medium` text NOT NULL,
	`requester_name` text NOT NULL,
	`requester_contact` text DEFAULT '' NOT NULL,
	`requester_category` text NOT NULL,
	`subject_name` text,
	`subject_is_minor` integer,
	`subject_relation` text,
	`school_id` text,
	`module_name` text,
	`module_owner` text,
	`schools_scope` text,
	`summary` text DEFAULT '' NOT NULL,
	`allocation_party` text,
	`allocation_status` text NOT NULL,
	`allocation_rule_id` text NOT NULL,
	`allocation_reason` text NOT NULL,
	`preemption` text,
	`identity_documents_received` text DEFAULT '[]' NOT NULL,
	`identity_documents_missing` text DEFAULT '[]' NOT NULL,
	`attachments` text DEFAULT '[]' NOT NULL,
	`extended` integer DEFAULT false NOT NULL,
	`extension_reasons` text,
	`extension_notified_on` text,
	`acknowledged_on` text,
	`response_deadline` text,
	`extended_deadline` text,
	`due_on` text,
	`status` text NOT NULL,
	`closed_on` text,
	`processor_received_on` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `requests_reference_unique` ON `requests` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `requests_agreement_year_seq_unique` ON `requests` (`agreement_id`,`year`,`seq`);--> statement-breakpoint
CREATE INDEX `requests_status_idx` ON `requests` (`status`);--> statement-breakpoint
CREATE INDEX `requests_party_idx` ON `requests` (`allocation_party`);--> statement-breakpoint
CREATE INDEX `requests_received_idx` ON `requests` (`received_on`);--> statement-breakpoint
CREATE INDEX `requests_due_idx` ON `requests` (`due_on`);--> statement-breakpoint
CREATE TABLE `schools` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`uai` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `schools_agreement_uai_unique` ON `schools` (`agreement_id`,`uai`);--> statement-breakpoint
CREATE TABLE `suspensions` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`kind` text NOT NULL,
	`what_asked` text NOT NULL,
	`sent_on` text NOT NULL,
	`received_on` text,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `suspensions_request_idx` ON `suspensions` (`request_id`);