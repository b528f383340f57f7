CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
ALTER TABLE `requests` ADD `data_file_requested_on` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `data_file_received_on` text;