ALTER TABLE `breach_events` ADD `agreement_id` text;--> statement-breakpoint
ALTER TABLE `breach_events` ADD `office_id` text;--> statement-breakpoint
ALTER TABLE `breach_events` ADD `office_seq` integer;--> statement-breakpoint
ALTER TABLE `breach_events` ADD `office_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `breach_events_office_seq_unique` ON `breach_events` (`agreement_id`,`office_id`,`office_seq`);