ALTER TABLE `requests` ADD `allocation_state` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `journal_head` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `event_count` integer DEFAULT 0 NOT NULL;