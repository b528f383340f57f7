ALTER TABLE `agreements` ADD `retention_years` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `requests` ADD `anonymised_on` text;